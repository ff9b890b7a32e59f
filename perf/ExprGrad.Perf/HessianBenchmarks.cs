using BenchmarkDotNet.Attributes;
using ExprGrad.Workloads;

namespace ExprGrad.Perf;

/// <summary>
/// Issue 15: a Hessian-vector product (forward-over-reverse, compiled) against the compiled gradient (goal: at most 4x) and
/// a hand-written H v, on Rosenbrock (Sum) n = 100 and the MLP with Scalar.Sum. The hand-written gradient is the baseline.
/// </summary>
[MemoryDiagnoser]
public class HessianVectorBenchmarks
{
    private Workload workload = null!;
    private IGradient gradientOnly = null!;
    private IHessian hessian = null!;
    private double[] x = null!, v = null!, gradient = null!, hv = null!, a = new double[Mlp.Hidden], ra = new double[Mlp.Hidden];
    private double[] data = [];

    /// <summary>The function.</summary>
    [Params("Rosenbrock (Sum) n=100", "MLP (Sum)")]
    public string Function { get; set; } = "";

    [GlobalSetup]
    public void Setup()
    {
        workload = Function == "MLP (Sum)" ? new MlpSum() : new RosenbrockSum(100);
        x = workload.StartPoint();
        v = [.. Enumerable.Range(0, workload.Dimension).Select(k => Math.Sin(k + 1.0))];
        gradient = new double[workload.Dimension];
        hv = new double[workload.Dimension];
        gradientOnly = workload.Ready(workload.Compile());
        if (workload is MlpSum mlp)
        {
            data = mlp.Data.ToArray();
            hessian = Grad.CompileHessian(mlp.DataFunction, mlp.Dimension, data.Length).Bind(data);
        }
        else hessian = Grad.CompileHessian(workload.Function, workload.Dimension);
    }

    /// <summary>Hand-written gradient: the baseline.</summary>
    [Benchmark(Baseline = true)]
    public double HandGradient() => workload.ValueAndGradient(x, gradient);

    /// <summary>The compiled gradient (the HVP's goal is measured against it).</summary>
    [Benchmark]
    public double CompiledGradient() => gradientOnly.ValueAndGradient(x, gradient);

    /// <summary>Hand-written H v (with value and gradient).</summary>
    [Benchmark]
    public double HandHvp() => workload is MlpSum
        ? HandSecondOrder.MlpHvp(x, v, data, gradient, hv, a, ra)
        : HandSecondOrder.RosenbrockHvp(x, v, gradient, hv);

    /// <summary>Compiled H v (with value and gradient): one forward-over-reverse pass.</summary>
    [Benchmark]
    public double CompiledHvp() => hessian.HessianVectorProduct(x, v, gradient, hv);
}

/// <summary>
/// Issue 15: Rosenbrock n = 10,000's sparse Hessian (tridiagonal: a star colouring of 3 colours, so 3 directions in one
/// forward-over-reverse pass) against the gradient (goal: at most 15x) and a hand-written tridiagonal Hessian.
/// </summary>
[MemoryDiagnoser]
public class SparseHessianBenchmarks
{
    private const int N = 10_000;
    private readonly RosenbrockSum workload = new(N);
    private CompiledGradient compiledGradient = null!;
    private CompiledHessian hessian = null!;
    private double[] x = null!, gradient = new double[N], nonzeros = null!, handNonzeros = new double[2 * N - 1];

    [GlobalSetup]
    public void Setup()
    {
        x = workload.StartPoint();
        compiledGradient = workload.Compile();
        hessian = Grad.CompileHessian(workload.Function, N);
        nonzeros = new double[hessian.Sparsity.Count];
        if (hessian.Colors != 3) throw new InvalidOperationException($"expected 3 colours, got {hessian.Colors}");
    }

    /// <summary>Hand-written gradient: the baseline.</summary>
    [Benchmark(Baseline = true)]
    public double HandGradient() => workload.ValueAndGradient(x, gradient);

    [Benchmark]
    public double CompiledGradient() => compiledGradient.ValueAndGradient(x, gradient);

    /// <summary>Hand-written gradient and tridiagonal Hessian.</summary>
    [Benchmark]
    public double HandSparseHessian() => HandSecondOrder.RosenbrockSparse(x, gradient, handNonzeros);

    /// <summary>Compiled gradient and Hessian nonzeros (3 colours).</summary>
    [Benchmark]
    public double CompiledSparseHessian() => hessian.SparseHessian(x, gradient, nonzeros);
}

/// <summary>Issue 15: the dense Hessian of Rosenbrock n = 100 (10,000 entries), compiled (3 colours) against hand-written.</summary>
[MemoryDiagnoser]
public class DenseHessianBenchmarks
{
    private const int N = 100;
    private readonly RosenbrockSum workload = new(N);
    private CompiledHessian hessian = null!;
    private double[] x = null!, gradient = new double[N], h = new double[N * N];

    [GlobalSetup]
    public void Setup()
    {
        x = workload.StartPoint();
        hessian = Grad.CompileHessian(workload.Function, N);
    }

    /// <summary>Hand-written gradient and dense Hessian: the baseline.</summary>
    [Benchmark(Baseline = true)]
    public double HandDenseHessian() => HandSecondOrder.RosenbrockDense(x, gradient, h);

    [Benchmark]
    public double CompiledDenseHessian() => hessian.ValueGradientHessian(x, gradient, h);
}
