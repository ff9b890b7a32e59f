using System.Diagnostics;
using CsCheck;
using ExprGrad.Compiler;
using ExprGrad.Tracer;
using Xunit.Abstractions;
using static ExprGrad.Tests.Ops.OpCases;

namespace ExprGrad.Tests.Reliability;

/// <summary>
/// Differential testing of loop recovery: random functions written with plain C# loops (affine indices into w and
/// the data, captured tables of constants, values computed before the loop, nested loops, starts of 0, -0.0, a value
/// or the first term, += and -=, and near misses: a term that differs in one iteration, a non-affine index, a running
/// sum read midway). Compiled with recovery (both backends; workspace units with split bodies; parallel blocks) they
/// must give the value of the same function compiled unrolled (<see cref="GradOptions.RecoverLoops"/> = false) bit for
/// bit (parallel blocks: to 1e-10), and its gradient to 1e-10, which must agree with the tape and central differences.
/// </summary>
public class PlainLoopProgramTests(ITestOutputHelper output)
{
    // Measured on 2 cores shared with other builds: 800 programs in 63 s (five compilations, a tape, the finite
    // differences each); about 80% have a loop recovered.
    private const int Programs = 300;
    private const double Tolerance = 1e-10;

    private static readonly Dictionary<string, GradOptions> Recovered = new()
    {
        ["fec"] = new() { Backend = CompilerBackend.FastExpressionCompiler, MinRecoveredIterations = 3 },
        ["system"] = new() { Backend = CompilerBackend.SystemLinqExpressions },
        ["units, split"] = new() { UnitSize = 3, SplitAbove = 2, MinRecoveredIterations = 3 },
        ["parallel"] = new() { Parallel = true, ParallelMinimumWork = 0, MinRecoveredIterations = 3 },
    };

    [Fact]
    public void Recovered_programs_give_the_unrolled_value_bit_for_bit_and_agree_with_tape_and_finite_differences()
    {
        var clock = Stopwatch.StartNew();
        int withLoops = 0, components = 0, unstable = 0;
        Check.Sample(PlainLoopProgramGen.WithData(PlainLoopProgramGen.Program), t =>
        {
            var (p, w, data) = t;
            string describe = p.Describe(w, data);
            var f = p.AsFunction();
            CompiledGradient unrolled = Grad.Compile(f, p.Dimension, p.DataLength, new GradOptions { RecoverLoops = false });
            var (value, gradient) = Call(unrolled, w, data);
            if (Loops(Trace(p, 3)) > 0) Interlocked.Increment(ref withLoops);
            foreach (var (name, options) in Recovered)
            {
                CompiledGradient recovered = Grad.Compile(f, p.Dimension, p.DataLength, options);
                var (actual, actualGradient) = Call(recovered, w, data);
                if (options.Parallel) AssertClose(value, actual, Tolerance, $"value, {name}\n{describe}\n");
                else Assert.True(BitConverter.DoubleToInt64Bits(value) == BitConverter.DoubleToInt64Bits(actual),
                    $"value, {name}: {RandomProgram.Show(actual)}, unrolled {RandomProgram.Show(value)}\n{describe}\n");
                for (int k = 0; k < w.Length; k++) AssertClose(gradient[k], actualGradient[k], Tolerance, $"d/dw{k}, {name}\n{describe}\n");
            }
            var (tapeValue, tapeGradient) = Modes.Evaluate(Grad.Tape(f, p.Dimension, data), w);
            AssertClose(tapeValue, value, Tolerance, $"value, tape\n{describe}\n");
            for (int k = 0; k < w.Length; k++) AssertClose(tapeGradient[k], gradient[k], Tolerance, $"d/dw{k}, tape\n{describe}\n");
            Interlocked.Add(ref components, w.Length);
            Interlocked.Add(ref unstable, FiniteDifferences(unrolled, w, data, value, gradient, describe));
        }, iter: Programs, print: t => t.Program.Describe(t.W, t.Data));
        output.WriteLine($"{Programs} programs in {clock.Elapsed.TotalSeconds:F1} s, {withLoops} with loops recovered; " +
            $"{unstable} of {components} gradient components skipped by the finite differences (at a kink, or h and h/2 disagree)");
        Assert.True(withLoops > Programs / 4, $"only {withLoops} of {Programs} programs had a loop recovered");
        Assert.True(unstable < 0.05 * components, $"{unstable} of {components} components skipped");
    }

