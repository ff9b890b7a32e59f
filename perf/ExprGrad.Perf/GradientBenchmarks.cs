using BenchmarkDotNet.Attributes;
using ExprGrad.Workloads;

namespace ExprGrad.Perf;

/// <summary>
/// Steady-state cost of one value-and-gradient call per workload and approach. The hand-written gradient
/// is the baseline; compile time is measured apart (<see cref="CompileBenchmarks"/>).
/// </summary>
[MemoryDiagnoser]
public class GradientBenchmarks
{
    private Workload workload = null!;
    private IGradient compiledFast = null!, compiledSystem = null!, tape = null!;
    private IGradient? compiledUnrolled;
    private IGradient? forward;
    private double[] x = null!, gradient = null!;

    /// <summary>The workload, by name.</summary>
    [ParamsSource(nameof(Names))]
    public string Workload { get; set; } = "";

    /// <summary>All workload names.</summary>
    /// <remarks>EXPRGRAD_BENCH_WORKLOADS (names separated by ';') restricts the run to some workloads.</remarks>
    public static IEnumerable<string> Names()
        => Environment.GetEnvironmentVariable("EXPRGRAD_BENCH_WORKLOADS") is { Length: > 0 } only
            ? WorkloadCatalog.Names().Where(name => only.Split(';').Contains(name))
            : WorkloadCatalog.Names();

    /// <summary>Loads the workload; each benchmark compiles only the approach it times (an unrolled GMM takes seconds).</summary>
    private void Load()
    {
        workload = WorkloadCatalog.ByName(Workload);
        x = workload.StartPoint();
        gradient = new double[workload.Dimension];
    }

    /// <summary>The hand-written code needs nothing else.</summary>
    [GlobalSetup(Targets = [nameof(HandPrimal), nameof(HandGradient)])]
    public void SetupHand() => Load();

    /// <summary>Compiled with FastExpressionCompiler (plain loops recovered).</summary>
    [GlobalSetup(Target = nameof(CompiledFec))]
    public void SetupFec()
    {
        Load();
        compiledFast = workload.Ready(workload.Compile(new GradOptions { Backend = CompilerBackend.FastExpressionCompiler }));
    }

    /// <summary>Compiled with plain loops left unrolled.</summary>
    [GlobalSetup(Target = nameof(CompiledFecUnrolled))]
    public void SetupUnrolled()
    {
        Load();
        compiledUnrolled = workload.HasPlainLoops ? workload.Ready(workload.Compile(new GradOptions { RecoverLoops = false })) : null;
    }

    /// <summary>Compiled with Expression.Compile.</summary>
    [GlobalSetup(Target = nameof(CompiledSystem))]
    public void SetupSystem()
    {
        Load();
        compiledSystem = workload.Ready(workload.Compile(new GradOptions { Backend = CompilerBackend.SystemLinqExpressions }));
    }

    /// <summary>Tape and forward mode.</summary>
    [GlobalSetup(Targets = [nameof(Tape), nameof(Forward)])]
    public void SetupEager()
    {
        Load();
        tape = workload.Tape();
        forward = workload.Dimension <= Approaches.ForwardLimit ? workload.Forward() : null;
    }

    /// <summary>Hand-written primal only.</summary>
    [Benchmark]
    public double HandPrimal() => workload.Value(x);

    /// <summary>Hand-written gradient: the baseline.</summary>
    [Benchmark(Baseline = true)]
    public double HandGradient() => workload.ValueAndGradient(x, gradient);

    /// <summary>Compiled, FastExpressionCompiler backend.</summary>
    [Benchmark]
    public double CompiledFec() => compiledFast.ValueAndGradient(x, gradient);

    /// <summary>Compiled with plain C# loops left unrolled (NaN for workloads without plain loops).</summary>
    [Benchmark]
    public double CompiledFecUnrolled() => compiledUnrolled?.ValueAndGradient(x, gradient) ?? double.NaN;

    /// <summary>Compiled, Expression.Compile backend.</summary>
    [Benchmark]
    public double CompiledSystem() => compiledSystem.ValueAndGradient(x, gradient);

    /// <summary>Tape-based reverse mode.</summary>
    [Benchmark]
    public double Tape() => tape.ValueAndGradient(x, gradient);

    /// <summary>Forward mode (NaN when the dimension is above the limit).</summary>
    [Benchmark]
    public double Forward() => forward?.ValueAndGradient(x, gradient) ?? double.NaN;
}

/// <summary>Compile time: trace, transform, generate, compile and first call.</summary>
[MemoryDiagnoser]
public class CompileBenchmarks
{
    private Workload workload = null!;
    private double[] x = null!, gradient = null!;

    /// <summary>The workload, by name.</summary>
    [ParamsSource(nameof(Names))]
    public string Workload { get; set; } = "";

    /// <summary>
    /// Rosenbrock, the MLP and GMM as plain C# loops (recovered as loops) and with <c>Scalar.Sum</c>: neither compile
    /// time grows with n. EXPRGRAD_BENCH_WORKLOADS restricts them as in <see cref="GradientBenchmarks"/>.
    /// </summary>
    public static IEnumerable<string> Names() => GradientBenchmarks.Names().Where(name =>
        name.StartsWith("Rosenbrock n=100", StringComparison.Ordinal) || name.StartsWith("Rosenbrock (Sum) n=10000", StringComparison.Ordinal)
        || name.StartsWith("MLP", StringComparison.Ordinal) || name.StartsWith("GMM", StringComparison.Ordinal));

    /// <summary>Loads the workload.</summary>
    [GlobalSetup]
    public void Setup()
    {
        workload = WorkloadCatalog.ByName(Workload);
        x = workload.StartPoint();
        gradient = new double[workload.Dimension];
    }

    /// <summary>Grad.Compile plus the first call.</summary>
    [Benchmark]
    public double CompileAndFirstCall() => workload.Ready(workload.Compile()).ValueAndGradient(x, gradient);
}
