namespace ExprGrad.Workloads.Tests;

/// <summary>
/// The AD versions of the workloads (what users write) against the hand-written code (what experts write):
/// compiled (both backends) and tape gradients equal the hand gradient to 1e-10 relative,
/// |ad - hand| / max(1, |hand|), at the start point and a seeded random point.
/// </summary>
public class AutomaticModesTests
{
    private const double Tolerance = 1e-10;

    public static TheoryData<string, string> Cases()
    {
        var data = new TheoryData<string, string>();
        foreach (string name in new[] { "Rosenbrock n=2", "Rosenbrock n=100", "MLP", "Lecture neuron", "Lecture quadratic" })
            foreach (string mode in new[] { "compiled-fec", "compiled-system", "tape" })
                data.Add(name, mode);
        return data;
    }

    [Theory, MemberData(nameof(Cases))]
    public void Automatic_gradient_equals_hand_gradient(string name, string mode)
    {
        Workload workload = WorkloadTable.Create(name);
        IGradient ad = Create(mode, workload);
        var random = new Random(7);
        double[] start = workload.StartPoint();
        double[] other = [.. start.Select(v => v + 0.1 * (random.NextDouble() - 0.5))];
        foreach (double[] x in new[] { start, other }) Compare(workload, ad, x, $"{name} / {mode}");
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
        double objective = Create(mode, gmm).ValueAndGradient(gmm.StartPoint(), gradient);
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
        IGradient compiled = Create(mode, gmm);
        Close.Relative(-5240.5905625496471, compiled.Value(gmm.StartPoint()), 1e-10, "objective (reference value of the data README)");
        Compare(gmm, compiled, gmm.StartPoint(), $"GMM d=2 K=5 n=1000 / {mode}");
    }

    private static IGradient Create(string mode, Workload w) => mode switch
    {
        "compiled-fec" => Grad.Compile(w.Function, w.Dimension, new GradOptions { Backend = CompilerBackend.FastExpressionCompiler }),
        "compiled-system" => Grad.Compile(w.Function, w.Dimension, new GradOptions { Backend = CompilerBackend.SystemLinqExpressions }),
        "tape" => Grad.Tape(w.Function, w.Dimension),
        _ => throw new ArgumentOutOfRangeException(nameof(mode), mode, "unknown mode"),
    };

    private static void Compare(Workload hand, IGradient ad, double[] x, string what)
    {
        var expected = new double[hand.Dimension];
        var actual = new double[hand.Dimension];
        double expectedValue = hand.ValueAndGradient(x, expected);
        double value = ad.ValueAndGradient(x, actual);
        Assert.True(Math.Abs(value - expectedValue) <= Tolerance * Math.Max(1, Math.Abs(expectedValue)), $"{what}: value {value:R} vs hand {expectedValue:R}");
        for (int i = 0; i < expected.Length; i++)
            Assert.True(Math.Abs(actual[i] - expected[i]) <= Tolerance * Math.Max(1, Math.Abs(expected[i])),
                $"{what}: gradient[{i}] = {actual[i]:R}, hand {expected[i]:R}");
    }
}
