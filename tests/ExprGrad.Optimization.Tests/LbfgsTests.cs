namespace ExprGrad.Optimization.Tests;

public class LbfgsTests
{
    [Fact]
    public void Solves_Rosenbrock_from_the_standard_start()
    {
        OptimizationResult r = Lbfgs.Minimize(HandWritten.Rosenbrock(), HandWritten.RosenbrockStart());

        Assert.True(r.Converged, r.ToString());
        Assert.Equal(1, r.X[0], 1e-7);
        Assert.Equal(1, r.X[1], 1e-7);
        Assert.True(r.Value < 1e-14, r.ToString());
        Assert.InRange(r.Iterations, 20, 60); // textbook L-BFGS needs about 35 here
    }

    [Theory]
    [InlineData(1)]
    [InlineData(3)]
    [InlineData(10)]
    [InlineData(30)]
    public void Converges_with_any_history_size(int history)
    {
        OptimizationResult r = Lbfgs.Minimize(HandWritten.Rosenbrock(20), HandWritten.RosenbrockStart(20),
            new LbfgsOptions { HistorySize = history, MaxIterations = 5_000 });

        Assert.True(r.Converged, r.ToString());
        Assert.All(r.X, v => Assert.Equal(1, v, 1e-6));
    }

    [Fact]
    public void A_longer_history_needs_fewer_iterations_on_an_ill_conditioned_quadratic()
    {
        DelegateGradient f = HandWritten.Quadratic(50);

        int shortHistory = Lbfgs.Minimize(f, new double[50], new LbfgsOptions { HistorySize = 2 }).Iterations;
        int longHistory = Lbfgs.Minimize(f, new double[50], new LbfgsOptions { HistorySize = 20 }).Iterations;

        Assert.True(longHistory < shortHistory, $"history 20: {longHistory} iterations, history 2: {shortHistory}");
    }

    [Fact]
    public void Backs_off_when_a_step_leaves_the_domain_and_still_converges()
    {
        // From x = 0.01 the unit-scaled first step lands at x < 0 where √x is NaN.
        OptimizationResult r = Lbfgs.Minimize(HandWritten.SquareRootWell(), [0.01]);

        Assert.True(r.Converged, r.ToString());
        Assert.Equal(1, r.X[0], 1e-7);
        Assert.Equal(-1, r.Value, 1e-14);
    }

    [Fact]
    public void The_relative_change_test_stops_at_the_first_step_that_gains_less_than_the_tolerance()
    {
        const double tolerance = 0.3;
        var progress = new RecordingProgress();
        double f0 = HandWritten.Rosenbrock().Value(HandWritten.RosenbrockStart());

        OptimizationResult r = Lbfgs.Minimize(HandWritten.Rosenbrock(), HandWritten.RosenbrockStart(),
            new LbfgsOptions { GradientTolerance = 0, RelativeTolerance = tolerance }, progress);

        Assert.Equal(StopReason.RelativeChangeConverged, r.Reason);
        double[] values = [f0, .. progress.Reports.Select(p => p.Value)];
        static bool Small(double a, double b) => Math.Abs(a - b) <= tolerance * Math.Max(Math.Abs(a), Math.Abs(b));
        Assert.True(Small(values[^2], values[^1]));
        for (int k = 1; k < values.Length - 1; k++) Assert.False(Small(values[k - 1], values[k]), $"step {k}");
    }

    [Fact]
    public void Reports_a_line_search_failure_when_no_step_decreases_f()
    {
        // The gradient points the wrong way: every step along −g goes uphill.
        var f = new DelegateGradient(1, (x, g) =>
        {
            g[0] = -2 * x[0];
            return x[0] * x[0];
        });

        OptimizationResult r = Lbfgs.Minimize(f, [1.0]);

        Assert.Equal(StopReason.LineSearchFailed, r.Reason);
        Assert.Equal(1.0, r.X[0]);
        Assert.Equal(0, r.Iterations);
    }
}
