using CsCheck;
using ExprGrad.Tests.Reliability;
using Xunit.Abstractions;
using static ExprGrad.Scalar;

namespace ExprGrad.Tests.Compiler.Runtime;

/// <summary>
/// Issue 13 §3: <see cref="GradOptions.InterpretWhileCompiling"/>, the tier that is ready at once. A large straight-line
/// program is interpreted until its compiled code takes over; both give the same bits, allocate nothing per call and may be
/// called from many threads across the switch. (The interpreted tier is also a mode of <see cref="Modes"/>, so every
/// op-table, random-program, misuse and concurrency test that runs all modes runs it.)
/// </summary>
public class InterpretedSweepTests(ITestOutputHelper output)
{
    private const int N = 200; // unrolled Rosenbrock: 2,786 statements, above the 1,000 the option waits for

    private static Scalar Rosenbrock(Vec x)
    {
        Scalar s = 0;
        for (int i = 0; i < x.Length - 1; i++) s += 100 * Square(x[i + 1] - x[i] * x[i]) + Square(1 - x[i]);
        return s;
    }

    private static double[] HandGradient(double[] x)
    {
        var g = new double[x.Length];
        for (int i = 0; i < x.Length - 1; i++)
        {
            double t = x[i + 1] - x[i] * x[i];
            g[i] += -400 * x[i] * t - 2 * (1 - x[i]);
            g[i + 1] += 200 * t;
        }
        return g;
    }

    private static double[] Point(int n, int seed)
    {
        var random = new Random(seed);
        return [.. Enumerable.Range(0, n).Select(_ => random.NextDouble() * 2.4 - 1.2)];
    }

    /// <summary>Rosenbrock unrolled (no loop to recover), interpreted until <paramref name="hold"/> completes.</summary>
    private static CompiledGradient Held(Task hold, CompilerBackend backend = CompilerBackend.Auto, CancellationToken cancel = default)
        => Grad.Compile(Rosenbrock, N, new GradOptions
        {
            RecoverLoops = false, InterpretWhileCompiling = true, HoldBackgroundCompile = hold, Backend = backend, CancellationToken = cancel,
        });

    private static bool SameBits(double a, double b) => BitConverter.DoubleToInt64Bits(a) == BitConverter.DoubleToInt64Bits(b) || (double.IsNaN(a) && double.IsNaN(b));

    private static void AssertSameBits((double Value, double[] Gradient) expected, (double Value, double[] Gradient) actual, string what)
    {
        Assert.True(SameBits(expected.Value, actual.Value), $"{what}: value {expected.Value:R} vs {actual.Value:R}");
        for (int i = 0; i < expected.Gradient.Length; i++)
            Assert.True(SameBits(expected.Gradient[i], actual.Gradient[i]), $"{what}: d/dx{i} {expected.Gradient[i]:R} vs {actual.Gradient[i]:R}");
    }

    private static void Finish(CompiledGradient g)
        => Assert.True(g.WhenCompiled.Wait(TimeSpan.FromMinutes(2)), "the background compile did not end within 2 minutes");

    [Theory]
    [InlineData(CompilerBackend.FastExpressionCompiler)]
    [InlineData(CompilerBackend.SystemLinqExpressions)]
    public void Calls_are_interpreted_until_the_compiled_code_takes_over_with_the_same_bits(CompilerBackend backend)
    {
        var hold = new TaskCompletionSource();
        CompiledGradient g = Held(hold.Task, backend);
        Assert.False(g.WhenCompiled.IsCompleted);
        Assert.StartsWith("interpreted", g.Backend);
        Assert.Equal(2_786, g.StatementCount); // the code that will be compiled is generated already
        double[][] points = [Point(N, 1), Point(N, 2), [.. Enumerable.Repeat(1.0, N)]];
        var interpreted = points.Select(x => Modes.Evaluate(g, x)).ToArray();
        for (int p = 0; p < points.Length; p++)
        {
            double[] expected = HandGradient(points[p]);
            for (int i = 0; i < N; i++) Assert.Equal(expected[i], interpreted[p].Gradient[i], 1e-9 * Math.Max(1, Math.Abs(expected[i])));
            Assert.True(SameBits(interpreted[p].Value, g.Value(points[p])));
        }
        hold.SetResult();
        Finish(g);
        Assert.True(g.WhenCompiled.IsCompletedSuccessfully);
        Assert.DoesNotContain("interpreted", g.Backend);
        for (int p = 0; p < points.Length; p++) AssertSameBits(interpreted[p], Modes.Evaluate(g, points[p]), $"point {p}");
    }

