namespace ExprGrad.Workloads.Tests;

/// <summary>The hand-written GMM gradient against central differences of the hand primal, on real instances.</summary>
public class GmmGradientTests
{
    // Worst errors seen (start point / random point) in the comments; tolerances leave 10x or more. The 1k
    // objectives are O(1e4), so the round-off eps |f| / h dominates: it falls as the step grows (measured:
    // d=10 at the start point, 3.6e-5 at h = 1e-7, 1.5e-5 at 1e-6, 1e-6 at 1e-5, 4e-7 at 1e-4), which is
    // why those rows use h = 1e-4. A wrong derivative would be off by order 0.1 to 1.
    [SkippableTheory]
    [InlineData("test.txt", 1e-5, 1e-8)]           // 1.5e-10 / 1e-10
    [InlineData("1k/gmm_d2_K5.txt", 1e-4, 1e-5)]   // 1.8e-7 / 6.9e-8
    [InlineData("1k/gmm_d10_K5.txt", 1e-4, 1e-5)]  // 4.3e-7 / 2.2e-7
    public void Gradient_matches_central_differences(string file, double step, double tolerance)
    {
        Skip.If(!GmmData.Available, GmmReferenceTests.Missing);
        var gmm = new Gmm(GmmData.Load(file));
        FiniteDifference.Check(gmm, gmm.StartPoint(), step, tolerance);
        FiniteDifference.Check(gmm, FiniteDifference.NearStart(gmm, seed: 7), step, tolerance);
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
