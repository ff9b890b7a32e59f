namespace ExprGrad.Optimization.Tests;

public class LevenbergMarquardtTests
{
    [Fact]
    public void Solves_Rosenbrock_to_a_zero_residual()
    {
        DelegateJacobian r = Residuals.Rosenbrock();

        OptimizationResult fit = LevenbergMarquardt.Minimize(r, [-1.2, 1.0]);

        Assert.True(fit.Converged, fit.ToString());
        Assert.Equal(1, fit.X[0], 1e-12);
        Assert.Equal(1, fit.X[1], 1e-12);
        Assert.True(fit.Value < 1e-28, fit.ToString());
        Assert.Equal(r.Calls, fit.Evaluations);
        Assert.Equal(fit.Iterations + 1, r.JacobianCalls);
    }

    [Fact]
    public void Solves_Powell_badly_scaled_whose_variables_differ_by_ten_to_the_six()
    {
        OptimizationResult fit = LevenbergMarquardt.Minimize(Residuals.PowellBadlyScaled(), [0.0, 1.0]);

        Assert.True(fit.Converged, fit.ToString());
        Assert.Equal(1.098159329699e-5, fit.X[0], 1e-15);
        Assert.Equal(9.106146739867, fit.X[1], 1e-9);
    }

    [Fact]
    public void Reaches_Meyers_published_minimum()
    {
        OptimizationResult fit = LevenbergMarquardt.Minimize(Residuals.Meyer(), [0.02, 4000, 250]);

        Assert.True(fit.Converged, fit.ToString());
        Assert.Equal(87.9458, 2 * fit.Value, 5e-4);   // the paper's f = Σ rᵢ², six digits
    }

    [Fact]
    public void Reaches_Jennrich_and_Sampsons_nonzero_residual_minimum()
    {
        OptimizationResult fit = LevenbergMarquardt.Minimize(Residuals.JennrichSampson(), [0.3, 0.4]);

        Assert.True(fit.Converged, fit.ToString());
        Assert.Equal(124.362, 2 * fit.Value, 1e-3);
        Assert.Equal(0.2578, fit.X[0], 1e-4);
        Assert.Equal(0.2578, fit.X[1], 1e-4);
    }

    [Fact]
    public void A_rank_deficient_Jacobian_still_reaches_the_least_squares_minimum()
    {
        const int n = 4, m = 6;

        OptimizationResult fit = LevenbergMarquardt.Minimize(Residuals.LinearRank1(n, m), [1.0, 1.0, 1.0, 1.0]);

        Assert.True(fit.Converged, fit.ToString());
        Assert.Equal(m * (m - 1) / (2.0 * (2 * m + 1)), 2 * fit.Value, 1e-12);
    }

    [Fact]
    public void Fewer_residuals_than_variables_converge_to_a_zero_residual()
    {
        OptimizationResult fit = LevenbergMarquardt.Minimize(Residuals.Underdetermined(), [10.0, -4.0]);

        Assert.True(fit.Converged, fit.ToString());
        Assert.Equal(3, fit.X[0] + 2 * fit.X[1], 1e-12);
    }

    [Fact]
    public void Value_is_half_the_residual_sum_of_squares_and_the_gradient_norm_is_that_of_J_transposed_r()
    {
        DelegateJacobian r = Residuals.JennrichSampson();

        OptimizationResult fit = LevenbergMarquardt.Minimize(r, [0.3, 0.4], new LevenbergMarquardtOptions { MaxIterations = 2 });

        Assert.Equal(StopReason.IterationLimit, fit.Reason);
        Assert.Equal(r.HalfSumOfSquares(fit.X), fit.Value, 1e-12);
        double[] values = new double[10], jacobian = new double[20];
        r.Evaluate(fit.X, values, jacobian);
        double g0 = 0, g1 = 0;
        for (int i = 0; i < 10; i++) { g0 += jacobian[2 * i] * values[i]; g1 += jacobian[2 * i + 1] * values[i]; }
        Assert.Equal(Math.Sqrt(g0 * g0 + g1 * g1), fit.GradientNorm, 1e-9 * fit.GradientNorm);
    }

    [Fact]
    public void Every_accepted_step_is_reported_and_decreases_the_value()
    {
        var progress = new RecordingProgress();
        DelegateJacobian r = Residuals.Meyer();
        double[] x0 = [0.02, 4000, 250];

        OptimizationResult fit = LevenbergMarquardt.Minimize(r, x0, progress: progress);

        Assert.Equal(fit.Iterations, progress.Reports.Count);
        double previous = r.HalfSumOfSquares(x0);
        foreach (OptimizationProgress p in progress.Reports)
        {
            Assert.True(p.Value < previous, $"iteration {p.Iteration}: {p.Value} after {previous}");
            previous = p.Value;
        }
        Assert.Equal(fit.Value, previous);
    }

    [Fact]
    public void Residuals_that_turn_NaN_far_from_the_start_make_it_back_off_and_still_converge()
    {
        // r = (x − 3, 1/√x − 1/√3 scaled): NaN for x < 0, which the first long step reaches.
        var r = new DelegateJacobian(1, 2, (x, v, j) =>
        {
            v[0] = x[0] - 3;
            v[1] = 10 * (Math.Sqrt(x[0]) - Math.Sqrt(3));
            if (j.IsEmpty) return;
            j[0] = 1;
            j[1] = 5 / Math.Sqrt(x[0]);
        });

        OptimizationResult fit = LevenbergMarquardt.Minimize(r, [0.05], new LevenbergMarquardtOptions { InitialStepBound = 1e4 });

        Assert.True(fit.Converged, fit.ToString());
        Assert.Equal(3, fit.X[0], 1e-10);
    }

