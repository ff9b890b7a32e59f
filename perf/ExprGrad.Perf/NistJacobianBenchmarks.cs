using BenchmarkDotNet.Attributes;
using ExprGrad.TestProblems;

namespace ExprGrad.Perf;

/// <summary>
/// Issue 15: the Jacobian of each NIST StRD model over its data (shared/data/nist), compiled (one Vec.Map over the rows)
/// against the hand-written Jacobian of the test-problems project (goal: at most 2x), at the first start.
/// </summary>
[MemoryDiagnoser]
public class NistJacobianBenchmarks
{
    private IJacobian hand = null!, compiled = null!;
    private double[] b = null!, values = null!, jacobian = null!;

    /// <summary>The NIST files present that have a hand-written Jacobian.</summary>
    public static IEnumerable<string> Problems()
        => NistData.Files.Select(NistFile.Load).Where(p => NistHandWritten.For(p) is not null).Select(p => p.Name);

    /// <summary>The problem.</summary>
    [ParamsSource(nameof(Problems))]
    public string Problem { get; set; } = "";

    [GlobalSetup]
    public void Setup()
    {
        NistProblem p = NistFile.Load(NistData.Files.Single(f => Path.GetFileNameWithoutExtension(f) == Problem));
        hand = NistHandWritten.For(p)!;
        compiled = p.Jacobian();
        b = [.. p.Starts[0]];
        values = new double[p.Observations];
        jacobian = new double[p.Observations * p.Parameters];
    }

    /// <summary>Hand-written residuals and Jacobian: the baseline.</summary>
    [Benchmark(Baseline = true)]
    public void HandJacobian() => hand.Evaluate(b, values, jacobian);

    /// <summary>Compiled residuals and Jacobian.</summary>
    [Benchmark]
    public void CompiledJacobian() => compiled.Evaluate(b, values, jacobian);
}
