using BenchmarkDotNet.Attributes;
using static ExprGrad.Scalar;

namespace ExprGrad.Perf;

/// <summary>
/// What a user-defined op costs against the same built-in op (issue 16 §1): the gradient of
/// sum_i sin(x_i) x_(i+1) over n = 1,000 inputs (a compiled Scalar.Sum), with sin as the table's op, as
/// CustomOp.Unary with a method group (called directly) and with a lambda (called through its delegate), and as a
/// one-input CustomOp.Function (a black box: argument frame, kept gradient). Baseline: the hand-written gradient.
/// </summary>
[MemoryDiagnoser]
public class CustomOpBenchmarks
{
    private const int N = 1_000;
    private static readonly Func<Scalar, Scalar> SinMethod = CustomOp.Unary("sin_method", Math.Sin, t => Cos(t));
    private static readonly Func<Scalar, Scalar> SinLambda = CustomOp.Unary("sin_lambda", t => Math.Sin(t), t => Cos(t));
    private static readonly Func<Vec, Scalar> SinBox = CustomOp.Function("sin_box", 1, v => Math.Sin(v[0]), (v, g) => g[0] = Math.Cos(v[0]));

    private CompiledGradient builtIn = null!, method = null!, lambda = null!, box = null!;
    private readonly double[] x = [.. Enumerable.Range(0, N).Select(i => 0.5 + 0.001 * i)];
    private readonly double[] gradient = new double[N];

    /// <summary>Compiles the four variants.</summary>
    [GlobalSetup]
    public void Setup()
    {
        builtIn = Grad.Compile(v => Sum(N - 1, i => Sin(v[i]) * v[i + 1]), N);
        method = Grad.Compile(v => Sum(N - 1, i => SinMethod(v[i]) * v[i + 1]), N);
        lambda = Grad.Compile(v => Sum(N - 1, i => SinLambda(v[i]) * v[i + 1]), N);
        box = Grad.Compile(v => Sum(N - 1, i => SinBox(Vec.Of(v[i])) * v[i + 1]), N);
    }

    /// <summary>The hand-written value and gradient.</summary>
    [Benchmark(Baseline = true)]
    public double Hand()
    {
        double value = 0;
        Array.Clear(gradient);
        for (int i = 0; i < N - 1; i++)
        {
            double s = Math.Sin(x[i]);
            value += s * x[i + 1];
            gradient[i] += Math.Cos(x[i]) * x[i + 1];
            gradient[i + 1] += s;
        }
        return value;
    }

    /// <summary>sin from the op table.</summary>
    [Benchmark]
    public double BuiltIn() => builtIn.ValueAndGradient(x, gradient);

    /// <summary>CustomOp.Unary with Math.Sin as a method group: compiled code calls it directly.</summary>
    [Benchmark]
    public double CustomMethodGroup() => method.ValueAndGradient(x, gradient);

    /// <summary>CustomOp.Unary with a lambda: compiled code invokes the delegate.</summary>
    [Benchmark]
    public double CustomLambda() => lambda.ValueAndGradient(x, gradient);

    /// <summary>CustomOp.Function of one input: the value and the gradient through argument frames.</summary>
    [Benchmark]
    public double BlackBox() => box.ValueAndGradient(x, gradient);
}
