using static ExprGrad.Scalar;
using static ExprGrad.Tests.Ops.OpCases;

namespace ExprGrad.Tests.Compiler.Api;

/// <summary>
/// Data the way users hold it (issue 13 §2): several named data vectors, bound from one array each, and
/// <see cref="Vec.Of(double[])"/> views of captured arrays read by a loop index (compiled in as tables). Each form must
/// give what the same model gives written with one interleaved data vector, or on tape (1e-12 relative; the same
/// additions in the same order give the same bits).
/// </summary>
public class DataVectorsTests
{
    private const int N = 40;
    private static readonly double[] T = [.. Enumerable.Range(0, N).Select(i => 0.1 * i)];
    private static readonly double[] Y = [.. T.Select(t => 2 * Math.Exp(-0.3 * t) + 0.01 * Math.Sin(7 * t))];
    private static readonly double[] Interleaved = [.. Enumerable.Range(0, 2 * N).Select(k => k % 2 == 0 ? T[k / 2] : Y[k / 2])];
    private static readonly double[] B = [1.7, 0.2];

    private static Scalar Residual(Vec b, Scalar t, Scalar y) => Square(b[0] * Exp(-b[1] * t) - y);

    // The reference: one data vector, t and y interleaved.
    private static readonly CompiledGradient Packed = Grad.Compile((Vec b, Vec d) => Sum(N, i => Residual(b, d[2 * i], d[2 * i + 1])), 2, 2 * N);

    [Theory]
    [InlineData(CompilerBackend.FastExpressionCompiler)]
    [InlineData(CompilerBackend.SystemLinqExpressions)]
    public void Two_named_data_vectors_bound_from_their_arrays(CompilerBackend backend)
    {
        var fit = Grad.Compile((Vec b, Vec t, Vec y) => Sum(t.Length, i => Residual(b, t[i], y[i])), 2, N, N, new GradOptions { Backend = backend });
        Assert.Equal(2 * N, fit.DataLength);
        var expected = Modes.Evaluate(Packed.Bind(Interleaved), B);
        AssertSame(expected, Modes.Evaluate(fit.Bind(T, Y), B));
        AssertSame(expected, Modes.Evaluate(fit.Bind([.. T, .. Y]), B)); // one span: the vectors one after the other
        var gradient = new double[2];
        Assert.Equal(expected.Value, fit.ValueAndGradient(B, [.. T, .. Y], gradient));
    }

    [Fact]
    public void Three_data_vectors_of_different_lengths_read_inside_and_outside_loops()
    {
        double[] scale = [0.5, 2];
        var fit = Grad.Compile((Vec b, Vec t, Vec y, Vec s) => s[1] * Sum(N, i => s[0] * Residual(b, t[i], y[2 * i + 1])), 2, N, 2 * N, 2);
        double[] yWide = [.. Enumerable.Range(0, 2 * N).Select(k => k % 2 == 1 ? Y[k / 2] : double.NaN)];
        var tape = Grad.Tape(b =>
        {
            Scalar sum = 0;
            for (int i = 0; i < N; i++) sum += scale[0] * Residual(b, T[i], Y[i]);
            return scale[1] * sum;
        }, 2);
        AssertAgree(Modes.Evaluate(tape, B), Modes.Evaluate(fit.Bind(T, yWide, scale), B));
    }

    [Theory]
    [InlineData(CompilerBackend.FastExpressionCompiler)]
    [InlineData(CompilerBackend.SystemLinqExpressions)]
    public void A_Vec_view_of_captured_arrays_is_read_with_the_loop_index(CompilerBackend backend)
    {
        Vec t = Vec.Of(T), y = Vec.Of(Y);
        var fit = Grad.Compile(b => Sum(N, i => Residual(b, t[i], y[i])), 2, new GradOptions { Backend = backend });
        AssertSame(Modes.Evaluate(Packed.Bind(Interleaved), B), Modes.Evaluate(fit, B));
        // The same view in the other modes, and read with an int index.
        foreach (string mode in Modes.Names)
            AssertAgree(Modes.Evaluate(fit, B), Modes.Evaluate(Modes.Create(mode, b => Sum(N, i => Residual(b, t[i], y[i])), 2), B));
        AssertAgree(Modes.Evaluate(fit, B), Modes.Evaluate(Grad.Compile(b => Sum(N - 1, i => Residual(b, t[i], y[i])) + Residual(b, t[N - 1], y[N - 1]), 2), B));
    }

    [Fact]
    public void A_view_is_compiled_in_once_per_array_and_later_changes_are_not_seen()
    {
        double[] values = [.. T];
        Vec v = Vec.Of(values);
        var g = Grad.Compile(x => Sum(N, i => x[0] * v[i]) + Sum(N / 2, i => x[0] * v[2 * i + 1]), 1);
        double before = g.Value([1.0]);
        values[3] = 1e6;
        Assert.Equal(before, g.Value([1.0]));
        Assert.Equal(1, CountTables(x => Sum(N, i => x[0] * v[i]) + Sum(N / 2, i => x[0] * v[2 * i + 1])));
        Assert.Equal(1e6, Vec.Of(values)[3].Value); // read now, outside a recording: the array as it is
    }

    [Fact]
    public void A_view_inside_nested_sums_and_in_a_sum_over_data()
    {
        Vec t = Vec.Of(T);
        Scalar F(Vec b, Vec y) => Sum(4, j => t[j + 1] * Sum(N, i => Residual(b, t[i], y[i]) * t[j]));
        var nested = Grad.Compile(F, 2, N);
        var tape = Grad.Tape(F, 2, Y);
        AssertAgree(Modes.Evaluate(tape, B), Modes.Evaluate(nested.Bind(Y), B));
    }

