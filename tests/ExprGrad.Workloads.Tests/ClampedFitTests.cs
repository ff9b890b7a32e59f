namespace ExprGrad.Workloads.Tests;

/// <summary>
/// The branchy workload (issue 14): hand gradient against central differences, and every AD mode (compiled with its paths,
/// both backends and in parallel, and tape) against the hand gradient to 1e-10 relative, at points inside the penalty box,
/// outside it on either side, and where samples are clamped; one instance meets each path once and keeps it.
/// </summary>
public class ClampedFitTests
{
    // Inside the box (the start point); w0 past +2 and w2 past -2 (two penalty decisions differ); most samples clamped.
    private static readonly double[][] Points = [[0.1, 0.5, -0.2], [2.5, 0.5, -0.2], [0.1, 0.7, -2.3], [3.0, -3.0, 2.1], [0.1, 0.5, -0.2]];

    public static TheoryData<string> AllModes => [.. AdModes.SumNames];

    [Fact]
    public void Hand_gradient_matches_central_differences_on_every_path()
    {
        var fit = new ClampedFit();
        foreach (double[] x in Points) FiniteDifference.Check(fit, x);
        Allocations.AssertNone(fit);
    }

    [Theory, MemberData(nameof(AllModes))]
    public void Every_mode_equals_the_hand_gradient_on_every_path(string mode)
    {
        var fit = new ClampedFit();
        IGradient ad = AdModes.Create(mode, fit);
        foreach (double[] x in Points) AdModes.Compare(fit, ad, x, $"clamped fit / {mode} at ({string.Join(", ", x)})");
    }

    [Fact]
    public void One_instance_compiles_each_path_once()
    {
        var fit = new ClampedFit();
        CompiledGradient compiled = fit.Compile();
        IGradient bound = fit.Ready(compiled);
        foreach (double[] x in Points) bound.ValueAndGradient(x, new double[3]);
        Assert.Equal(4, compiled.PathCount);
        Assert.Equal(0, compiled.FallbackCount);
    }
}
