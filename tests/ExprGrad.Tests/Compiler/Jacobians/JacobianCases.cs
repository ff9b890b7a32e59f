using static ExprGrad.Scalar;

namespace ExprGrad.Tests.Compiler.Jacobians;

/// <summary>Vector functions with hand-written Jacobians, and the ways to compile them, for the Jacobian tests.</summary>
public static class JacobianCases
{
    /// <summary>The two residuals of Rosenbrock's banana: r = (b0 - 1, 10 (b1 - b0²)).</summary>
    public static Vec Banana(Vec b) => Vec.Of(b[0] - 1, 10 * (b[1] - b[0] * b[0]));

    public static double[] BananaJacobian(double[] b) => [1, 0, -20 * b[0], 10];

    /// <summary>Misra1a's model over m rows (x, y): rᵢ = yᵢ - b0 (1 - exp(-b1 xᵢ)), a map over the data.</summary>
    public static Func<Vec, Vec, Vec> Misra(int m) => (b, data) => Vec.Map(m, i => data[2 * i + 1] - b[0] * (1 - Exp(-b[1] * data[2 * i])));

    public static (double[] Values, double[] Jacobian) MisraByHand(double[] b, double[] data)
    {
        int m = data.Length / 2;
        double[] values = new double[m], jacobian = new double[2 * m];
        for (int i = 0; i < m; i++)
        {
            double x = data[2 * i], e = Math.Exp(-b[1] * x);
            values[i] = data[2 * i + 1] - b[0] * (1 - e);
            jacobian[2 * i] = -(1 - e);
            jacobian[2 * i + 1] = -b[0] * x * e;
        }
        return (values, jacobian);
    }

    /// <summary>The chained residuals of extended Rosenbrock, banded: r₂ᵢ = 10 (x[i+1] - x[i]²), r₂ᵢ₊₁ = 1 - x[i] as one map each.</summary>
    public static Vec Chained(Vec x) => Vec.Map(x.Length - 1, i => 10 * (x[i + 1] - Square(x[i])) + Sin(x[i] * 0.5));

    public static double[] ChainedJacobian(double[] x)
    {
        int n = x.Length, m = n - 1;
        var j = new double[m * n];
        for (int i = 0; i < m; i++)
        {
            j[i * n + i] = -20 * x[i] + 0.5 * Math.Cos(0.5 * x[i]);
            j[i * n + i + 1] = 10;
        }
        return j;
    }

    /// <summary>
    /// A list whose entries hold loops and shared values: a sum over the inputs, a product with a captured value, an input,
    /// a constant and a nested sum, so every row has another pattern.
    /// </summary>
    public static Vec Mixed(Vec x)
    {
        Scalar shared = Exp(0.3 * x[0]);
        Scalar total = Sum(x.Length, i => Square(x[i]) * shared);
        return Vec.Of(total, shared * x[1] - Tanh(x[2]), x[3], 2.5,
            Sum(2, i => Sum(x.Length - 1, j => x[j] * x[j + 1] * (1.0 + 0.5 * x[i]))));
    }

    public static double[] Point(int n, int seed, double scale = 1)
    {
        var random = new Random(seed);
        return [.. Enumerable.Range(0, n).Select(_ => scale * (random.NextDouble() * 2 - 1))];
    }

    public static readonly string[] Shapes = ["fec", "system", "units", "forward", "reverse", "uncompressed", "split-parallel"];

    public static GradOptions Options(string shape) => shape switch
    {
        "fec" => new GradOptions { Backend = CompilerBackend.FastExpressionCompiler },
        "system" => new GradOptions { Backend = CompilerBackend.SystemLinqExpressions },
        "units" => new GradOptions { UnitSize = 3 },
        "forward" => new GradOptions { JacobianMode = JacobianMode.Forward },
        "reverse" => new GradOptions { JacobianMode = JacobianMode.Reverse },
        "uncompressed" => new GradOptions { Compress = false },
        "split-parallel" => new GradOptions { UnitSize = 3, SplitAbove = 2, Parallel = true, ParallelMinimumWork = 0 },
        _ => throw new ArgumentOutOfRangeException(nameof(shape), shape, "unknown shape"),
    };

    public static TheoryData<string> AllShapes => new(Shapes);

    /// <summary>Central differences of each output along each input (step <paramref name="step"/> scaled), row-major.</summary>
    public static double[] FiniteDifferences(Func<double[], double[]> f, double[] x, double step = 1e-6)
    {
        int m = f(x).Length, n = x.Length;
        var j = new double[m * n];
        for (int c = 0; c < n; c++)
        {
            double h = step * Math.Max(1, Math.Abs(x[c]));
            double[] plus = [.. x], minus = [.. x];
            plus[c] += h;
            minus[c] -= h;
            double[] fp = f(plus), fm = f(minus);
            for (int r = 0; r < m; r++) j[r * n + c] = (fp[r] - fm[r]) / (2 * h);
        }
        return j;
    }

    public static void AssertClose(double expected, double actual, double tolerance, string what)
        => Assert.True(Math.Abs(expected - actual) <= tolerance * Math.Max(1, Math.Max(Math.Abs(expected), Math.Abs(actual))),
            $"{what}: expected {expected:R}, got {actual:R}");

    public static void AssertBitwise(double[] expected, double[] actual, string what)
    {
        Assert.Equal(expected.Length, actual.Length);
        for (int k = 0; k < expected.Length; k++)
            Assert.True(expected[k].Equals(actual[k]) || (expected[k] == 0 && actual[k] == 0), $"{what}[{k}]: {expected[k]:R} and {actual[k]:R}");
    }
}