    private static int CountTables(Func<Vec, Scalar> f)
        => ExprGrad.Tracer.FunctionTracer.Trace(f, 1).Graph.Tables.Count;

    /// <summary>
    /// Issue 14 with named data vectors: a Huber fit written with plain <c>if</c>s over <c>(Vec b, Vec t, Vec y)</c>, and a
    /// decision on a data value, compile a path per set of decisions, checked on each call's data, and agree with tape
    /// mode (1e-12) at points on several paths, through <c>Bind</c> and the one-span call, past <c>MaxPaths</c> too.
    /// </summary>
    [Theory]
    [InlineData(CompilerBackend.FastExpressionCompiler)]
    [InlineData(CompilerBackend.SystemLinqExpressions)]
    public void Named_data_vectors_with_branches_compile_a_path_per_decision(CompilerBackend backend)
    {
        const int n = 4;
        static Scalar Huber(Vec b, Vec t, Vec y)
        {
            Scalar s = 0;
            for (int i = 0; i < t.Length; i++)
            {
                Scalar r = b[0] * t[i] + b[1] - y[i];
                if (Abs(r) <= 1) s += 0.5 * r * r;
                else s += Abs(r) - 0.5;
            }
            return y[0] > 0 ? s : 2 * s; // a decision on data alone
        }
        double[] t = [0, 1, 2, 3], y = [1, 2, 2.5, 5], yNegative = [-1, 2, 2.5, 5];
        var fit = Grad.Compile((Vec b, Vec tv, Vec yv) => Huber(b, tv, yv), 2, n, n, new GradOptions { Backend = backend, MaxPaths = 3 });
        Assert.Equal(0, fit.PathCount);
        IGradient bound = fit.Bind(t, y);
        double[][] points = [[1, 0.5], [1.1, 0.4], [3, -2], [0.2, 4], [-1, 0], [1, 0.5]];
        foreach (double[] b in points)
            foreach (double[] yCall in new[] { y, yNegative })
            {
                var tape = Grad.Tape(x => Huber(x, Vec.Of(t), Vec.Of(yCall)), 2);
                var expected = Modes.Evaluate(tape, b);
                var gradient = new double[2];
                double value = fit.ValueAndGradient(b, [.. t, .. yCall], gradient);
                AssertAgree(expected, (value, gradient));
                if (yCall == y) AssertAgree(expected, Modes.Evaluate(bound, b));
            }
        Assert.Equal(3, fit.PathCount);
        Assert.True(fit.FallbackCount > 0, "more than MaxPaths = 3 sets of decisions: the rest on tape");
        Assert.Contains("guards", fit.ToCSharpString());
    }

    /// <summary>
    /// 8 threads on points and data that alternate between two cached paths and the tape fallback (MaxPaths = 2, so the
    /// third set of decisions goes to the tape, whose data vectors are per thread) get the serial results bit for bit.
    /// </summary>
    [Fact]
    public void Eight_threads_on_paths_and_the_fallback_of_named_data_vectors_get_the_serial_bits()
    {
        static Scalar Piecewise(Vec b, Vec t, Vec y)
        {
            Scalar s = 0;
            for (int i = 0; i < t.Length; i++) s += y[i] > b[0] ? Square(b[1] * t[i] - y[i]) : Abs(b[1] * t[i]);
            return s;
        }
        var options = new GradOptions { MaxPaths = 2 };
        double[] t = [0.5, 1, 2];
        double[][] ys = [[1, 2, 3], [-1, 2, 3], [-1, -2, 3]];
        double[][] points = [[0, 1.5], [0, -0.5], [0.5, 2]];
        var serial = Grad.Compile((Vec b, Vec tv, Vec yv) => Piecewise(b, tv, yv), 2, 3, 3, options);
        var calls = (from y in ys from b in points select (b, Data: (double[])[.. t, .. y])).ToArray();
        var expected = calls.Select(c => { var g = new double[2]; return (Value: serial.ValueAndGradient(c.b, c.Data, g), Gradient: g); }).ToArray();
        Assert.True(serial.FallbackCount > 0, "three sets of decisions, two paths: the fallback answers some calls");
        var shared = Grad.Compile((Vec b, Vec tv, Vec yv) => Piecewise(b, tv, yv), 2, 3, 3, options);
        int mismatches = 0;
        Parallel.For(0, 8, new ParallelOptions { MaxDegreeOfParallelism = 8 }, thread =>
        {
            var gradient = new double[2];
            for (int k = 0; k < 500; k++)
            {
                int c = (k + thread) % calls.Length;
                double value = shared.ValueAndGradient(calls[c].b, calls[c].Data, gradient);
                if (BitConverter.DoubleToInt64Bits(value) != BitConverter.DoubleToInt64Bits(expected[c].Value) || !gradient.AsSpan().SequenceEqual(expected[c].Gradient))
                    Interlocked.Increment(ref mismatches);
            }
        });
        Assert.Equal(0, mismatches);
        Assert.Equal(2, shared.PathCount);
    }

    private static void AssertSame((double Value, double[] Gradient) expected, (double Value, double[] Gradient) actual)
    {
        Assert.Equal(expected.Value, actual.Value);
        for (int k = 0; k < expected.Gradient.Length; k++) AssertClose(expected.Gradient[k], actual.Gradient[k], 1e-12, $"d/db{k}");
    }

    private static void AssertAgree((double Value, double[] Gradient) expected, (double Value, double[] Gradient) actual)
    {
        AssertClose(expected.Value, actual.Value, 1e-12, "value");
        for (int k = 0; k < expected.Gradient.Length; k++) AssertClose(expected.Gradient[k], actual.Gradient[k], 1e-12, $"d/db{k}");
    }
}