    [Fact]
    public void A_non_finite_start_stops_at_once()
    {
        var r = new DelegateJacobian(1, 1, (x, v, j) => { v[0] = double.NaN; if (!j.IsEmpty) j[0] = 1; });

        OptimizationResult fit = LevenbergMarquardt.Minimize(r, [1.0]);

        Assert.Equal(StopReason.NonFiniteValue, fit.Reason);
        Assert.Equal(0, fit.Iterations);
        Assert.Equal(1, fit.Evaluations);
    }

    [Fact]
    public void Residuals_that_are_NaN_everywhere_but_the_start_stop_as_non_finite()
    {
        var r = new DelegateJacobian(1, 1, (x, v, j) =>
        {
            v[0] = x[0] == 1 ? 1 : double.NaN;
            if (!j.IsEmpty) j[0] = 1;
        });

        OptimizationResult fit = LevenbergMarquardt.Minimize(r, [1.0]);

        Assert.Equal(StopReason.NonFiniteValue, fit.Reason);
        Assert.Equal([1.0], fit.X);
        Assert.Equal(0.5, fit.Value);
    }

    [Fact]
    public void Cancellation_stops_before_the_next_step_with_the_point_reached()
    {
        using var cts = new CancellationTokenSource();
        var progress = new RecordingProgress(p => { if (p.Iteration == 2) cts.Cancel(); });

        OptimizationResult fit = LevenbergMarquardt.Minimize(Residuals.Meyer(), [0.02, 4000, 250], progress: progress, cancellationToken: cts.Token);

        Assert.Equal(StopReason.Cancelled, fit.Reason);
        Assert.Equal(2, fit.Iterations);
        Assert.Equal(progress.Reports[^1].Value, fit.Value);
    }

    [Fact]
    public void A_zero_residual_start_converges_without_a_step()
    {
        OptimizationResult fit = LevenbergMarquardt.Minimize(Residuals.Rosenbrock(), [1.0, 1.0]);

        Assert.Equal(StopReason.GradientConverged, fit.Reason);
        Assert.Equal(0, fit.Iterations);
        Assert.Equal(1, fit.Evaluations);
    }

    public static TheoryData<string, LevenbergMarquardtOptions> BadOptions => new()
    {
        { "MaxIterations", new LevenbergMarquardtOptions { MaxIterations = -1 } },
        { "GradientTolerance", new LevenbergMarquardtOptions { GradientTolerance = 1 } },
        { "RelativeTolerance", new LevenbergMarquardtOptions { RelativeTolerance = double.NaN } },
        { "StepTolerance", new LevenbergMarquardtOptions { StepTolerance = -1e-3 } },
        { "InitialStepBound", new LevenbergMarquardtOptions { InitialStepBound = 0 } },
    };

    [Theory]
    [MemberData(nameof(BadOptions))]
    public void An_out_of_range_option_is_rejected_by_name(string setting, LevenbergMarquardtOptions options)
    {
        DelegateJacobian r = Residuals.Rosenbrock();

        var e = Assert.Throws<ArgumentException>(() => LevenbergMarquardt.Minimize(r, [0.0, 0.0], options));

        Assert.Equal("options", e.ParamName);
        Assert.StartsWith($"LevenbergMarquardtOptions.{setting} ", e.Message);
        Assert.Equal(0, r.Calls);
    }

    [Fact]
    public void Bad_arguments_are_rejected_before_any_evaluation()
    {
        DelegateJacobian r = Residuals.Rosenbrock();

        Assert.Equal("residuals", Assert.Throws<ArgumentNullException>(() => LevenbergMarquardt.Minimize(null!, [0.0, 0.0])).ParamName);
        var e = Assert.Throws<ArgumentException>(() => LevenbergMarquardt.Minimize(r, [0.0]));
        Assert.Equal("x0", e.ParamName);
        Assert.Contains("length 1", e.Message);
        Assert.Contains("Dimension 2", e.Message);
        Assert.Equal("x0", Assert.Throws<ArgumentException>(() => LevenbergMarquardt.Minimize(r, [0.0, double.PositiveInfinity])).ParamName);
        Assert.Equal(0, r.Calls);
    }

    [Fact]
    public void Iterations_allocate_nothing()
    {
        DelegateJacobian meyer = Residuals.Meyer();   // needs over 100 iterations, so 3 and 30 both hit the limit
        double[] x0 = [0.02, 4000, 250];
        OptimizationResult Run(int iterations) => LevenbergMarquardt.Minimize(meyer, x0, new LevenbergMarquardtOptions { MaxIterations = iterations }, NoProgress.Instance);
        Run(30);

        long before = GC.GetAllocatedBytesForCurrentThread();
        OptimizationResult few = Run(3);
        long afterFew = GC.GetAllocatedBytesForCurrentThread();
        OptimizationResult many = Run(30);
        long afterMany = GC.GetAllocatedBytesForCurrentThread();

        Assert.Equal(StopReason.IterationLimit, few.Reason);
        Assert.Equal(StopReason.IterationLimit, many.Reason);
        Assert.Equal(afterFew - before, afterMany - afterFew);
    }

    private sealed class NoProgress : IProgress<OptimizationProgress>
    {
        public static readonly NoProgress Instance = new();
        public void Report(OptimizationProgress value) { }
    }
}
