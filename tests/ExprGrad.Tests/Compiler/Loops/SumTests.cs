using static ExprGrad.Scalar;

namespace ExprGrad.Tests.Compiler.Loops;

/// <summary>
/// Scalar.Sum: traced once, compiled as a loop, differentiated without a tape. Every mode must agree with
/// the unrolled C# loop: 1e-12 relative (|a - b| / max(1, |a|, |b|)); sums in a different order differ in
/// the last bits only.
/// </summary>
public class SumTests
{
    private const double Tolerance = 1e-12;

    private static Scalar RosenbrockSum(Vec x) => Sum(x.Length - 1, i => 100 * Square(x[i + 1] - Square(x[i])) + Square(1 - x[i]));

    private static Scalar RosenbrockUnrolled(Vec x)
    {
        Scalar s = 0;
        for (int i = 0; i < x.Length - 1; i++) s += 100 * Square(x[i + 1] - Square(x[i])) + Square(1 - x[i]);
        return s;
    }

    public static TheoryData<string, string> Cases()
    {
        var data = new TheoryData<string, string>();
        foreach (string f in Functions.Keys) foreach (string mode in Modes.Names) data.Add(f, mode);
        return data;
    }

    // Each pair: the function with Sum, and the same function unrolled by hand.
    private static readonly Dictionary<string, (Func<Vec, Scalar> WithSum, Func<Vec, Scalar> Unrolled)> Functions = new()
    {
        ["rosenbrock"] = (RosenbrockSum, RosenbrockUnrolled),
        // The loss depends on the sum non-linearly: the adjoint loop needs the forward loop's result.
        ["log_of_sum_with_outer_value"] = (
            v => Log(Sum(v.Length, i => Exp(v[i] * v[0]))) + Sqrt(Square(v[1]) + 1),
            v => { Scalar s = 0; for (int i = 0; i < v.Length; i++) s += Exp(v[i] * v[0]); return Log(s) + Sqrt(Square(v[1]) + 1); }),
        // Outer values computed before the sum, used inside it.
        ["captured_outer_values"] = (
            v => { Scalar a = Tanh(v[0]), b = v[1] * v[2]; return Sum(v.Length - 2, i => a * Sin(v[i + 2] * b) + Square(v[i] - a)); },
            v =>
            {
                Scalar a = Tanh(v[0]), b = v[1] * v[2];
                Scalar s = 0;
                for (int i = 0; i < v.Length - 2; i++) s += a * Sin(v[i + 2] * b) + Square(v[i] - a);
                return s;
            }),
        // Strided and reversed indices touching the same entries from several iterations.
        ["strided_and_overlapping"] = (
            v => Sum(v.Length / 2, i => v[2 * i] * v[2 * i + 1] + Square(v[i])) * Sum(3, j => v[j * 2 + 1]),
            v =>
            {
                Scalar s = 0, t = 0;
                for (int i = 0; i < v.Length / 2; i++) s += v[2 * i] * v[2 * i + 1] + Square(v[i]);
                for (int j = 0; j < 3; j++) t += v[2 * j + 1];
                return s * t;
            }),
        ["nested"] = (
            v => Sum(3, i => Sum(4, j => v[i] * v[j + 2] * Cos(v[i + 1] - v[j])) + v[i]),
            v =>
            {
                Scalar s = 0;
                for (int i = 0; i < 3; i++)
                {
                    Scalar t = 0;
                    for (int j = 0; j < 4; j++) t += v[i] * v[j + 2] * Cos(v[i + 1] - v[j]);
                    s += t + v[i];
                }
                return s;
            }),
        ["where_in_body"] = (
            v => Sum(v.Length, i => Where(v[i] > 0, Square(v[i]), -v[i] * 0.5)),
            v => { Scalar s = 0; for (int i = 0; i < v.Length; i++) s += Where(v[i] > 0, Square(v[i]), -v[i] * 0.5); return s; }),
    };

    [Theory, MemberData(nameof(Cases))]
    public void Sum_matches_the_unrolled_loop(string function, string mode)
    {
        const int N = 8;
        var (withSum, unrolled) = Functions[function];
        var reference = Grad.Tape(unrolled, N);
        var g = Modes.Create(mode, withSum, N);
        var random = new Random(function.Length);
        for (int trial = 0; trial < 3; trial++)
        {
            double[] x = [.. Enumerable.Range(0, N).Select(_ => random.NextDouble() * 2 - 1)];
            var (expectedValue, expected) = Modes.Evaluate(reference, x);
            var (value, gradient) = Modes.Evaluate(g, x);
            Assert.True(Close(expectedValue, value), $"{function}/{mode}: value {value:R} vs {expectedValue:R}");
            for (int i = 0; i < N; i++)
                Assert.True(Close(expected[i], gradient[i]), $"{function}/{mode}: gradient[{i}] {gradient[i]:R} vs {expected[i]:R}");
        }
    }

