namespace ExprGrad.Workloads.Tests;

/// <summary>The hand-written GMM objective and gradient against ADBench's published numbers.</summary>
public class GmmReferenceTests
{
    internal static readonly string Missing =
        $"ADBench GMM data not found ({GmmData.WhereLooked}); set {GmmData.EnvironmentVariable} to the folder holding test.txt, 1k/ and 10k/.";

    [SkippableFact]
    public void Test_instance_objective_and_gradient_match_ADBench_to_1e_8()
    {
        Skip.If(!GmmData.Available, Missing);
        var gmm = new Gmm(GmmData.Load("test.txt"));
        var expected = GmmExpected.Load(GmmData.PathOf("test.expected.txt"));
        Assert.Equal(18, gmm.Dimension);
        Assert.Equal(gmm.Dimension, expected.Gradient.Length);

        var gradient = new double[gmm.Dimension];
        double objective = gmm.ValueAndGradient(gmm.StartPoint(), gradient);

        Close.Adbench(expected.Objective, objective, 1e-8, "objective");
        Close.Adbench(expected.Objective, gmm.Value(gmm.StartPoint()), 1e-8, "objective (Value)");
        for (int i = 0; i < gradient.Length; i++)
            Close.Adbench(expected.Gradient[i], gradient[i], 1e-8, $"gradient[{i}]");
    }

    [SkippableTheory]
    [InlineData("1k/gmm_d2_K5.txt", -5240.5905625496471)]
    [InlineData("10k/gmm_d2_K5.txt", -52512.306054523615)]
    public void Objective_matches_the_ADBench_reference_to_1e_10_relative(string file, double reference)
    {
        Skip.If(!GmmData.Available, Missing);
        var gmm = new Gmm(GmmData.Load(file));
        Close.Relative(reference, gmm.Value(gmm.StartPoint()), 1e-10, $"{file} objective (Value)");
        Close.Relative(reference, gmm.ValueAndGradient(gmm.StartPoint(), new double[gmm.Dimension]), 1e-10, $"{file} objective (ValueAndGradient)");
    }
}