    [Fact]
    public void Random_straight_line_programs_interpreted_give_the_bits_of_their_compiled_code()
    {
        // Each program is interpreted (held) then compiled (released), at a random point and at edge points: the op table
        // writes each op's number and its code as the same operations, so nothing may differ in a bit (NaN: any NaN).
        int interpreted = 0;
        // Straight-line programs without black boxes (a function of a vector): the programs the option interprets.
        var programs = RandomProgramGen.Program([.. RandomProgramGen.StraightLineKinds.Where(k => k != Kind.Box)], RandomProgramGen.AllGuards)
            .SelectMany(p => RandomProgramGen.Point(p.Inputs).Select(x => (p, x)));
        Check.Sample(programs, (program, x) =>
        {
            var hold = new TaskCompletionSource();
            var options = Modes.Interpreted with { HoldBackgroundCompile = hold.Task, NanSafe = x[0] > 0 };
            CompiledGradient g = Grad.Compile(program.AsFunction(), program.Inputs, options);
            double[][] points = [x, [.. x.Select((v, i) => i == 0 ? 0 : v)], [.. x.Select((v, i) => i == 0 ? double.NaN : v)],
                [.. x.Select((v, i) => i == 0 ? double.NegativeInfinity : v)], [.. x.Select(v => -v)]];
            var before = points.Select(p => Modes.Evaluate(g, p)).ToArray();
            if (!g.WhenCompiled.IsCompleted) Interlocked.Increment(ref interpreted);
            hold.SetResult();
            Finish(g);
            for (int p = 0; p < points.Length; p++) AssertSameBits(before[p], Modes.Evaluate(g, points[p]), $"{program.Describe(points[p])}\n");
        }, iter: 500, print: t => t.Item1.Describe(t.Item2));
        output.WriteLine($"{interpreted} of 500 programs interpreted (the others: no statement to run)");
        Assert.True(interpreted > 400, $"only {interpreted} of 500 random programs were interpreted");
    }