    [Fact]
    public void Forward_and_reverse_share_one_loop_when_the_sums_adjoint_is_known_before_it()
    {
        static int Loops(CompiledGradient g) => g.ToCSharpString().Split("while (true)").Length - 1;
        // loss = sum + other terms: the sum's adjoint is 1, known before the loop runs: one fused loop.
        Assert.Equal(1, Loops(Grad.Compile(v => RosenbrockSum(v) + Square(v[0]), 10)));
        // loss = log(sum): the adjoint 1/sum needs the finished sum: a forward loop, then an adjoint loop.
        Assert.Equal(2, Loops(Grad.Compile(v => Log(RosenbrockSum(v)), 10)));
    }

    [Fact]
    public void A_sum_compiles_to_a_loop_not_to_copies_of_its_body()
    {
        var small = Grad.Compile(RosenbrockSum, 10);
        var large = Grad.Compile(RosenbrockSum, 10_000);
        Assert.Equal(small.StatementCount, large.StatementCount);
        Assert.Contains("while (true)", large.ToCSharpString());
    }

    [Theory]
    [InlineData(CompilerBackend.FastExpressionCompiler)]
    [InlineData(CompilerBackend.SystemLinqExpressions)]
    public void Rosenbrock_with_ten_thousand_inputs_written_with_Sum_is_exact(CompilerBackend backend)
    {
        const int N = 10_000;
        var g = Grad.Compile(RosenbrockSum, N, new GradOptions { Backend = backend });
        var random = new Random(5);
        double[] x = [.. Enumerable.Range(0, N).Select(_ => random.NextDouble() * 2 - 1)];
        var gradient = new double[N];
        double value = g.ValueAndGradient(x, gradient);
        double expectedValue = 0;
        var expected = new double[N];
        for (int i = 0; i < N - 1; i++)
        {
            double t = x[i + 1] - x[i] * x[i], u = 1 - x[i];
            expectedValue += 100 * t * t + u * u;
            expected[i] += -400 * t * x[i] - 2 * u;
            expected[i + 1] += 200 * t;
        }
        Assert.True(Close(expectedValue, value));
        for (int i = 0; i < N; i++) Assert.True(Close(expected[i], gradient[i]), $"gradient[{i}] {gradient[i]:R} vs {expected[i]:R}");
    }

    [Fact]
    public void Calls_with_loops_allocate_nothing_and_are_thread_safe()
    {
        var g = Grad.Compile(Functions["captured_outer_values"].WithSum, 12);
        double[][] inputs = [.. Enumerable.Range(0, 16)
            .Select(s => new Random(s).NextDouble() is var r ? Enumerable.Range(0, 12).Select(i => r * i - 1).ToArray() : [])];
        var expected = inputs.Select(x => Modes.Evaluate(g, x)).ToArray();
        var gradient = new double[12];
        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 10_000; i++) g.ValueAndGradient(inputs[i % 16], gradient);
        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
        int mismatches = 0;
        Parallel.For(0, 8, t =>
        {
            var local = new double[12];
            for (int c = 0; c < 20_000; c++)
            {
                int i = (c + t) % 16;
                double v = g.ValueAndGradient(inputs[i], local);
                if (v != expected[i].Value || !local.AsSpan().SequenceEqual(expected[i].Gradient)) Interlocked.Increment(ref mismatches);
            }
        });
        Assert.Equal(0, mismatches);
    }

    [Fact]
    public void A_loop_index_outside_the_vector_is_reported_when_tracing()
    {
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => Grad.Compile(v => Sum(v.Length, i => v[i + 1]), 4));
        Assert.Contains("reads entries 1..4", e.Message);
        Assert.Contains("length 4", e.Message);
    }

    [Fact]
    public void Empty_and_negative_counts()
    {
        Assert.Equal(0, Grad.Compile(v => v[0] + Sum(0, i => v[i]), 1).Value([0.0]), 0);
        Assert.Throws<ArgumentOutOfRangeException>(() => Grad.Compile(v => Sum(-1, i => v[i]), 1));
    }

    private static bool Close(double a, double b) => Math.Abs(a - b) <= Tolerance * Math.Max(1, Math.Max(Math.Abs(a), Math.Abs(b)));
}
