using BenchmarkDotNet.Attributes;
using ExprGrad.Workloads;

namespace ExprGrad.Perf;

/// <summary>
/// Issue 13 §3: time to the first gradient of a program with no loop to recover, where compiling is JIT-bound: compiled
/// (the baseline: trace, transform, generate, JIT, first call), with <see cref="GradOptions.InterpretWhileCompiling"/>
/// (the first call is interpreted; the JIT runs in the background, awaited after each iteration, outside the time), and
/// tape mode (recording and sweeping at the first call). One call per iteration, so no background compile overlaps the next.
/// </summary>
[MemoryDiagnoser]
[InvocationCount(1, 1)]
public class FirstGradientBenchmarks
{
    private Workload workload = null!;
    private double[] x = null!, gradient = null!;
    private CompiledGradient? interpreted;

    /// <summary>The program: the plain-loop Rosenbrock compiled unrolled, and the two straight-line programs of §10.</summary>
    [Params("Rosenbrock n=10000 (unrolled)", "Random program 2000", "Sin chain 1000")]
    public string Workload { get; set; } = "";

    /// <summary>Loads the workload.</summary>
    [GlobalSetup]
    public void Setup()
    {
        workload = Workload switch
        {
            "Random program 2000" => new RandomProgram(),
            "Sin chain 1000" => new SinChain(),
            _ => WorkloadCatalog.ByName("Rosenbrock n=10000"),
        };
        x = workload.StartPoint();
        gradient = new double[workload.Dimension];
    }

    /// <summary>Grad.Compile and the first call, with the compiled code.</summary>
    [Benchmark(Baseline = true)]
    public double Compiled() => workload.Ready(workload.Compile(new GradOptions { RecoverLoops = false })).ValueAndGradient(x, gradient);

    /// <summary>Grad.Compile returning before the JIT, and the first call, interpreted.</summary>
    [Benchmark]
    public double InterpretedWhileCompiling()
    {
        interpreted = workload.Compile(new GradOptions { RecoverLoops = false, InterpretWhileCompiling = true });
        return workload.Ready(interpreted).ValueAndGradient(x, gradient);
    }

    /// <summary>Tape mode's first call: records the function and sweeps the tape.</summary>
    [Benchmark]
    public double Tape() => workload.Tape().ValueAndGradient(x, gradient);

    /// <summary>Waits for the background compile of the iteration (not timed), so the next iteration has both cores.</summary>
    [IterationCleanup]
    public void WaitForTheBackgroundCompile()
    {
        interpreted?.WhenCompiled.Wait();
        interpreted = null;
    }
}
