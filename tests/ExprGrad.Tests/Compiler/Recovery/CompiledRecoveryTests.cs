using ExprGrad.Compiler;
using static ExprGrad.Scalar;
using static ExprGrad.Tests.Ops.OpCases;

namespace ExprGrad.Tests.Compiler.Recovery;

/// <summary>
/// Plain C# loops compiled with loop recovery (the default) against the same functions compiled unrolled
/// (<see cref="GradOptions.RecoverLoops"/> = false): the value must have the same bits (the loop adds the same terms in
/// the same order, from the same start), the gradient agrees to 1e-12 relative (its sums run in another order), in
/// every code shape: both backends, workspace units, split bodies, the value-only kernel, parallel blocks (there the
/// value too only to rounding: the blocks are added in another order).
/// </summary>
public class CompiledRecoveryTests
{
    private const double Tolerance = 1e-12;

    private static readonly double[] T = [.. Enumerable.Range(0, 40).Select(i => 0.1 * i)];
    private static readonly double[] Y = [.. T.Select(t => 2 * Math.Exp(-0.3 * t) + 0.01 * Math.Sin(7 * t))];

    internal static readonly Dictionary<string, (Func<Vec, Scalar> F, int Dimension, int Loops)> Functions = new()
    {
        ["rosenbrock"] = (x =>
        {
            Scalar s = 0;
            for (int i = 0; i < x.Length - 1; i++) s += 100 * Square(x[i + 1] - Square(x[i])) + Square(1 - x[i]);
            return s;
        }, 30, 1),
        // A start that is an input, a subtraction chain, strided indices.
        ["start_and_subtraction"] = (x =>
        {
            Scalar s = x[0];
            for (int i = 0; i < 10; i++) s -= x[2 * i + 1] * Sin(x[2 * i]);
            return s * Cos(x[3]);
        }, 21, 1),
        // Captured double[]s trace a different constant into every term: a table.
        ["captured_arrays"] = (b =>
        {
            Scalar s = 0;
            for (int i = 0; i < T.Length; i++) s += Square(b[0] * Exp(-b[1] * T[i]) - Y[i]);
            return s;
        }, 2, 1),
        // The hidden units' sums inside the per-sample sum; data and targets captured.
        ["mlp"] = (SmallMlp.Loss, SmallMlp.Dimension, 2),
        ["outer_values_and_log"] = (x =>
        {
            Scalar a = Tanh(x[0]), b = x[1] * x[2];
            Scalar s = 0;
            for (int i = 0; i < x.Length - 2; i++) s += a * Sin(x[i + 2] * b) + Square(x[i] - a);
            return Log(s) + s;
        }, 20, 1),
        // A term differs in one iteration: two loops around it, each recovered.
        ["split_by_a_different_term"] = (x =>
        {
            Scalar s = 0;
            for (int i = 0; i < 30; i++) s += i == 14 ? Cos(x[i]) : Sin(x[i]) * x[i + 1];
            return s;
        }, 31, 2),
    };

    public static TheoryData<string, string> Cases()
    {
        var data = new TheoryData<string, string>();
        foreach (string f in Functions.Keys) foreach (string shape in Shapes.Keys) data.Add(f, shape);
        return data;
    }

    private static readonly Dictionary<string, GradOptions> Shapes = new()
    {
        ["fec"] = new() { Backend = CompilerBackend.FastExpressionCompiler },
        ["system"] = new() { Backend = CompilerBackend.SystemLinqExpressions },
        ["units"] = new() { UnitSize = 3 },
        ["split"] = new() { UnitSize = 3, SplitAbove = 2 },
        ["parallel"] = new() { Parallel = true, ParallelMinimumWork = 0 },
    };

    [Theory, MemberData(nameof(Cases))]
    public void Recovered_loops_give_the_unrolled_value_bit_for_bit_and_its_gradient(string function, string shape)
    {
        var (f, n, _) = Functions[function];
        GradOptions options = Shapes[shape];
        CompiledGradient unrolled = Grad.Compile(f, n, new GradOptions { RecoverLoops = false, Backend = options.Backend });
        CompiledGradient recovered = Grad.Compile(f, n, options);
        Assert.True(recovered.StatementCount < unrolled.StatementCount / 2,
            $"{recovered.StatementCount} statements recovered, {unrolled.StatementCount} unrolled");
        bool exact = !options.Parallel;
        var random = new Random(3);
        for (int trial = 0; trial < 3; trial++)
        {
            double[] x = [.. Enumerable.Range(0, n).Select(_ => random.NextDouble() * 1.6 - 0.8)];
            var (value, gradient) = Modes.Evaluate(unrolled, x);
            var (actual, actualGradient) = Modes.Evaluate(recovered, x);
            if (exact)
            {
                Assert.Equal(BitConverter.DoubleToInt64Bits(value), BitConverter.DoubleToInt64Bits(actual));
                Assert.Equal(BitConverter.DoubleToInt64Bits(value), BitConverter.DoubleToInt64Bits(recovered.Value(x)));
            }
            else AssertClose(value, actual, Tolerance, "value");
            for (int k = 0; k < n; k++) AssertClose(gradient[k], actualGradient[k], Tolerance, $"d/dx{k}");
        }
    }

