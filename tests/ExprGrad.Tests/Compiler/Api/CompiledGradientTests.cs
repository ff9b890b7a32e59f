using static ExprGrad.Scalar;

namespace ExprGrad.Tests.Compiler.Api;

/// <summary>Guarantees of a compiled gradient: no allocation, thread safety, checked spans, backends.</summary>
public class CompiledGradientTests
{
    private static Scalar Rosenbrock(Vec x)
    {
        Scalar sum = 0;
        for (int i = 0; i < x.Length - 1; i++) sum += 100 * Square(x[i + 1] - Square(x[i])) + Square(1 - x[i]);
        return sum;
    }

    private static double[] RosenbrockGradient(double[] x)
    {
        var g = new double[x.Length];
        for (int i = 0; i < x.Length - 1; i++)
        {
            double t = x[i + 1] - x[i] * x[i];
            g[i] += -400 * t * x[i] - 2 * (1 - x[i]);
            g[i + 1] += 200 * t;
        }
        return g;
    }

    private static double[] Point(int n, int seed)
    {
        var random = new Random(seed);
        return [.. Enumerable.Range(0, n).Select(_ => random.NextDouble() * 2 - 1)];
    }

    [Theory]
    [InlineData(CompilerBackend.FastExpressionCompiler)]
    [InlineData(CompilerBackend.SystemLinqExpressions)]
    public void Ten_thousand_calls_allocate_nothing(CompilerBackend backend)
    {
        var g = Grad.Compile(Rosenbrock, 100, new GradOptions { Backend = backend });
        var x = Point(100, 1);
        var gradient = new double[100];
        // Warm up until tiered compilation has settled (its first tiers may allocate), then measure.
        for (int i = 0; i < 2_000; i++) { g.ValueAndGradient(x, gradient); g.Value(x); }
        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 10_000; i++) g.ValueAndGradient(x, gradient);
        for (int i = 0; i < 1_000; i++) g.Value(x);
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.Equal(0, allocated);
    }

    [Fact]
    public void Eight_threads_get_bit_identical_results_to_serial_calls()
    {
        const int Threads = 8, Calls = 100_000, N = 10;
        var g = Grad.Compile(v => Rosenbrock(v) + Sin(v[0] * v[3]), N);
        double[][] inputs = [.. Enumerable.Range(0, 64).Select(i => Point(N, i))];
        var expected = new (double Value, double[] Gradient)[inputs.Length];
        for (int i = 0; i < inputs.Length; i++) expected[i] = Modes.Evaluate(g, inputs[i]);
        int mismatches = 0;
        Parallel.For(0, Threads, new ParallelOptions { MaxDegreeOfParallelism = Threads }, t =>
        {
            var gradient = new double[N];
            for (int c = 0; c < Calls; c++)
            {
                int i = (c * 7 + t * 13) % inputs.Length;
                double value = g.ValueAndGradient(inputs[i], gradient);
                if (BitConverter.DoubleToInt64Bits(value) != BitConverter.DoubleToInt64Bits(expected[i].Value)
                    || !gradient.AsSpan().SequenceEqual(expected[i].Gradient))
                    Interlocked.Increment(ref mismatches);
            }
        });
        Assert.Equal(0, mismatches);
    }

    [Theory]
    [InlineData(CompilerBackend.FastExpressionCompiler)]
    [InlineData(CompilerBackend.SystemLinqExpressions)]
    public void Rosenbrock_with_ten_thousand_inputs_compiles_into_units_and_is_exact(CompilerBackend backend)
    {
        const int N = 10_000;
        // Unrolled on purpose (recovered, the loop is one small loop: Compiler/Recovery/CompiledRecoveryTests).
        var g = Grad.Compile(Rosenbrock, N, new GradOptions { Backend = backend, RecoverLoops = false });
        Assert.True(g.NodeCount > 50_000, $"expected a large traced graph, got {g.NodeCount} nodes");
        var x = Point(N, 3);
        var gradient = new double[N];
        double value = g.ValueAndGradient(x, gradient);
        double[] expected = RosenbrockGradient(x);
        double expectedValue = 0;
        for (int i = 0; i < N - 1; i++) expectedValue += 100 * Math.Pow(x[i + 1] - x[i] * x[i], 2) + Math.Pow(1 - x[i], 2);
        Assert.Equal(expectedValue, value, expectedValue * 1e-12);
        for (int i = 0; i < N; i++) Assert.Equal(expected[i], gradient[i], 1e-10 * Math.Max(1, Math.Abs(expected[i])));
        // A program this large answers Value with its gradient code (no second kernel to compile).
        Assert.True(g.StatementCount > ExprGrad.Compiler.Tuning.SeparateValueKernelLimit);
        Assert.Equal(value, g.Value(x));
    }

    [Fact]
    public void Backend_reports_the_compiler_used()
    {
        Assert.Equal("FastExpressionCompiler", Grad.Compile(v => v[0] * v[0], 1).Backend);
        Assert.Equal("System.Linq.Expressions",
            Grad.Compile(v => v[0] * v[0], 1, new GradOptions { Backend = CompilerBackend.SystemLinqExpressions }).Backend);
    }

    [Fact]
    public void Wrong_span_lengths_throw_naming_expected_and_actual_length()
    {
        var g = Grad.Compile(v => v[0] * v[1], 2);
        var e1 = Assert.Throws<ArgumentException>(() => g.ValueAndGradient(new double[3], new double[2]));
        Assert.Contains("length 3", e1.Message);
        Assert.Contains("dimension 2", e1.Message);
        var e2 = Assert.Throws<ArgumentException>(() => g.ValueAndGradient(new double[2], new double[1]));
        Assert.Equal("gradient", e2.ParamName);
        Assert.Throws<ArgumentException>(() => g.Value(new double[1]));
        // The instance still works after the failures.
        Assert.Equal(6, g.ValueAndGradient([2, 3], new double[2]), 1e-15);
    }

    [Fact]
    public void Value_only_matches_value_and_gradient()
    {
        var g = Grad.Compile(v => Rosenbrock(v) * Exp(v[1]), 5);
        var x = Point(5, 9);
        Assert.Equal(g.ValueAndGradient(x, new double[5]), g.Value(x));
    }
}
