namespace ExprGrad.Optimization.Tests;

/// <summary>
/// No convergence is claimed while the gradient is large, and an objective unbounded below stops with
/// <see cref="StopReason.Unbounded"/> (issue 11, item 5: L-BFGS reported RelativeChangeConverged on x₀ + x₁²
/// at f = −3.3e35, |g| = 6.6e9).
/// </summary>
public class FalseConvergenceTests
{
    [Fact]
    public void A_tiny_step_on_a_steep_slope_is_a_stall_not_relative_convergence()
    {
        // The first step of 1e-20 changes f by ~1e-19 relative, far below the tolerance, while |g| ≈ 9.5
        // against f ≈ 22: the gradient gate refuses the claim, and the growing steps then really converge.
        var progress = new RecordingProgress();

        OptimizationResult r = GradientDescent.Minimize(HandWritten.Quadratic(6), new double[6],
            new GradientDescentOptions { InitialStep = 1e-20 }, progress);

        Assert.Equal(StopReason.GradientConverged, r.Reason);
        Assert.True(progress.Reports.Count > 60, $"{progress.Reports.Count} iterations");
    }

    [Fact]
    public void Lbfgs_on_the_probes_compiled_example_stops_as_unbounded_not_converged()
    {
        IGradient f = Grad.Compile(x => x[0] + Scalar.Square(x[1]), 2);

        OptimizationResult r = Lbfgs.Minimize(f, [1.0, 1.0]);

        Assert.Equal(StopReason.Unbounded, r.Reason);
        Assert.False(r.Converged);
        Assert.True(r.Value <= -1e20, r.ToString());
        Assert.Equal(f.Value(r.X), r.Value);
    }

    [Theory]
    [MemberData(nameof(Optimizer.All), MemberType = typeof(Optimizer))]
    public void Every_optimizer_stops_as_unbounded_at_the_first_point_below_the_threshold(Optimizer optimizer)
    {
        DelegateGradient f = HandWritten.ExponentialCliff();
        var progress = new RecordingProgress();

        OptimizationResult r = optimizer.Minimize(f, [0.0, 0.0], progress: progress);

        Assert.Equal(StopReason.Unbounded, r.Reason);
        Assert.False(r.Converged);
        Assert.True(r.Value <= -1e20, r.ToString());
        Assert.Equal(f.Value(r.X), r.Value);
        // Every earlier report was above the threshold: the run stopped at the first point below it.
        Assert.All(progress.Reports.SkipLast(1), p => Assert.True(p.Value > -1e20, $"iteration {p.Iteration}: f = {p.Value}"));
        Assert.Equal(r.Iterations, progress.Reports.Count);
    }

    [Fact]
    public void Without_the_threshold_a_runaway_objective_is_still_never_called_converged()
    {
        // Past f = −1e20 the relative change of a step is tiny while |g| keeps growing: the gradient gate
        // (|g| ≤ |g(x₀)|) is what refuses the relative-change test here.
        var options = new LbfgsOptions { UnboundedThreshold = double.NegativeInfinity, MaxIterations = 10_000 };

        OptimizationResult r = Lbfgs.Minimize(HandWritten.LinearPlusSquare(), [1.0, 1.0], options);

        Assert.False(r.Converged, r.ToString());
    }

    [Fact]
    public void A_start_at_minus_infinity_is_unbounded_at_once()
    {
        var f = new DelegateGradient(1, (x, g) =>
        {
            g[0] = double.NaN;
            return double.NegativeInfinity;
        });

        OptimizationResult r = Lbfgs.Minimize(f, [0.0]);

        Assert.Equal(StopReason.Unbounded, r.Reason);
        Assert.Equal(0, r.Iterations);
        Assert.Equal(double.NegativeInfinity, r.Value);
    }

    [Fact]
    public void A_lower_threshold_lets_a_legitimately_deep_minimum_converge()
    {
        // f = (x − 1)² − 1e25: its minimum is below the default threshold, so the default stops early...
        var f = new DelegateGradient(1, (x, g) =>
        {
            g[0] = 2 * (x[0] - 1);
            return (x[0] - 1) * (x[0] - 1) - 1e25;
        });

        Assert.Equal(StopReason.Unbounded, Lbfgs.Minimize(f, [0.0]).Reason);
        // ...and a threshold below it lets it converge.
        OptimizationResult r = Lbfgs.Minimize(f, [0.0], new LbfgsOptions { UnboundedThreshold = -1e30 });
        Assert.True(r.Converged, r.ToString());
        Assert.Equal(1, r.X[0], 1e-8);
    }
}
