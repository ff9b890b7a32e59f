using BenchmarkDotNet.Attributes;
using static ExprGrad.Scalar;

namespace ExprGrad.Perf;

/// <summary>The cost of <see cref="GradOptions.NanSafe"/> (strong-zero products) on Rosenbrock and on an MLP-like sum.</summary>
[MemoryDiagnoser]
public class NanSafeBenchmarks
{
    private CompiledGradient plain = null!, safe = null!;
    private double[] x = null!, gradient = null!;

    /// <summary>The function, by name.</summary>
    [Params("Rosenbrock n=100 (unrolled)", "Rosenbrock n=10000 (Sum)", "tanh layer 10x32 (Sum over 100 samples)")]
    public string Function { get; set; } = "";

    /// <summary>Compiles both variants.</summary>
    [GlobalSetup]
    public void Setup()
    {
        (Func<Vec, Scalar> F, int N) chosen = Function switch
        {
            "Rosenbrock n=100 (unrolled)" => ((Func<Vec, Scalar>)(v =>
            {
                Scalar s = 0;
                for (int i = 0; i < v.Length - 1; i++) s += 100 * Square(v[i + 1] - Square(v[i])) + Square(1 - v[i]);
                return s;
            }), 100),
            "Rosenbrock n=10000 (Sum)" => ((Func<Vec, Scalar>)(v => Sum(v.Length - 1, i => 100 * Square(v[i + 1] - Square(v[i])) + Square(1 - v[i]))), 10_000),
            _ => ((Func<Vec, Scalar>)(v => Sum(100, s => Sum(32, h => Tanh(v[h] * v[h + 32] + v[h + 64]) * v[h]))), 96),
        };
        var (f, n) = chosen;
        plain = Grad.Compile(f, n);
        safe = Grad.Compile(f, n, new GradOptions { NanSafe = true });
        x = [.. Enumerable.Range(0, n).Select(i => 0.5 + 0.001 * i)];
        gradient = new double[n];
    }

    /// <summary>Default IEEE products.</summary>
    [Benchmark(Baseline = true)]
    public double Default() => plain.ValueAndGradient(x, gradient);

    /// <summary>Strong-zero products.</summary>
    [Benchmark]
    public double NanSafe() => safe.ValueAndGradient(x, gradient);
}
