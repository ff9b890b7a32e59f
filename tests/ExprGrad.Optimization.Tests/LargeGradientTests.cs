namespace ExprGrad.Optimization.Tests;

/// <summary>
/// Gradients far beyond √double.MaxValue (~1.3e154) are finite and must be handled as such: the norm, the
/// line-search slope, L-BFGS's scaling and Adam's second moment never square them in the open (issue 11,
/// item 4: all four optimizers stopped at once with NonFiniteValue on a gradient of 1e200).
/// </summary>
public class LargeGradientTests
{
    private const double Scale = 1e199;   // |g(0)| ≈ 1.3e200, f(0) ≈ 5e199

    [Theory]
    [InlineData(new[] { 3e200, 4e200 }, 5e200)]
    [InlineData(new[] { 3e-200, -4e-200 }, 5e-200)]
    [InlineData(new[] { 1e308, 1e308 }, 1.4142135623730951e308)]
    [InlineData(new[] { 0.0, 0.0 }, 0.0)]
    [InlineData(new[] { 3.0, 4.0 }, 5.0)]
    public void The_norm_neither_overflows_nor_underflows(double[] v, double expected) =>
        Assert.Equal(expected, SpanMath.Norm(v), expected * 1e-15);

    [Fact]
    public void The_norm_propagates_NaN_and_infinity()
    {
        Assert.True(double.IsNaN(SpanMath.Norm([1e200, double.NaN])));
        Assert.Equal(double.PositiveInfinity, SpanMath.Norm([1e200, double.NegativeInfinity]));
    }

    public static TheoryData<string, Func<IGradient, double[], OptimizationResult>> ScaledOptimizers => new()
    {
        // L-BFGS and Adam are invariant to the scale of f; gradient descent's first step and momentum's rate are
        // multiples of g, so they are given in the problem's units.
        { "Lbfgs", (f, x) => Lbfgs.Minimize(f, x) },
        { "TrustRegion", (f, x) => TrustRegion.Minimize((IHessian)f, x) },
        { "Adam", (f, x) => Adam.Minimize(f, x, new AdamOptions { LearningRate = 0.05, MaxIterations = 3_000 }) },
        { "GradientDescent", (f, x) => GradientDescent.Minimize(f, x, new GradientDescentOptions { InitialStep = 1 / Scale, MaxIterations = 3_000 }) },
        { "Momentum", (f, x) => Momentum.Minimize(f, x, new MomentumOptions { LearningRate = 0.02 / Scale, MaxIterations = 3_000 }) },
    };

    [Theory]
    [MemberData(nameof(ScaledOptimizers))]
    public void Every_optimizer_minimises_a_function_whose_gradient_is_1e200(string name, Func<IGradient, double[], OptimizationResult> minimize)
    {
        DelegateGradient f = HandWritten.Quadratic(6, Scale);
        double[] x0 = new double[6];
        double start = f.Value(x0);

        OptimizationResult r = minimize(f, x0);

        Assert.NotEqual(StopReason.NonFiniteValue, r.Reason);
        Assert.True(r.Value <= 1e-8 * start, $"{name}: {r}");
        double[] g = new double[6];
        f.ValueAndGradient(r.X, g);
        Assert.Equal(ReferenceNorm(g), r.GradientNorm, ReferenceNorm(g) * 1e-14);
        for (int i = 0; i < 6; i++) Assert.Equal(HandWritten.QuadraticMinimizer(i), r.X[i], 1e-3);
    }

    [Fact]
    public void The_first_progress_report_carries_the_true_norm_of_a_1e200_gradient()
    {
        var progress = new RecordingProgress();
        DelegateGradient f = HandWritten.Quadratic(6, Scale);

        Lbfgs.Minimize(f, new double[6], new LbfgsOptions { MaxIterations = 1 }, progress);

        Assert.Single(progress.Reports);
        Assert.True(double.IsFinite(progress.Reports[0].GradientNorm) && progress.Reports[0].GradientNorm > 1e150);
    }

    /// <summary>|g| computed with the scale taken out by hand.</summary>
    private static double ReferenceNorm(double[] g) => Scale * Math.Sqrt(g.Sum(v => (v / Scale) * (v / Scale)));
}
