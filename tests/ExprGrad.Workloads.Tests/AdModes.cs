namespace ExprGrad.Workloads.Tests;

/// <summary>
/// The AD modes a workload is tested in, through the workload's own entry points (a data workload compiles
/// its function of data and binds its data), and the comparison with the hand-written gradient:
/// |ad - hand| / max(1, |hand|) within <see cref="Tolerance"/> for the value and every gradient entry.
/// </summary>
internal static class AdModes
{
    public const double Tolerance = 1e-10;

    public static readonly string[] Names = ["compiled-fec", "compiled-system", "tape"];

    /// <summary>For workloads with sums: also compiled with <see cref="GradOptions.Parallel"/>.</summary>
    public static readonly string[] SumNames = [.. Names, "compiled-parallel"];

    /// <summary>Compiled modes demand their backend: a FastExpressionCompiler decline throws instead of falling back.</summary>
    public static IGradient Create(string mode, Workload w) => mode switch
    {
        "compiled-fec" => w.Ready(w.Compile(new GradOptions { Backend = CompilerBackend.FastExpressionCompiler })),
        "compiled-system" => w.Ready(w.Compile(new GradOptions { Backend = CompilerBackend.SystemLinqExpressions })),
        "compiled-parallel" => w.Ready(w.Compile(new GradOptions { Backend = CompilerBackend.FastExpressionCompiler, Parallel = true })),
        "tape" => w.Tape(),
        _ => throw new ArgumentOutOfRangeException(nameof(mode), mode, "unknown mode"),
    };

    /// <summary>The start point and a seeded random point near it (each entry moved by up to +-0.05).</summary>
    public static double[][] Points(Workload workload)
    {
        var random = new Random(7);
        double[] start = workload.StartPoint();
        return [start, [.. start.Select(v => v + 0.1 * (random.NextDouble() - 0.5))]];
    }

    public static void Compare(IGradient hand, IGradient ad, double[] x, string what)
    {
        var (expectedValue, expected) = Evaluate(hand, x);
        var (value, actual) = Evaluate(ad, x);
        Compare(expectedValue, expected, value, actual, what);
    }

    public static void Compare(double expectedValue, double[] expected, double value, double[] actual, string what)
    {
        Assert.True(Math.Abs(value - expectedValue) <= Tolerance * Math.Max(1, Math.Abs(expectedValue)), $"{what}: value {value:R} vs hand {expectedValue:R}");
        for (int i = 0; i < expected.Length; i++)
            Assert.True(Math.Abs(actual[i] - expected[i]) <= Tolerance * Math.Max(1, Math.Abs(expected[i])),
                $"{what}: gradient[{i}] = {actual[i]:R}, hand {expected[i]:R}");
    }

    public static (double Value, double[] Gradient) Evaluate(IGradient g, double[] x)
    {
        var gradient = new double[g.Dimension];
        double value = g.ValueAndGradient(x, gradient);
        return (value, gradient);
    }
}
