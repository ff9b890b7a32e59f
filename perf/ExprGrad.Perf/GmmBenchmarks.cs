using BenchmarkDotNet.Attributes;
using ExprGrad.Workloads;

namespace ExprGrad.Perf;

/// <summary>
/// ADBench GMM, written with Scalar.Sum over the points (the points are data), on the instances of
/// <see cref="WorkloadCatalog.GmmInstances"/>: hand-written primal, hand-written gradient (the baseline),
/// compiled with FastExpressionCompiler (<see cref="FecRetry"/>), and the tape for d = 2 (NaN elsewhere: it takes seconds per call).
/// Needs the ADBench data (see GmmData). Run with <c>-- --filter *GmmBenchmarks*</c>.
/// </summary>
[MemoryDiagnoser]
public class GmmBenchmarks
{
    private GmmSum workload = null!;
    private IGradient compiled = null!;
    private IGradient? tape;
    private double[] x = null!, gradient = null!;

    /// <summary>The instance, e.g. <c>1k/gmm_d2_K5</c>.</summary>
    [ParamsSource(nameof(Instances))]
    public string Instance { get; set; } = "";

    /// <summary>All instances.</summary>
    public static IEnumerable<string> Instances() => WorkloadCatalog.GmmInstances();

    /// <summary>Loads the instance, compiles it and checks the compiled and tape gradients against the hand-written one.</summary>
    /// <exception cref="InvalidOperationException">A gradient is wrong: it is not timed.</exception>
    [GlobalSetup]
    public void Setup()
    {
        GmmInstance instance = WorkloadCatalog.LoadGmm(Instance);
        workload = new GmmSum(instance);
        x = workload.StartPoint();
        gradient = new double[workload.Dimension];
        var (fast, declines) = FecRetry.Compile(workload);
        if (declines > 0) Console.WriteLine($"// {Instance}: FastExpressionCompiler declined {declines}x before compiling (see FecRetry)");
        compiled = workload.Ready(fast);
        tape = instance.D == 2 ? workload.Tape() : null;
        double value = workload.ValueAndGradient(x, gradient);
        double[] expected = (double[])gradient.Clone();
        foreach (var (name, g) in new[] { ("compiled", compiled), ("tape", tape) })
            if (g is not null && GradientCheck.Gradient(g, x, value, expected) is { } error)
                throw new InvalidOperationException($"{Instance}: the {name} gradient is wrong ({error}); not timing it.");
    }

    /// <summary>Hand-written objective.</summary>
    [Benchmark]
    public double HandPrimal() => workload.Value(x);

    /// <summary>Hand-written gradient: the baseline.</summary>
    [Benchmark(Baseline = true)]
    public double HandGradient() => workload.ValueAndGradient(x, gradient);

    /// <summary>Compiled with FastExpressionCompiler, data bound.</summary>
    [Benchmark]
    public double CompiledFec() => compiled.ValueAndGradient(x, gradient);

    /// <summary>Tape-based reverse mode (d = 2 only; NaN elsewhere).</summary>
    [Benchmark]
    public double Tape() => tape?.ValueAndGradient(x, gradient) ?? double.NaN;
}
