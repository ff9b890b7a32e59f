using BenchmarkDotNet.Attributes;
using ExprGrad.Workloads;

namespace ExprGrad.Perf;

/// <summary>
/// Issue 13 §3: straight-line programs with nothing to recover (<see cref="SinChain"/>, <see cref="RandomProgram"/>),
/// compiled against the hand-written gradient (the baseline; for the random program its 2,000 operations written out
/// as C# statements in one method, which the JIT compiles with MinOpts, see <see cref="RandomProgram"/>).
/// <see cref="HandGradientSplit"/> times the same statements split into methods the JIT optimises.
/// <see cref="HandInterpreter"/> times the random program's
/// interpreter (a hand reverse sweep over its array of operations), the baseline of RESULTS §10 before the written-out one.
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

    /// <summary>The interpreter runs on the random program only; the sin chain's hand gradient is already a plain loop.</summary>
    [GlobalSetup(Target = nameof(HandInterpreter))]
    public void SetupInterpreter() => LoadRandomProgramOnly(nameof(HandInterpreter));

    /// <summary>The split written-out code exists for the random program only; the sin chain's hand gradient is a small loop.</summary>
    [GlobalSetup(Target = nameof(HandGradientSplit))]
    public void SetupSplit() => LoadRandomProgramOnly(nameof(HandGradientSplit));

    private void LoadRandomProgramOnly(string method)
    {
        Load();
        if (workload is not RandomProgram) throw new NotSupportedException($"{method} runs on the random program only, not on {Workload}.");
    }

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

    /// <summary>The random program written out and split into methods the JIT optimises (the single method gets MinOpts).</summary>
    [Benchmark(Description = "HandGradient (written out, split)")]
    public double HandGradientSplit() => ((RandomProgram)workload).SplitValueAndGradient(x, gradient);

    /// <summary>The random program's interpreter: a switch per operation over arrays of values and adjoints.</summary>
    [Benchmark]
    public double HandInterpreter() => ((RandomProgram)workload).InterpretedValueAndGradient(x, gradient);

    /// <summary>Compiled, FastExpressionCompiler backend.</summary>
    [Benchmark]
    public double CompiledFec() => compiledFast.ValueAndGradient(x, gradient);

    /// <summary>Compiled, Expression.Compile backend.</summary>
    [Benchmark]
    public double CompiledSystem() => compiledSystem.ValueAndGradient(x, gradient);
}