    [Fact]
    public void Near_misses_are_not_recovered_whole_and_keep_their_value()
    {
        int split = 0;
        Check.Sample(PlainLoopProgramGen.WithData(PlainLoopProgramGen.NearMissProgram), t =>
        {
            var (p, w, data) = t;
            PlainLoop loop = p.Loops[0];
            int whole = loop.Count - (loop.Start == PlainStart.FirstTerm ? 1 : 0);
            int[] indices = [.. Enumerable.Range(0, loop.Count).Select(p.NonAffine)];
            bool affine = indices.Zip(indices.Skip(1), (a, b) => b - a).Distinct().Count() <= 1;
            int[] counts = LoopCounts(Trace(p, 3));
            if (counts.Length > 0) Interlocked.Increment(ref split);
            // A term that differs in the first addition is exact as the start: (t0 + t1) is (t1 + t0) bit for bit.
            // A term of constants that differs is just another constant: the table holds it.
            bool differsAtTheStart = loop.Miss == NearMiss.DiffersAt && loop.At == 1 && loop.Start == PlainStart.FirstTerm;
            bool constantTerms = loop.Miss == NearMiss.DiffersAt && ReadsOnlyTables(loop);
            if (!differsAtTheStart && !constantTerms && (loop.Miss != NearMiss.NonAffineIndex || !affine))
                Assert.True(!counts.Contains(whole), $"a loop of {whole} terms was recovered whole from a near miss ({loop.Miss})\n{p.Describe(w, data)}");
            var f = p.AsFunction();
            double unrolled = Grad.Compile(f, p.Dimension, p.DataLength, new GradOptions { RecoverLoops = false }).Value(w, data);
            double recovered = Grad.Compile(f, p.Dimension, p.DataLength, new GradOptions { MinRecoveredIterations = 3 }).Value(w, data);
            Assert.Equal(BitConverter.DoubleToInt64Bits(unrolled), BitConverter.DoubleToInt64Bits(recovered));
        }, iter: 300, print: t => t.Program.Describe(t.W, t.Data));
        output.WriteLine($"300 near misses, {split} recovered in parts");
        Assert.True(split > 100, $"only {split} of 300 near misses had a part recovered");
    }

    [Fact]
    public void Recovered_random_programs_allocate_nothing_and_are_bit_identical_on_eight_threads()
    {
        // One program at a time: each runs on 8 threads of its own.
        Check.Sample(Gen.Select(PlainLoopProgramGen.WithData(PlainLoopProgramGen.Program), Gen.Int[0, 1]), t =>
        {
            var ((p, w, data), shape) = t;
            var g = Grad.Compile(p.AsFunction(), p.Dimension, p.DataLength, shape == 0 ? GradOptions.Default : new GradOptions { UnitSize = 5 });
            var expected = Call(g, w, data);
            var gradient = new double[p.Dimension];
            long before = GC.GetAllocatedBytesForCurrentThread();
            for (int c = 0; c < 10; c++) g.ValueAndGradient(w, data, gradient);
            Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
            int mismatches = 0;
            using var start = new Barrier(8);
            var threads = Enumerable.Range(0, 8).Select(_ => new Thread(() =>
            {
                var mine = new double[p.Dimension];
                start.SignalAndWait();
                for (int c = 0; c < 200; c++)
                    if (BitConverter.DoubleToInt64Bits(g.ValueAndGradient(w, data, mine)) != BitConverter.DoubleToInt64Bits(expected.Value)
                        || !mine.AsSpan().SequenceEqual(expected.Gradient)) Interlocked.Increment(ref mismatches);
            })).ToList();
            threads.ForEach(thread => thread.Start());
            threads.ForEach(thread => thread.Join());
            Assert.True(mismatches == 0, $"{mismatches} mismatches\n{p.Describe(w, data)}");
        }, iter: 24, threads: 1, print: t => t.Item1.Program.Describe(t.Item1.W, t.Item1.Data));
    }

