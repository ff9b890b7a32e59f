using BenchmarkDotNet.Attributes;
using ExprGrad.Workloads;

namespace ExprGrad.Perf;

/// <summary>
/// Issue 13 §3: straight-line programs with nothing to recover (<see cref="SinChain"/>, <see cref="RandomProgram"/>),
/// compiled against the hand-written gradient (the baseline; for the random program a hand reverse sweep over its
/// array of operations, see <see cref="RandomProgram"/>).
/// </summary>
[MemoryDiagnoser]
public class StraightLineBenchmarks
{
    private Workload workload = null!;
    private IGradient compiledFast = null!, compiledSystem = null!;
    private double[] x = null!, gradient = null!;

    /// <summary>The workload, by name.</summary>
    [Params("Sin chain 1000", "Random program 2000")]
    public string Workload { get; set; } = "";

    private void Load()
    {
        workload = Workload == "Sin chain 1000" ? new SinChain() : new RandomProgram();
        x = workload.StartPoint();
        gradient = new double[workload.Dimension];
    }

    /// <summary>The hand-written code needs nothing else.</summary>
    [GlobalSetup(Target = nameof(HandGradient))]
    public void SetupHand() => Load();

    /// <summary>Compiled with FastExpressionCompiler.</summary>
    [GlobalSetup(Target = nameof(CompiledFec))]
    public void SetupFec()
    {
        Load();
        compiledFast = workload.Compile(new GradOptions { Backend = CompilerBackend.FastExpressionCompiler });
    }

    /// <summary>Compiled with Expression.Compile.</summary>
    [GlobalSetup(Target = nameof(CompiledSystem))]
    public void SetupSystem()
    {
        Load();
        compiledSystem = workload.Compile(new GradOptions { Backend = CompilerBackend.SystemLinqExpressions });
    }

    /// <summary>Hand-written gradient: the baseline.</summary>
    [Benchmark(Baseline = true)]
    public double HandGradient() => workload.ValueAndGradient(x, gradient);

    /// <summary>Compiled, FastExpressionCompiler backend.</summary>
    [Benchmark]
    public double CompiledFec() => compiledFast.ValueAndGradient(x, gradient);

    /// <summary>Compiled, Expression.Compile backend.</summary>
    [Benchmark]
    public double CompiledSystem() => compiledSystem.ValueAndGradient(x, gradient);
}
