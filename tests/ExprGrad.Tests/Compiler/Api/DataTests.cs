using static ExprGrad.Scalar;

namespace ExprGrad.Tests.Compiler.Api;

/// <summary>Functions of inputs and data: compiled once, called with new data, never differentiated in the data.</summary>
public class DataTests
{
    private const int Points = 50;

    private static Scalar LeastSquares(Vec w, Vec data)
        => Sum(Points, i => Square(w[0] * data[2 * i] + w[1] - data[2 * i + 1]));

    private static double[] Line(double slope, double intercept, int seed)
    {
        var random = new Random(seed);
        var data = new double[2 * Points];
        for (int i = 0; i < Points; i++)
        {
            data[2 * i] = random.NextDouble() * 4 - 2;
            data[2 * i + 1] = slope * data[2 * i] + intercept + 0.1 * (random.NextDouble() - 0.5);
        }
        return data;
    }

    private static (double Value, double[] Gradient) Exact(double[] w, double[] data)
    {
        double value = 0, g0 = 0, g1 = 0;
        for (int i = 0; i < Points; i++)
        {
            double r = w[0] * data[2 * i] + w[1] - data[2 * i + 1];
            value += r * r;
            g0 += 2 * r * data[2 * i];
            g1 += 2 * r;
        }
        return (value, [g0, g1]);
    }

    [Theory]
    [InlineData(CompilerBackend.FastExpressionCompiler)]
    [InlineData(CompilerBackend.SystemLinqExpressions)]
    public void New_data_needs_no_recompile(CompilerBackend backend)
    {
        var g = Grad.Compile(LeastSquares, dimension: 2, dataLength: 2 * Points, new GradOptions { Backend = backend });
        Assert.Equal(2 * Points, g.DataLength);
        double[] w = [1.5, -0.25];
        foreach (int seed in new[] { 1, 2, 3 })
        {
            double[] data = Line(seed, -seed, seed);
            var gradient = new double[2];
            double value = g.ValueAndGradient(w, data, gradient);
            var (expectedValue, expected) = Exact(w, data);
            Assert.Equal(expectedValue, value, 1e-12 * expectedValue);
            Assert.Equal(expected[0], gradient[0], 1e-12 * Math.Max(1, Math.Abs(expected[0])));
            Assert.Equal(expected[1], gradient[1], 1e-12 * Math.Max(1, Math.Abs(expected[1])));
            Assert.Equal(value, g.Value(w, data));
        }
    }

    [Fact]
    public void Data_read_outside_a_loop_and_every_mode_agree()
    {
        Func<Vec, Vec, Scalar> f = (w, d) => Exp(w[0] * d[0]) + Sum(Points, i => Log1P(Square(w[1] - d[2 * i + 1])) * d[2 * i]);
        double[] data = Line(0.5, 2, 9);
        double[] w = [0.3, 1.2];
        var compiled = Grad.Compile(f, 2, data.Length);
        var (value, gradient) = Modes.Evaluate(compiled.Bind(data), w);
        foreach (IGradient other in new[] { Grad.Tape(f, 2, data), Grad.Forward(f, 2, data) })
        {
            var (v, g) = Modes.Evaluate(other, w);
            Assert.Equal(v, value, 1e-12 * Math.Abs(v));
            for (int i = 0; i < 2; i++) Assert.Equal(g[i], gradient[i], 1e-12 * Math.Max(1, Math.Abs(g[i])));
        }
    }

    [Fact]
    public void Bound_gradient_is_an_IGradient_that_allocates_nothing()
    {
        var g = Grad.Compile(LeastSquares, 2, 2 * Points);
        IGradient bound = g.Bind(Line(2, 1, 4));
        double[] w = [0, 0];
        var gradient = new double[2];
        // Warm up until tiered compilation has settled (its first tiers may allocate), then measure.
        for (int i = 0; i < 2_000; i++) bound.ValueAndGradient(w, gradient);
        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 10_000; i++) bound.ValueAndGradient(w, gradient);
        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }

    [Fact]
    public void Wrong_or_missing_data_throws_naming_the_length()
    {
        var g = Grad.Compile(LeastSquares, 2, 2 * Points);
        var e = Assert.Throws<ArgumentException>(() => g.ValueAndGradient(new double[2], new double[3], new double[2]));
        Assert.Contains("length 3", e.Message);
        Assert.Contains($"{2 * Points}", e.Message);
        var missing = Assert.Throws<InvalidOperationException>(() => g.ValueAndGradient(new double[2], new double[2]));
        Assert.Contains("Bind", missing.Message);
        Assert.Throws<ArgumentException>(() => g.Bind(new double[1]));
    }
}