    /// <summary>
    /// Central differences of the unrolled code (see <see cref="FiniteDifferenceCheck"/>); returns the number of components
    /// skipped: at a kink (the one-sided slopes differ by much more than curvature explains: a central difference there
    /// averages them) or where h and h/2 disagree.
    /// </summary>
    private static int FiniteDifferences(CompiledGradient g, double[] w, double[] data, double value, double[] gradient, string describe)
    {
        if (!double.IsFinite(value) || Math.Abs(value) > FiniteDifferenceCheck.HugeValue) return w.Length;
        int skipped = 0;
        for (int k = 0; k < w.Length; k++)
        {
            double h = 1e-5 * Math.Max(1, Math.Abs(w[k]));
            double fd = Central(g, w, data, k, h), half = Central(g, w, data, k, h / 2);
            double scale = Math.Max(1, Math.Max(Math.Abs(gradient[k]), Math.Abs(value))), bound = FiniteDifferenceCheck.Tolerance * scale;
            double jump = OneSidedJump(g, w, data, value, k, h, out double slopes), jumpHalf = OneSidedJump(g, w, data, value, k, h / 2, out _);
            slopes = Math.Max(slopes, Math.Abs(gradient[k]));
            // A kink: the one-sided slopes differ by much more than curvature explains, or by more than the tolerance without
            // halving with h (curvature's jump halves; a kink's, e.g. a Max whose operands tie at w, stays: seed 3tIrRiGd7Lh1).
            bool kink = !(Math.Abs(jump) <= 1e-2 * slopes) || (Math.Abs(jump) > bound && Math.Abs(jumpHalf) > 0.75 * Math.Abs(jump));
            if (kink || !(4.0 / 3 * Math.Abs(fd - half) <= bound)) { skipped++; continue; }
            Assert.True(Math.Abs(fd - gradient[k]) <= bound, $"d/dw{k}: gradient {RandomProgram.Show(gradient[k])}, central difference {RandomProgram.Show(fd)}\n{describe}\n");
        }
        return skipped;
    }

    /// <summary>The forward slope minus the backward slope over <paramref name="h"/>; <paramref name="slopes"/> the largest of them (at least 1).</summary>
    private static double OneSidedJump(CompiledGradient g, double[] w, double[] data, double value, int k, double h, out double slopes)
    {
        double forward = (g.Value(Moved(w, k, h), data) - value) / h, backward = (value - g.Value(Moved(w, k, -h), data)) / h;
        slopes = Math.Max(1, Math.Max(Math.Abs(forward), Math.Abs(backward)));
        return forward - backward;
    }

    private static double Central(CompiledGradient g, double[] w, double[] data, int k, double h)
        => (g.Value(Moved(w, k, h), data) - g.Value(Moved(w, k, -h), data)) / (2 * h);

    private static double[] Moved(double[] w, int k, double h)
    {
        double[] moved = [.. w];
        moved[k] += h;
        return moved;
    }

    private static (double Value, double[] Gradient) Call(CompiledGradient g, double[] w, double[] data)
    {
        // The caller's gradient holds garbage: a compiled gradient writes every entry (a loop may store its entries
        // instead of adding to zeroed ones, StoredScatters), so none of it may show.
        var gradient = new double[g.Dimension];
        Array.Fill(gradient, double.NaN);
        double value = g.ValueAndGradient(w, data, gradient);
        return (value, gradient);
    }

    /// <summary>True when a loop's term depends on nothing but table entries: every term is a constant.</summary>
    private static bool ReadsOnlyTables(PlainLoop loop)
    {
        RandomProgram body = loop.Body;
        var read = new bool[body.Inputs + body.Nodes.Count];
        foreach (int o in body.Outputs) read[o] = true;
        for (int v = read.Length - 1; v >= body.Inputs; v--)
            if (read[v]) foreach (int a in body.Nodes[v - body.Inputs].Args) read[a] = true;
        return Enumerable.Range(0, body.Inputs).All(i => !read[i] || (i < loop.Leaves.Length && loop.Leaves[i].Kind == PlainLeafKind.Table));
    }

    private static Graph Trace(PlainLoopProgram p, int minIterations)
        => LoopRecovery.Apply(FunctionTracer.Trace(p.AsFunction(), p.Dimension, p.DataLength), minIterations).Graph;

    private static int Loops(Graph g) => LoopCounts(g).Length;

    /// <summary>The iteration counts of every loop, nested ones included.</summary>
    private static int[] LoopCounts(Graph g)
    {
        var counts = new List<int>();
        var pending = new Stack<Graph>([g]);
        while (pending.TryPop(out Graph? graph))
            foreach (Loop loop in graph.Loops) { counts.Add(loop.Count); pending.Push(loop.Body); }
        return [.. counts];
    }
}
