namespace ExprGrad.Workloads.Tests;

/// <summary>
/// The AD versions of the workloads (what users write) against the hand-written code (what experts write):
/// compiled (both backends) and tape gradients equal the hand gradient to 1e-10 relative,
/// |ad - hand| / max(1, |hand|), at the start point and a seeded random point.
/// </summary>
public class AutomaticModesTests
{
    public static TheoryData<string, string> Cases()
    {
        var data = new TheoryData<string, string>();
        foreach (string name in new[] { "Rosenbrock n=2", "Rosenbrock n=100", "MLP", "Lecture neuron", "Lecture quadratic", "Sin chain 1000", "Random program 2000" })
            foreach (string mode in AdModes.Names)
                data.Add(name, mode);
        return data;
    }

    [Theory, MemberData(nameof(Cases))]
    public void Automatic_gradient_equals_hand_gradient(string name, string mode)
    {
        Workload workload = WorkloadTable.Create(name);
        IGradient ad = AdModes.Create(mode, workload);
        foreach (double[] x in AdModes.Points(workload)) AdModes.Compare(workload, ad, x, $"{name} / {mode}");
    }

    [SkippableTheory]
    [InlineData("compiled-fec")]
    [InlineData("compiled-system")]
    [InlineData("tape")]
    public void Gmm_test_instance_matches_ADBench_expected_values_to_1e_8(string mode)
    {
        Skip.If(!GmmData.Available, GmmReferenceTests.Missing);
        var gmm = new Gmm(GmmData.Load("test.txt"));
        var expected = GmmExpected.Load(GmmData.PathOf("test.expected.txt"));
        var gradient = new double[gmm.Dimension];
        double objective = AdModes.Create(mode, gmm).ValueAndGradient(gmm.StartPoint(), gradient);
        Close.Adbench(expected.Objective, objective, 1e-8, $"{mode} objective");
        for (int i = 0; i < gradient.Length; i++) Close.Adbench(expected.Gradient[i], gradient[i], 1e-8, $"{mode} gradient[{i}]");
    }

    [SkippableTheory]
    [InlineData("compiled-fec")]
    [InlineData("compiled-system")]
    public void Gmm_d2_K5_n1000_compiled_gradient_equals_hand_gradient(string mode)
    {
        Skip.If(!GmmData.Available, GmmReferenceTests.Missing);
        var gmm = new Gmm(GmmData.Load("1k/gmm_d2_K5.txt"));
        IGradient compiled = AdModes.Create(mode, gmm);
        Close.Relative(-5240.5905625496471, compiled.Value(gmm.StartPoint()), 1e-10, "objective (reference value of the data README)");
        AdModes.Compare(gmm, compiled, gmm.StartPoint(), $"GMM d=2 K=5 n=1000 / {mode}");
    }
}
