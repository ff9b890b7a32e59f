namespace ExprGrad.Optimization.Tests;

/// <summary>What every optimizer promises: convergence on an easy problem, progress, cancellation, non-finite values.</summary>
public class SharedBehaviourTests
{
    [Theory]
    [MemberData(nameof(Optimizer.All), MemberType = typeof(Optimizer))]
    public void Reaches_the_minimizer_of_a_convex_quadratic(Optimizer optimizer)
    {
        DelegateGradient f = HandWritten.Quadratic(6);

        OptimizationResult r = optimizer.Minimize(f, new double[6]);

        Assert.Equal(StopReason.GradientConverged, r.Reason);
        Assert.True(r.Converged);
        Assert.True(r.GradientNorm <= 1e-8, $"|g| = {r.GradientNorm}");
        for (int i = 0; i < 6; i++) Assert.Equal(HandWritten.QuadraticMinimizer(i), r.X[i], 1e-8);
        Assert.Equal(0, r.Value, 1e-15);
        Assert.Equal(f.Calls, r.Evaluations);
    }

    [Theory]
    [MemberData(nameof(Optimizer.All), MemberType = typeof(Optimizer))]
    public void Reports_every_iteration_in_order_ending_at_the_result(Optimizer optimizer)
    {
        var progress = new RecordingProgress();

        OptimizationResult r = optimizer.Minimize(HandWritten.Quadratic(4), new double[4], progress: progress);

        Assert.Equal(r.Iterations, progress.Reports.Count);
        Assert.True(r.Iterations > 0);
        for (int k = 0; k < progress.Reports.Count; k++) Assert.Equal(k + 1, progress.Reports[k].Iteration);
        // The run converged, so the last report is the returned point.
        Assert.Equal(r.Value, progress.Reports[^1].Value);
        Assert.Equal(r.GradientNorm, progress.Reports[^1].GradientNorm);
    }

    [Theory]
    [MemberData(nameof(Optimizer.All), MemberType = typeof(Optimizer))]
    public void Cancellation_stops_at_the_next_iteration_with_the_best_point_so_far(Optimizer optimizer)
    {
        using var cts = new CancellationTokenSource();
        var progress = new RecordingProgress(p => { if (p.Iteration == 5) cts.Cancel(); });
        DelegateGradient f = HandWritten.Quadratic(6);
        double[] x0 = new double[6];
        double startValue = f.Value(x0);

        OptimizationResult r = optimizer.Minimize(f, x0, progress: progress, cancellationToken: cts.Token);

        Assert.Equal(StopReason.Cancelled, r.Reason);
        Assert.False(r.Converged);
        Assert.Equal(5, r.Iterations);
        double best = Math.Min(startValue, progress.Reports.Min(p => p.Value));
        Assert.Equal(best, r.Value);
        Assert.Equal(r.Value, f.Value(r.X), 1e-12);
    }

    [Theory]
    [MemberData(nameof(Optimizer.All), MemberType = typeof(Optimizer))]
    public void An_already_cancelled_token_returns_the_start_point(Optimizer optimizer)
    {
        double[] x0 = [3, -2];

        OptimizationResult r = optimizer.Minimize(HandWritten.Rosenbrock(), x0, cancellationToken: new CancellationToken(canceled: true));

        Assert.Equal(StopReason.Cancelled, r.Reason);
        Assert.Equal(x0, r.X);
        Assert.Equal(0, r.Iterations);
        Assert.Equal(1, r.Evaluations);
    }

    [Theory]
    [MemberData(nameof(Optimizer.All), MemberType = typeof(Optimizer))]
    public void A_function_that_turns_NaN_stops_with_the_last_finite_point(Optimizer optimizer)
    {
        DelegateGradient clean = HandWritten.Quadratic(6);
        DelegateGradient f = HandWritten.TurningNaNAfter(HandWritten.Quadratic(6), goodCalls: 4);
        double[] x0 = new double[6];

        OptimizationResult r = optimizer.Minimize(f, x0);

        Assert.Equal(StopReason.NonFiniteValue, r.Reason);
        Assert.False(r.Converged);
        Assert.All(r.X, v => Assert.True(double.IsFinite(v)));
        Assert.True(double.IsFinite(r.Value) && double.IsFinite(r.GradientNorm));
        Assert.Equal(clean.Value(r.X), r.Value, 1e-12);
        Assert.True(r.Value <= clean.Value(x0));
    }

    [Theory]
    [MemberData(nameof(Optimizer.All), MemberType = typeof(Optimizer))]
    public void A_non_finite_start_value_stops_at_once(Optimizer optimizer)
    {
        double[] x0 = [-1];

        OptimizationResult r = optimizer.Minimize(HandWritten.SquareRootWell(), x0);

        Assert.Equal(StopReason.NonFiniteValue, r.Reason);
        Assert.Equal(x0, r.X);
        Assert.True(double.IsNaN(r.Value));
        Assert.Equal(0, r.Iterations);
        Assert.Equal(1, r.Evaluations);
    }

    [Theory]
    [MemberData(nameof(Optimizer.All), MemberType = typeof(Optimizer))]
    public void A_non_finite_gradient_with_a_finite_value_is_not_accepted(Optimizer optimizer)
    {
        // f = x² with a gradient that is infinite everywhere: no step can be trusted.
        var f = new DelegateGradient(1, (x, g) =>
        {
            g[0] = double.PositiveInfinity;
            return x[0] * x[0];
        });

        OptimizationResult r = optimizer.Minimize(f, [2.0]);

        Assert.Equal(StopReason.NonFiniteValue, r.Reason);
        Assert.Equal(0, r.Iterations);
    }

    [Theory]
    [MemberData(nameof(Optimizer.All), MemberType = typeof(Optimizer))]
    public void Stops_at_the_iteration_limit(Optimizer optimizer)
    {
        DelegateGradient f = HandWritten.Quadratic(6);
        double[] x0 = new double[6];

        OptimizationResult r = optimizer.Minimize(f, x0, maxIterations: 3);

        Assert.Equal(StopReason.IterationLimit, r.Reason);
        Assert.Equal(3, r.Iterations);
        Assert.True(r.Value < f.Value(x0), $"f = {r.Value}, f(x0) = {f.Value(x0)}");
    }

    [Theory]
    [MemberData(nameof(Optimizer.All), MemberType = typeof(Optimizer))]
    public void A_start_at_the_minimum_converges_without_a_step(Optimizer optimizer)
    {
        OptimizationResult r = optimizer.Minimize(HandWritten.Rosenbrock(), [1.0, 1.0]);

        Assert.Equal(StopReason.GradientConverged, r.Reason);
        Assert.Equal(0, r.Iterations);
        Assert.Equal(1, r.Evaluations);
        Assert.Equal(0, r.Value);
    }

    [Theory]
    [MemberData(nameof(Optimizer.All), MemberType = typeof(Optimizer))]
    public void Every_report_carries_the_point_whose_value_it_reports(Optimizer optimizer)
    {
        DelegateGradient f = HandWritten.Quadratic(4);
        var copies = new List<double[]>();
        var progress = new RecordingProgress(p => copies.Add(p.Point.ToArray()));

        OptimizationResult r = optimizer.Minimize(f, new double[4], progress: progress);

        Assert.Equal(progress.Reports.Count, copies.Count);
        for (int k = 0; k < copies.Count; k++) Assert.Equal(progress.Reports[k].Value, f.Value(copies[k]), 1e-12);
        Assert.Equal(r.X, copies[^1]);   // converged: the result is the last reported point
    }
}
