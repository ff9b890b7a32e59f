namespace ExprGrad.Optimization.Tests;

/// <summary>Bad input throws an <see cref="ArgumentException"/> whose message names the problem, before any evaluation.</summary>
public class ArgumentValidationTests
{
    [Theory]
    [MemberData(nameof(Optimizer.All), MemberType = typeof(Optimizer))]
    public void A_null_function_is_rejected(Optimizer optimizer)
    {
        var e = Assert.Throws<ArgumentNullException>(() => optimizer.Minimize(null!, [1.0]));
        Assert.Equal("f", e.ParamName);
    }

    [Theory]
    [MemberData(nameof(Optimizer.All), MemberType = typeof(Optimizer))]
    public void A_start_of_the_wrong_length_is_rejected(Optimizer optimizer)
    {
        DelegateGradient f = HandWritten.Quadratic(3);

        var e = Assert.Throws<ArgumentException>(() => optimizer.Minimize(f, [1.0, 2.0]));

        Assert.Equal("x0", e.ParamName);
        Assert.Contains("length 2", e.Message);
        Assert.Contains("Dimension 3", e.Message);
        Assert.Equal(0, f.Calls);
    }

    [Theory]
    [MemberData(nameof(Optimizer.All), MemberType = typeof(Optimizer))]
    public void A_non_finite_start_entry_is_rejected(Optimizer optimizer)
    {
        DelegateGradient f = HandWritten.Quadratic(3);

        var e = Assert.Throws<ArgumentException>(() => optimizer.Minimize(f, [1.0, double.NaN, 0]));

        Assert.Equal("x0", e.ParamName);
        Assert.Contains("x0[1]", e.Message);
        Assert.Equal(0, f.Calls);
    }

    public static TheoryData<string, Func<IGradient, double[], OptimizationResult>> BadOptions => new()
    {
        { "LbfgsOptions.HistorySize", (f, x) => Lbfgs.Minimize(f, x, new LbfgsOptions { HistorySize = 0 }) },
        { "LbfgsOptions.HistorySize", (f, x) => Lbfgs.Minimize(f, x, new LbfgsOptions { HistorySize = int.MaxValue }) },
        { "LbfgsOptions.UnboundedThreshold", (f, x) => Lbfgs.Minimize(f, x, new LbfgsOptions { UnboundedThreshold = 0 }) },
        { "AdamOptions.UnboundedThreshold", (f, x) => Adam.Minimize(f, x, new AdamOptions { UnboundedThreshold = double.NaN }) },
        { "LbfgsOptions.Curvature", (f, x) => Lbfgs.Minimize(f, x, new LbfgsOptions { SufficientDecrease = 0.5, Curvature = 0.4 }) },
        { "LbfgsOptions.SufficientDecrease", (f, x) => Lbfgs.Minimize(f, x, new LbfgsOptions { SufficientDecrease = 0 }) },
        { "LbfgsOptions.MaxLineSearchEvaluations", (f, x) => Lbfgs.Minimize(f, x, new LbfgsOptions { MaxLineSearchEvaluations = 0 }) },
        { "LbfgsOptions.MaxIterations", (f, x) => Lbfgs.Minimize(f, x, new LbfgsOptions { MaxIterations = -1 }) },
        { "LbfgsOptions.GradientTolerance", (f, x) => Lbfgs.Minimize(f, x, new LbfgsOptions { GradientTolerance = double.NaN }) },
        { "LbfgsOptions.RelativeTolerance", (f, x) => Lbfgs.Minimize(f, x, new LbfgsOptions { RelativeTolerance = -1e-9 }) },
        { "GradientDescentOptions.InitialStep", (f, x) => GradientDescent.Minimize(f, x, new GradientDescentOptions { InitialStep = 0 }) },
        { "GradientDescentOptions.ShrinkFactor", (f, x) => GradientDescent.Minimize(f, x, new GradientDescentOptions { ShrinkFactor = 1 }) },
        { "GradientDescentOptions.SufficientDecrease", (f, x) => GradientDescent.Minimize(f, x, new GradientDescentOptions { SufficientDecrease = 1 }) },
        { "MomentumOptions.LearningRate", (f, x) => Momentum.Minimize(f, x, new MomentumOptions { LearningRate = -0.1 }) },
        { "MomentumOptions.Momentum", (f, x) => Momentum.Minimize(f, x, new MomentumOptions { Momentum = 1 }) },
        { "AdamOptions.LearningRate", (f, x) => Adam.Minimize(f, x, new AdamOptions { LearningRate = double.PositiveInfinity }) },
        { "AdamOptions.Beta1", (f, x) => Adam.Minimize(f, x, new AdamOptions { Beta1 = 1 }) },
        { "AdamOptions.Beta2", (f, x) => Adam.Minimize(f, x, new AdamOptions { Beta2 = -0.5 }) },
        { "TrustRegionOptions.InitialRadius", (f, x) => TrustRegion.Minimize(new FiniteDifferenceHessian(f), x, new TrustRegionOptions { InitialRadius = double.NaN }) },
        { "TrustRegionOptions.MaxConjugateGradientIterations", (f, x) => TrustRegion.Minimize(new FiniteDifferenceHessian(f), x, new TrustRegionOptions { MaxConjugateGradientIterations = 0 }) },
        { "AdamOptions.Epsilon", (f, x) => Adam.Minimize(f, x, new AdamOptions { Epsilon = 0 }) },
    };

    [Theory]
    [MemberData(nameof(BadOptions))]
    public void An_out_of_range_option_is_rejected_by_name(string setting, Func<IGradient, double[], OptimizationResult> minimize)
    {
        DelegateGradient f = HandWritten.Quadratic(2);

        var e = Assert.Throws<ArgumentException>(() => minimize(f, [0.0, 0.0]));

        Assert.Equal("options", e.ParamName);
        Assert.StartsWith(setting + " ", e.Message);
        Assert.Equal(0, f.Calls);
    }

    [Theory]
    [InlineData(int.MaxValue)]
    [InlineData(1_000_000_000)]
    public void A_history_too_large_for_the_dimension_is_rejected_before_allocating(int history)
    {
        DelegateGradient f = HandWritten.Quadratic(3);

        var e = Assert.Throws<ArgumentException>(() => Lbfgs.Minimize(f, [0.0, 0.0, 0.0], new LbfgsOptions { HistorySize = history }));

        Assert.StartsWith("LbfgsOptions.HistorySize is too large for Dimension 3", e.Message);
        Assert.Contains($"at most {Array.MaxLength / 3 - 1}", e.Message);
        Assert.Equal(0, f.Calls);
    }

    [Fact]
    public void The_history_limit_is_exactly_what_fits_in_one_array()
    {
        const int dimension = 100_000;
        int largest = Array.MaxLength / dimension - 1;

        new LbfgsOptions { HistorySize = largest }.Validate(dimension);
        Assert.Throws<ArgumentException>(() => new LbfgsOptions { HistorySize = largest + 1 }.Validate(dimension));
    }
}
