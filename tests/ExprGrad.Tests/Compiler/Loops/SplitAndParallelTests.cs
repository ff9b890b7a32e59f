using static ExprGrad.Scalar;

namespace ExprGrad.Tests.Compiler.Loops;

/// <summary>
/// Loops run as delegates: bodies too large for one method cut into chunks (values crossing chunks through the
/// workspace), and top-level sums split over cores in fixed blocks. Checked against the unrolled loop on tape:
/// 1e-12 relative (|a - b| / max(1, |a|, |b|)); a parallel sum adds in another order, so only the last bits differ.
/// </summary>
public class SplitAndParallelTests
{
    private const double Tolerance = 1e-12;
    private const int Points = 40, Terms = 150, Dimension = Points + 8;

    // A body of ~2,000 statements (above Tuning.SplitAbove): inputs read at constant indices (their adjoints
    // are loop accumulators), through the index (scattered), outer values, data, and a nested sum.
    private static Scalar Body(Vec w, Vec data, LoopIndex i, Scalar outer)
    {
        Scalar s = outer * data[2 * i];
        for (int t = 0; t < Terms; t++)
            s += Sin(w[t % 8] * data[2 * i + 1] + t * 0.01) * w[(t + 3) % 8] + Square(w[t % 4] - 0.1 * t);
        return s + Sum(3, j => w[j] * data[2 * i] * w[j + 1]) + Square(w[i + 8] * data[2 * i + 1] - w[i + 7]);
    }

    private static Scalar Loss(Vec w, Vec data)
    {
        Scalar outer = Tanh(w[0] * w[1]);
        return Sum(Points, i => Body(w, data, i, outer)) + Square(w[2]);
    }

    private static Scalar LossOfSum(Vec w, Vec data) => Log(1 + Square(Loss(w, data)));

    private static Scalar Unrolled(Vec w, Vec data, bool logOfSum)
    {
        Scalar outer = Tanh(w[0] * w[1]), sum = 0;
        for (int i = 0; i < Points; i++)
        {
            Scalar s = outer * data[2 * i];
            for (int t = 0; t < Terms; t++)
                s += Sin(w[t % 8] * data[2 * i + 1] + t * 0.01) * w[(t + 3) % 8] + Square(w[t % 4] - 0.1 * t);
            Scalar nested = 0;
            for (int j = 0; j < 3; j++) nested += w[j] * data[2 * i] * w[j + 1];
            sum += s + nested + Square(w[i + 8] * data[2 * i + 1] - w[i + 7]);
        }
        Scalar loss = sum + Square(w[2]);
        return logOfSum ? Log(1 + Square(loss)) : loss;
    }

    private static readonly double[] W = [.. Enumerable.Range(0, Dimension).Select(k => Math.Sin(k * 1.7) * 0.5)];

    private static double[] Data(int seed)
    {
        var random = new Random(seed);
        return [.. Enumerable.Range(0, 2 * Points).Select(_ => random.NextDouble() * 2 - 1)];
    }

    public static TheoryData<CompilerBackend, bool, bool> Cases()
    {
        var data = new TheoryData<CompilerBackend, bool, bool>();
        foreach (var backend in new[] { CompilerBackend.FastExpressionCompiler, CompilerBackend.SystemLinqExpressions })
            foreach (bool parallel in new[] { false, true })
                foreach (bool logOfSum in new[] { false, true })
                    data.Add(backend, parallel, logOfSum);
        return data;
    }

    [Theory, MemberData(nameof(Cases))]
    public void A_split_loop_body_matches_the_unrolled_loop(CompilerBackend backend, bool parallel, bool logOfSum)
    {
        // logOfSum: the sum's adjoint needs the finished sum (a forward loop, then an adjoint loop); otherwise one fused loop.
        var options = new GradOptions { Backend = backend, Parallel = parallel, ParallelMinimumWork = 0 };
        CompiledGradient g = Grad.Compile(logOfSum ? LossOfSum : Loss, Dimension, 2 * Points, options);
        string code = g.ToCSharpString();
        Assert.Contains("Chunk", code);
        Assert.Equal(parallel, code.Contains("ParallelLoop", StringComparison.Ordinal));
        foreach (int seed in new[] { 1, 2 })
        {
            double[] data = Data(seed);
            var (expectedValue, expected) = Modes.Evaluate(Grad.Tape((w, d) => Unrolled(w, d, logOfSum), Dimension, data), W);
            var gradient = new double[Dimension];
            double value = g.ValueAndGradient(W, data, gradient);
            Assert.True(Close(expectedValue, value, Tolerance), $"value {value:R} vs {expectedValue:R}");
            for (int k = 0; k < Dimension; k++)
                Assert.True(Close(expected[k], gradient[k], Tolerance), $"gradient[{k}] {gradient[k]:R} vs {expected[k]:R}");
            Assert.Equal(value, g.Value(W, data));
        }
    }

    private static bool Close(double a, double b, double tolerance) => Math.Abs(a - b) <= tolerance * Math.Max(1, Math.Max(Math.Abs(a), Math.Abs(b)));

    [Fact]
    public void A_split_loop_gives_the_same_bits_as_the_same_loop_in_one_method()
    {
        double[] data = Data(3);
        var split = Grad.Compile(Loss, Dimension, 2 * Points);
        var whole = Grad.Compile(Loss, Dimension, 2 * Points, new GradOptions { SplitAbove = int.MaxValue });
        Assert.DoesNotContain("Chunk", whole.ToCSharpString());
        var (a, b) = (new double[Dimension], new double[Dimension]);
        Assert.Equal(whole.ValueAndGradient(W, data, a), split.ValueAndGradient(W, data, b));
        Assert.Equal(a, b);
    }

    [Fact]
    public void Parallel_sums_give_the_same_bits_on_every_call_and_thread()
    {
        double[] data = Data(4);
        var g = Grad.Compile(Loss, Dimension, 2 * Points, new GradOptions { Parallel = true, ParallelMinimumWork = 0 });
        var first = new double[Dimension];
        double firstValue = g.ValueAndGradient(W, data, first);
        int mismatches = 0;
        Parallel.For(0, 4, _ =>
        {
            var gradient = new double[Dimension];
            for (int c = 0; c < 50; c++)
                if (g.ValueAndGradient(W, data, gradient) != firstValue || !gradient.AsSpan().SequenceEqual(first)) Interlocked.Increment(ref mismatches);
        });
        Assert.Equal(0, mismatches);
    }

    [Fact]
    public void A_split_loop_call_allocates_nothing()
    {
        double[] data = Data(5);
        var g = Grad.Compile(Loss, Dimension, 2 * Points);
        var gradient = new double[Dimension];
        g.ValueAndGradient(W, data, gradient);
        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int c = 0; c < 100; c++) g.ValueAndGradient(W, data, gradient);
        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }

    [Fact]
    public void Small_sums_stay_serial_with_the_parallel_option()
    {
        // 10 iterations of a 20-statement body: far below Tuning.ParallelMinimumWork, a parallel call would cost more than it saves.
        var g = Grad.Compile(v => Sum(v.Length - 1, i => 100 * Square(v[i + 1] - Square(v[i])) + Square(1 - v[i])), 11, new GradOptions { Parallel = true });
        Assert.DoesNotContain("ParallelLoop", g.ToCSharpString());
    }
}
