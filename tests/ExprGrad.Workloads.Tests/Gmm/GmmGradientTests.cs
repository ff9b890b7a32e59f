namespace ExprGrad.Workloads.Tests;

/// <summary>The hand-written GMM gradient checked by GradCheck (central differences of the hand primal), on real instances.</summary>
public class GmmGradientTests
{
    // The 1k objectives are O(1e4), where a fixed step's round-off eps |f| / h dominates (1.5e-5 relative at h = 1e-6):
    // GradCheck picks each coordinate's step and judges against its own error estimate.
    [SkippableTheory]
    [InlineData("test.txt")]
    [InlineData("1k/gmm_d2_K5.txt")]
    [InlineData("1k/gmm_d10_K5.txt")]
    public void Gradient_passes_GradCheck(string file)
    {
        Skip.If(!GmmData.Available, GmmReferenceTests.Missing);
        var gmm = new Gmm(GmmData.Load(file));
        FiniteDifference.Check(gmm, gmm.StartPoint());
        FiniteDifference.Check(gmm, FiniteDifference.NearStart(gmm, seed: 7));
    }

    [SkippableTheory]
    [InlineData("test.txt")]
    [InlineData("1k/gmm_d10_K5.txt")]
    public void Hand_code_allocates_nothing_per_call(string file)
    {
        Skip.If(!GmmData.Available, GmmReferenceTests.Missing);
        Allocations.AssertNone(new Gmm(GmmData.Load(file)));
    }

    [SkippableFact]
    public void Value_and_gradient_returns_the_primal_value()
    {
        Skip.If(!GmmData.Available, GmmReferenceTests.Missing);
        var gmm = new Gmm(GmmData.Load("1k/gmm_d10_K5.txt"));
        double[] x = FiniteDifference.NearStart(gmm, seed: 11);
        Close.Relative(gmm.Value(x), gmm.ValueAndGradient(x, new double[gmm.Dimension]), 1e-14, gmm.Name);
    }
}
