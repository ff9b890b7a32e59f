namespace ExprGrad.Workloads.Tests;

/// <summary>
/// The workloads written with Scalar.Sum (data passed as data) against the same hand-written code as their
/// unrolled twins: compiled (both backends, data bound, and in parallel) and tape gradients to 1e-10 relative at the start
/// point and a seeded random point; compiled code whose size does not grow with n and that runs on new data.
/// </summary>
public class SumVariantTests
{
    private static readonly Dictionary<string, Func<Workload>> Workloads = new()
    {
        ["Rosenbrock (Sum) n=100"] = () => new RosenbrockSum(100),
        ["Rosenbrock (Sum) n=10000"] = () => new RosenbrockSum(10_000),
        ["MLP (Sum)"] = () => new MlpSum(),
    };

    public static TheoryData<string, string> Cases()
    {
        var data = new TheoryData<string, string>();
        foreach (string name in Workloads.Keys) foreach (string mode in AdModes.SumNames) data.Add(name, mode);
        return data;
    }

    public static TheoryData<string, string> GmmCases()
    {
        var data = new TheoryData<string, string>();
        foreach (string file in new[] { "1k/gmm_d2_K5.txt", "1k/gmm_d10_K5.txt" }) foreach (string mode in AdModes.SumNames) data.Add(file, mode);
        // A body of ~10,000 statements: cut into chunks, serial and in parallel blocks.
        data.Add("1k/gmm_d10_K25.txt", "compiled-fec");
        data.Add("1k/gmm_d10_K25.txt", "compiled-parallel");
        return data;
    }

    [Theory, MemberData(nameof(Cases))]
    public void Gradient_equals_hand_gradient(string name, string mode)
    {
        Workload workload = Workloads[name]();
        IGradient ad = AdModes.Create(mode, workload);
        foreach (double[] x in AdModes.Points(workload)) AdModes.Compare(workload, ad, x, $"{name} / {mode}");
    }

    [SkippableTheory, MemberData(nameof(GmmCases))]
    public void Gmm_gradient_equals_hand_gradient(string file, string mode)
    {
        Skip.If(!GmmData.Available, GmmReferenceTests.Missing);
        var gmm = new GmmSum(GmmData.Load(file));
        IGradient ad = AdModes.Create(mode, gmm);
        foreach (double[] x in AdModes.Points(gmm)) AdModes.Compare(gmm, ad, x, $"{gmm.Name} / {mode}");
    }

    [SkippableFact]
    public void Gmm_test_instance_matches_ADBench_expected_values_to_1e_8()
    {
        Skip.If(!GmmData.Available, GmmReferenceTests.Missing);
        var gmm = new GmmSum(GmmData.Load("test.txt"));
        var expected = GmmExpected.Load(GmmData.PathOf("test.expected.txt"));
        var gradient = new double[gmm.Dimension];
        double objective = AdModes.Create("compiled-fec", gmm).ValueAndGradient(gmm.StartPoint(), gradient);
        Close.Adbench(expected.Objective, objective, 1e-8, "objective");
        for (int i = 0; i < gradient.Length; i++) Close.Adbench(expected.Gradient[i], gradient[i], 1e-8, $"gradient[{i}]");
    }

    [SkippableFact]
    public void Gmm_compiled_code_does_not_grow_with_the_number_of_points()
    {
        Skip.If(!GmmData.Available, GmmReferenceTests.Missing);
        var small = new GmmSum(GmmData.Load("1k/gmm_d2_K5.txt"));
        var large = new GmmSum(GmmData.Load("10k/gmm_d2_K5.txt"));
        CompiledGradient compiledSmall = small.Compile(), compiledLarge = large.Compile();
        Assert.Equal(2_000, compiledSmall.DataLength);
        Assert.Equal(20_000, compiledLarge.DataLength);
        Assert.Equal(compiledSmall.StatementCount, compiledLarge.StatementCount);
        Assert.Equal(compiledSmall.NodeCount, compiledLarge.NodeCount);
        Close.Relative(-52512.306054523615, large.Ready(compiledLarge).Value(large.StartPoint()), 1e-10, "10k objective (reference value of the data README)");
    }

    [Fact]
    public void Rosenbrock_compiled_code_does_not_grow_with_n()
    {
        Assert.Equal(new RosenbrockSum(100).Compile().StatementCount, new RosenbrockSum(10_000).Compile().StatementCount);
    }

    [Fact]
    public void Compiled_once_it_runs_on_new_data()
    {
        var mlp = new MlpSum();
        CompiledGradient compiled = mlp.Compile();
        double[] w = mlp.StartPoint();
        double[] original = mlp.Data.ToArray();
        double[] changed = [.. original.Select((v, i) => i % MlpSum.Stride == Mlp.Inputs ? -v : v + 0.01)];
        var (originalValue, _) = AdModes.Evaluate(compiled.Bind(original), w);
        var gradient = new double[mlp.Dimension];
        double value = compiled.ValueAndGradient(w, changed, gradient);
        var (expectedValue, expected) = AdModes.Evaluate(Grad.Tape(mlp.DataFunction, mlp.Dimension, changed), w);
        AdModes.Compare(expectedValue, expected, value, gradient, "MLP (Sum) compiled once, on new data, vs tape on that data");
        Assert.True(Math.Abs(value - originalValue) > 1e-3, $"the loss on the changed data ({value:R}) should differ from the original ({originalValue:R})");
    }

    [SkippableFact]
    public void Function_closed_over_the_data_serves_tape_and_forward_mode()
    {
        Skip.If(!GmmData.Available, GmmReferenceTests.Missing);
        var gmm = new GmmSum(GmmData.Load("test.txt"));
        foreach (IGradient g in new[] { Grad.Tape(gmm.Function, gmm.Dimension), Grad.Forward(gmm.Function, gmm.Dimension) })
            foreach (double[] x in AdModes.Points(gmm)) AdModes.Compare(gmm, g, x, $"GMM (Sum) test.txt, Function in {g.GetType().Name}");
    }
}