    [Fact]
    public void Rosenbrock_ten_thousand_as_a_plain_loop_compiles_to_the_size_of_its_Sum_form()
    {
        const int n = 10_000;
        var plain = Grad.Compile(Functions["rosenbrock"].F, n);
        var sum = Grad.Compile(x => Sum(x.Length - 1, i => 100 * Square(x[i + 1] - Square(x[i])) + Square(1 - x[i])), n);
        Assert.True(plain.StatementCount <= 2 * sum.StatementCount, $"{plain.StatementCount} statements, the Sum form {sum.StatementCount}");
        double[] x = [.. Enumerable.Range(0, n).Select(i => Math.Sin(i))];
        var (value, gradient) = Modes.Evaluate(plain, x);
        double expected = 0;
        for (int i = 0; i < n - 1; i++) expected += 100 * ((x[i + 1] - x[i] * x[i]) * (x[i + 1] - x[i] * x[i])) + (1 - x[i]) * (1 - x[i]);
        Assert.Equal(expected, value); // the plain loop's additions, in its order
        var (_, sumGradient) = Modes.Evaluate(sum, x);
        for (int k = 0; k < n; k++) AssertClose(sumGradient[k], gradient[k], Tolerance, $"d/dx{k}");
    }

    [Fact]
    public void Recovered_code_shows_the_loop()
    {
        string code = Grad.Compile(Functions["captured_arrays"].F, 2).ToCSharpString();
        Assert.Contains("while (true)", code);
        Assert.DoesNotContain("v200", code); // 40 unrolled terms would name hundreds of nodes
    }

    [Theory]
    [InlineData("rosenbrock")]
    [InlineData("captured_arrays")]
    [InlineData("mlp")]
    public void Recovered_loops_allocate_nothing_per_call(string function)
    {
        var (f, n, _) = Functions[function];
        foreach (GradOptions options in new[] { GradOptions.Default, new GradOptions { UnitSize = 3, SplitAbove = 2 } })
        {
            CompiledGradient g = Grad.Compile(f, n, options);
            double[] x = [.. Enumerable.Range(0, n).Select(i => 0.1 * i)], gradient = new double[n];
            g.ValueAndGradient(x, gradient);
            g.Value(x);
            long before = GC.GetAllocatedBytesForCurrentThread();
            for (int c = 0; c < 100; c++) { g.ValueAndGradient(x, gradient); g.Value(x); }
            Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
        }
    }

    [Fact]
    public void Eight_threads_get_the_serial_bits_from_recovered_loops()
    {
        var (f, n, _) = Functions["mlp"];
        CompiledGradient g = Grad.Compile(f, n, new GradOptions { UnitSize = 40 });
        var random = new Random(9);
        double[][] inputs = [.. Enumerable.Range(0, 31).Select(_ => Enumerable.Range(0, n).Select(_ => random.NextDouble() - 0.5).ToArray())];
        var expected = inputs.Select(x => Modes.Evaluate(g, x)).ToArray();
        int mismatches = 0;
        using var start = new Barrier(8);
        var threads = Enumerable.Range(0, 8).Select(t => new Thread(() =>
        {
            var gradient = new double[n];
            start.SignalAndWait();
            for (int c = 0; c < 2_000; c++)
            {
                int i = (c * 7 + t * 13) % inputs.Length;
                double value = g.ValueAndGradient(inputs[i], gradient);
                if (BitConverter.DoubleToInt64Bits(value) != BitConverter.DoubleToInt64Bits(expected[i].Value)
                    || !gradient.AsSpan().SequenceEqual(expected[i].Gradient)) Interlocked.Increment(ref mismatches);
            }
        })).ToList();
        threads.ForEach(thread => thread.Start());
        threads.ForEach(thread => thread.Join());
        Assert.Equal(0, mismatches);
    }

    [Fact]
    public void Recovery_is_off_with_RecoverLoops_false_and_below_the_minimum_count()
    {
        var (f, n, _) = Functions["rosenbrock"];
        int recovered = Grad.Compile(f, n).StatementCount;
        Assert.True(Grad.Compile(f, n, new GradOptions { RecoverLoops = false }).StatementCount > 5 * recovered);
        Assert.True(Grad.Compile(f, n, new GradOptions { MinRecoveredIterations = n }).StatementCount > 5 * recovered);
        Assert.Equal(Tuning.MinRecoveredIterations, GradOptions.Default.MinRecoveredIterations);
    }
}