    [Fact]
    public void An_interpreted_call_allocates_nothing()
    {
        var hold = new TaskCompletionSource();
        CompiledGradient g = Held(hold.Task);
        double[] x = Point(N, 3), gradient = new double[N];
        for (int i = 0; i < 200; i++) { g.ValueAndGradient(x, gradient); g.Value(x); }
        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 1_000; i++) g.ValueAndGradient(x, gradient);
        for (int i = 0; i < 100; i++) g.Value(x);
        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
        Assert.False(g.WhenCompiled.IsCompleted);
        hold.SetResult();
        Finish(g);
    }

    [Fact]
    public void Eight_threads_calling_across_the_switch_get_bit_identical_results()
    {
        var hold = new TaskCompletionSource();
        CompiledGradient g = Held(hold.Task);
        double[][] inputs = [.. Enumerable.Range(0, 13).Select(s => Point(N, 100 + s))];
        var expected = inputs.Select(x => Modes.Evaluate(g, x)).ToArray();
        int mismatches = 0, interpretedCalls = 0, compiledCalls = 0;
        Exception? failure = null;
        using var start = new Barrier(9);
        var threads = Enumerable.Range(0, 8).Select(t => new Thread(() =>
        {
            var gradient = new double[N];
            start.SignalAndWait();
            try
            {
                // Until a while after the compiled code took over.
                for (int c = 0, after = 0; after < 200; c++)
                {
                    bool compiled = g.WhenCompiled.IsCompleted;
                    Interlocked.Increment(ref compiled ? ref compiledCalls : ref interpretedCalls);
                    if (compiled) after++;
                    int i = (c * 7 + t * 5) % inputs.Length;
                    double value = g.ValueAndGradient(inputs[i], gradient);
                    if (!SameBits(value, expected[i].Value) || !gradient.AsSpan().SequenceEqual(expected[i].Gradient)) Interlocked.Increment(ref mismatches);
                }
            }
            catch (Exception e) { Interlocked.CompareExchange(ref failure, e, null); } // an escaping exception would kill the test host
        })).ToList();
        threads.ForEach(thread => thread.Start());
        start.SignalAndWait();
        Thread.Sleep(50);
        hold.SetResult(); // the compile runs while the threads call
        threads.ForEach(thread => thread.Join());
        Assert.Null(failure);
        output.WriteLine($"{interpretedCalls} calls interpreted, {compiledCalls} compiled");
        Assert.True(interpretedCalls > 0 && compiledCalls > 0);
        Assert.Equal(0, mismatches);
    }

    public static TheoryData<string> NotTaken => new(["a Sum", "a plain loop (recovered as a loop)", "a branch", "a black box", "a small program"]);

    [Theory, MemberData(nameof(NotTaken))]
    public void Programs_it_does_not_take_are_compiled_before_Compile_returns(string program)
    {
        var box = CustomOp.Function("interpreted_sweep_box", 2, x => x[0] * Math.Sin(x[1]), (x, g) => { g[0] = Math.Sin(x[1]); g[1] = x[0] * Math.Cos(x[1]); });
        Func<Vec, Scalar> f = program switch
        {
            "a Sum" => x => Sum(N - 1, i => 100 * Square(x[i + 1] - x[i] * x[i]) + Square(1 - x[i])),
            "a plain loop (recovered as a loop)" => Rosenbrock,
            "a branch" => x => x[0] > 0 ? Rosenbrock(x) : Sin(x[1]),
            "a black box" => x => Rosenbrock(x) + box(Vec.Of(x[0], x[1])),
            _ => x => Sin(x[0]) * x[1] + Exp(x[2]),
        };
        var g = Grad.Compile(f, N, new GradOptions { InterpretWhileCompiling = true, RecoverLoops = program != "a black box" });
        Assert.True(g.WhenCompiled.IsCompletedSuccessfully, program);
        Assert.DoesNotContain("interpreted", g.Backend);
        var (value, gradient) = Modes.Evaluate(g, Point(N, 4));
        AssertSameBits(Modes.Evaluate(Grad.Compile(f, N, new GradOptions { RecoverLoops = program != "a black box" }), Point(N, 4)), (value, gradient), program);
    }

    [Fact]
    public void A_cancelled_background_compile_leaves_the_calls_interpreted_and_says_so()
    {
        var hold = new TaskCompletionSource();
        using var cancel = new CancellationTokenSource();
        CompiledGradient g = Held(hold.Task, cancel: cancel.Token);
        double[] x = Point(N, 5);
        var before = Modes.Evaluate(g, x);
        cancel.Cancel();
        hold.SetResult();
        Assert.ThrowsAny<OperationCanceledException>(() => g.WhenCompiled.GetAwaiter().GetResult());
        Assert.True(g.WhenCompiled.IsCanceled);
        Assert.Contains("cancelled", g.Backend);
        AssertSameBits(before, Modes.Evaluate(g, x), "after the cancellation");
    }

    [Fact]
    public void A_failed_background_compile_leaves_the_calls_interpreted_and_says_why()
    {
        // The compile fails where it would wait for the hold: as a JIT or backend failure would, after Grad.Compile returned.
        CompiledGradient g = Held(Task.FromException(new InvalidOperationException("backend exploded")));
        double[] x = Point(N, 6);
        Assert.ThrowsAny<InvalidOperationException>(() => g.WhenCompiled.GetAwaiter().GetResult());
        Assert.True(g.WhenCompiled.IsFaulted);
        Assert.Contains("failed: backend exploded", g.Backend);
        var (value, gradient) = Modes.Evaluate(g, x);
        AssertSameBits(Modes.Evaluate(Grad.Compile(Rosenbrock, N, new GradOptions { RecoverLoops = false }), x), (value, gradient), "interpreted after the failure");
    }

    [Fact]
    public void A_compiled_Hessian_takes_the_option_for_its_gradient_and_compiles_its_second_derivatives_at_once()
    {
        var hold = new TaskCompletionSource();
        var options = new GradOptions { RecoverLoops = false, InterpretWhileCompiling = true, HoldBackgroundCompile = hold.Task };
        CompiledHessian h = Grad.CompileHessian(Rosenbrock, N, options);
        CompiledHessian reference = Grad.CompileHessian(Rosenbrock, N, new GradOptions { RecoverLoops = false });
        Assert.StartsWith("interpreted", h.Backend);
        double[] x = Point(N, 7), v = Point(N, 8);
        var (value, gradient) = Modes.Evaluate(h, x);
        AssertSameBits(Modes.Evaluate(reference, x), (value, gradient), "gradient of the Hessian, interpreted");
        double[] g1 = new double[N], hv = new double[N], g2 = new double[N], hvReference = new double[N];
        h.HessianVectorProduct(x, v, g1, hv);
        reference.HessianVectorProduct(x, v, g2, hvReference);
        Assert.Equal(hvReference, hv);
        hold.SetResult();
        Assert.True(SpinWait.SpinUntil(() => !h.Backend.StartsWith("interpreted", StringComparison.Ordinal), TimeSpan.FromMinutes(2)), h.Backend);
        AssertSameBits(Modes.Evaluate(reference, x), Modes.Evaluate(h, x), "after the release");
    }

    [Fact]
    public void Data_and_overlapping_spans_interpreted_give_what_separate_arrays_give()
    {
        // A model fitted to data, unrolled: y ~ b0 exp(-b1 t), 400 points read from the data span.
        const int M = 400;
        static Scalar Loss(Vec b, Vec data)
        {
            Scalar s = 0;
            for (int i = 0; i < M; i++) s += Square(b[0] * Exp(-b[1] * data[i]) - data[M + i]) + 0 * b[2];
            return s;
        }
        double[] data = [.. Enumerable.Range(0, M).Select(i => 0.01 * i), .. Enumerable.Range(0, M).Select(i => 2 * Math.Exp(-0.3 * 0.01 * i) + 0.001 * Math.Sin(i))];
        var hold = new TaskCompletionSource();
        var options = new GradOptions { RecoverLoops = false, InterpretWhileCompiling = true, HoldBackgroundCompile = hold.Task };
        CompiledGradient g = Grad.Compile(Loss, 3, 2 * M, options);
        Assert.False(g.WhenCompiled.IsCompleted);
        double[] b = [1.7, 0.2, 0.5];
        var separate = new double[3];
        double value = g.ValueAndGradient(b, data, separate);
        double[] shared = [.. b];
        Assert.True(SameBits(value, g.ValueAndGradient(shared, data, shared)));
        Assert.Equal(separate, shared);
        Assert.Equal(0.0, separate[2]);
        hold.SetResult();
        Finish(g);
        var compiled = new double[3];
        Assert.True(SameBits(value, g.ValueAndGradient(b, data, compiled)));
        Assert.Equal(separate, compiled);
        AssertSameBits((value, separate), (g.Bind(data).ValueAndGradient(b, compiled), compiled), "bound");
    }

    [Fact]
    public void The_code_printed_while_interpreted_is_the_code_compiled()
    {
        var hold = new TaskCompletionSource();
        CompiledGradient g = Held(hold.Task);
        string text = g.ToCSharpString();
        Assert.Equal(Grad.Compile(Rosenbrock, N, new GradOptions { RecoverLoops = false }).ToCSharpString(), text);
        hold.SetResult();
        Finish(g);
        Assert.Equal(text, g.ToCSharpString());
    }
}
