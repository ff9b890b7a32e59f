using ExprGrad.Compiler;
using ExprGrad.Tracer;
using static ExprGrad.Scalar;

namespace ExprGrad.Tests.Compiler.Paths;

/// <summary>
/// What a cached path guarantees at run time: no allocation, 8 threads alternating between paths get the serial bits, a
/// path compiled once under concurrent misses, a failing guard leaving the caller's gradient untouched in every code
/// shape, and C#'s NaN semantics in every decision.
/// </summary>
public class PathRuntimeTests
{
    [Theory]
    [InlineData(CompilerBackend.FastExpressionCompiler, 250)]
    [InlineData(CompilerBackend.SystemLinqExpressions, 250)]
    [InlineData(CompilerBackend.Auto, 3)]
    public void Calls_alternating_between_cached_paths_allocate_nothing(CompilerBackend backend, int unitSize)
    {
        var g = Grad.Compile(PathTests.Huber, 2, new GradOptions { Backend = backend, UnitSize = unitSize });
        double[] inside = [0.5, 0.1], outside = [4, 0.1];
        var gradient = new double[2];
        // Warm up until tiered compilation has settled (its first tiers may allocate), then measure.
        for (int i = 0; i < 2_000; i++) { g.ValueAndGradient(inside, gradient); g.ValueAndGradient(outside, gradient); g.Value(outside); }
        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 10_000; i++) { g.ValueAndGradient(inside, gradient); g.ValueAndGradient(outside, gradient); }
        for (int i = 0; i < 1_000; i++) g.Value(inside);
        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
        Assert.Equal(2, g.PathCount);
    }

    // A clamp-and-penalty objective with a sum before its branch: four paths.
    private static Scalar Penalised(Vec x)
    {
        Scalar norm = Sum(x.Length, i => Square(x[i]));
        Scalar loss = norm > 4 ? 4 * Sqrt(norm) - 4 : norm;
        return x[0] < 0 ? loss + 10 * Square(x[0]) : loss + Sin(x[1]);
    }

    [Fact]
    public void Eight_threads_on_points_alternating_between_paths_get_the_serial_bits_and_compile_each_path_once()
    {
        const int threads = 8, calls = 50_000, n = 3;
        double[][] points = [[0.5, 0.2, -0.1], [-0.5, 0.2, 0.1], [3, -2, 1], [-3, 2, 1], [0.1, 0.1, 0.1], [-2.5, 0.1, -1.9]];
        var serial = Grad.Compile(Penalised, n);
        var expected = points.Select(x => Modes.Evaluate(serial, x)).ToArray();
        Assert.Equal(4, serial.PathCount);
        var shared = Grad.Compile(Penalised, n); // cold: the threads' first calls miss together
        int mismatches = 0;
        using var start = new Barrier(threads);
        var workers = Enumerable.Range(0, threads).Select(t => new Thread(() =>
        {
            var gradient = new double[n];
            start.SignalAndWait();
            for (int c = 0; c < calls; c++)
            {
                int i = (c * 5 + t) % points.Length;
                double value = c % 7 == 0 ? shared.Value(points[i]) : shared.ValueAndGradient(points[i], gradient);
                if (BitConverter.DoubleToInt64Bits(value) != BitConverter.DoubleToInt64Bits(expected[i].Value)
                    || (c % 7 != 0 && !gradient.AsSpan().SequenceEqual(expected[i].Gradient)))
                    Interlocked.Increment(ref mismatches);
            }
        })).ToList();
        workers.ForEach(w => w.Start());
        workers.ForEach(w => w.Join());
        Assert.Equal(0, mismatches);
        Assert.Equal(4, shared.PathCount);
        Assert.Equal(0, shared.FallbackCount);
    }

    public static TheoryData<string> Shapes => ["span", "units", "accumulating span", "accumulating units", "parallel units"];

    private static GradOptions OptionsOf(string shape) => shape switch
    {
        "units" or "accumulating units" => new GradOptions { UnitSize = 3 },
        "parallel units" => new GradOptions { Parallel = true, ParallelMinimumWork = 1 },
        _ => GradOptions.Default,
    };

    // x0 > 0 decides; the accumulating shapes scatter a sum's gradient into the gradient while the loop runs.
    private static Func<Vec, Scalar> FunctionOf(string shape) => shape.Contains("accumulating") || shape.Contains("parallel")
        ? x => x[0] > 0 ? Sum(3, i => Square(x[i])) * x[1] : Sum(3, i => x[i])
        : x => x[0] > 0 ? Sin(x[0] * x[1]) * Exp(x[2]) + Square(x[1]) : Sin(x[1]);

    [Theory, MemberData(nameof(Shapes))]
    public void A_failing_guard_leaves_the_callers_gradient_untouched(string shape)
    {
        Traced traced = PathCache.Trace((x, _) => FunctionOf(shape)(x), [1.0, 2, 3], [], [0]);
        CompiledPath path = PathCache.Compile(traced, 0, OptionsOf(shape), CompileMonitor.None);
        Assert.Equal(shape.Contains("span"), path.Kernel.GuardedSpan is not null);
        var gradient = new double[] { 42, 42, 42 };
        Assert.False(path.TryRun([-1.0, 2, 3], [], gradient, out _));
        Assert.Equal([42.0, 42, 42], gradient);
        Assert.True(path.TryRun([1.0, 2, 3], [], gradient, out double value));
        var (tapeValue, tapeGradient) = Modes.Evaluate(Grad.Tape(FunctionOf(shape), 3), 1.0, 2, 3);
        Assert.Equal(tapeValue, value, 1e-15);
        for (int i = 0; i < 3; i++) Assert.Equal(tapeGradient[i], gradient[i], 1e-15);
    }

    public static TheoryData<string> AllModes => Modes.All;

    [Theory, MemberData(nameof(AllModes))]
    public void A_NaN_in_a_decision_follows_CSharp_every_comparison_with_NaN_is_false(string mode)
    {
        // Each branch chooses a different closed form: the value tells which side was taken.
        IGradient g = Modes.Create(mode, x =>
        {
            Scalar a = x[1] > x[0] ? 1.0 : 2.0;                   // NaN > a is false: 2
            Scalar b = x[1] <= x[0] ? 10.0 : 20.0;                // false: 20
            Scalar c = !(x[1] == x[1]) ? 100.0 : 200.0;            // NaN == NaN is false, negated: 100
            Scalar d = x[1] != x[1] && x[0] > 0 ? 1000.0 : 2000.0; // NaN != NaN is true: 1000
            return a + b + c + d + x[0];
        }, 2);
        Assert.Equal(1122.5, g.Value([0.5, double.NaN]));
        Assert.Equal(2221.5, g.Value([0.5, 1.0]));
        Assert.Equal([1.0, 0.0], Modes.Evaluate(g, 0.5, double.NaN).Gradient);
    }

    [Theory, MemberData(nameof(AllModes))]
    public void A_while_loop_whose_trip_count_depends_on_the_value_compiles_a_path_per_count(string mode)
    {
        // Halve until below 1: f = x / 2^k, df/dx = 2^-k, with k the trip count at x.
        IGradient g = Modes.Create(mode, x =>
        {
            Scalar s = x[0];
            while (s >= 1) s = s / 2;
            return s * x[1];
        }, 2);
        foreach (var (x, k) in new[] { (0.5, 0), (1.5, 1), (3.0, 2), (0.75, 0), (12.0, 4), (2.5, 2) })
        {
            var (value, gradient) = Modes.Evaluate(g, x, 3);
            Assert.Equal(3 * x / Math.Pow(2, k), value, 1e-15);
            Assert.Equal([3 / Math.Pow(2, k), x / Math.Pow(2, k)], gradient);
        }
        if (g is CompiledGradient compiled) Assert.Equal(4, compiled.PathCount);
    }

    [Theory, MemberData(nameof(AllModes))]
    public void A_decision_on_a_sums_value_reads_the_value_the_loop_computes(string mode)
    {
        // Newton's iteration for sqrt(s) stopping on a tolerance, s a sum over the inputs: the trip count depends on s.
        IGradient g = Modes.Create(mode, x =>
        {
            Scalar s = Sum(x.Length, i => Square(x[i]));
            Scalar r = s > 1 ? s : 1.0;
            while (Abs(r * r - s) > 1e-12 * s) r = 0.5 * (r + s / r);
            return r;
        }, 3);
        foreach (double[] x in new[] { new[] { 1.0, 2, 2 }, [3.0, 0, 4], [0.1, 0.2, 0.2] })
        {
            double norm = Math.Sqrt(x.Sum(v => v * v));
            var (value, gradient) = Modes.Evaluate(g, x);
            Assert.Equal(norm, value, 1e-12);
            for (int i = 0; i < 3; i++) Assert.Equal(x[i] / norm, gradient[i], 1e-9);
        }
    }

    [Fact]
    public void A_path_with_a_plain_loop_and_a_sum_over_a_table_keeps_its_guards_and_agrees_with_tape()
    {
        double[] weights = [.. Enumerable.Range(0, 12).Select(i => 0.5 + 0.1 * i)];
        Func<Vec, Scalar> f = x =>
        {
            Scalar plain = 0;
            for (int i = 0; i < 12; i++) plain += weights[i] * Square(x[i % 3] - i);   // a plain loop (recovered without paths)
            Vec w = Vec.Of(weights);
            Scalar table = Sum(12, i => w[i] * x[0]);                                    // a sum reading a table
            return table > 1 ? plain + table : plain - Square(table);
        };
        var compiled = Grad.Compile(f, 3);
        IGradient tape = Grad.Tape(f, 3);
        foreach (double[] x in new[] { new[] { 1.0, 2, 3 }, [-1.0, 0.5, 2], [0.01, 1, 1] })
        {
            var (value, gradient) = Modes.Evaluate(compiled, x);
            var (tapeValue, tapeGradient) = Modes.Evaluate(tape, x);
            Assert.Equal(tapeValue, value, 1e-12);
            for (int i = 0; i < 3; i++) Assert.Equal(tapeGradient[i], gradient[i], 1e-12);
        }
        Assert.Equal(2, compiled.PathCount);
    }

    [Fact]
    public void A_decision_on_data_is_a_guard_and_new_data_may_take_another_path()
    {
        var g = Grad.Compile((w, d) => d[0] > 0 ? w[0] * d[0] : w[0] * w[0] * d[1], 1, 2);
        var gradient = new double[1];
        Assert.Equal(6, g.ValueAndGradient([3.0], [2.0, 5], gradient));
        Assert.Equal(2, gradient[0]);
        Assert.Equal(45, g.ValueAndGradient([3.0], [-1.0, 5], gradient));
        Assert.Equal(30, gradient[0]);
        Assert.Equal(2, g.PathCount);
        IGradient bound = g.Bind([-1.0, 5]);
        Assert.Equal(45, bound.Value([3.0]));
        var withExample = Grad.Compile((w, d) => d[0] > 0 ? w[0] * d[0] : w[0] * w[0] * d[1], 1, 2, [3.0], [2.0, 5]);
        Assert.Equal(1, withExample.PathCount);
    }
}
