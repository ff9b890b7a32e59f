using System.Diagnostics;
using CsCheck;
using Xunit.Abstractions;
using static ExprGrad.Tests.Ops.OpCases;

namespace ExprGrad.Tests.Reliability;

/// <summary>
/// Issue 14: random programs with C# branches on traced values (<c>if</c>, <c>?:</c>, <c>&amp;&amp;</c>, <c>||</c>, a value-dependent
/// <c>while</c>) and combined conditions in Where (<c>&amp;</c>, <c>|</c>), each compiled once per backend and called at several
/// points, so one instance compiles and reuses several paths: every call must agree with tape mode (relative 1e-10) and
/// with central finite differences away from the decision boundaries (<see cref="FiniteDifferenceCheck"/> skips a
/// stencil that crosses one), and 8 threads mixing the points must get the serial results bit for bit.
/// </summary>
public class RandomBranchProgramTests(ITestOutputHelper output)
{
    private const int Programs = 600, Points = 4;
    private const double Tolerance = 1e-10;

    private static readonly string[] CompiledModes = ["compiled-fec", "compiled-system", "compiled-units"];

    // Every kind but stop-gradient (finite differences see through no stop; RandomProgramTests cover it), the branching
    // ones five times as likely (a program of 10 nodes then has about 3 decisions).
    private static readonly Kind[] Kinds =
        [.. RandomProgramGen.AllKinds.Where(k => k != Kind.StopGradient), .. Enumerable.Repeat(RandomProgram.BranchingKinds.Append(Kind.WhereAnd).Append(Kind.WhereOr), 4).SelectMany(k => k)];

    internal static Gen<(RandomProgram Program, double[][] X)> Cases(int maxNodes) =>
        from program in RandomProgramGen.Program(Kinds, RandomProgramGen.AllGuards, maxNodes: maxNodes)
        from x in RandomProgramGen.Point(program.Inputs).Array[Points]
        select (program, x);

    internal static string Describe(RandomProgram p, double[][] xs) => $"{p.ToCSharp()}\ndimension: {p.Inputs}, points:\n" +
        string.Join("\n", xs.Select(RandomProgram.Show));

    [Fact]
    public void Paths_agree_with_tape_mode_and_finite_differences_at_points_on_several_paths()
    {
        var counts = new Counts();
        var clock = Stopwatch.StartNew();
        Check.Sample(Cases(30), (p, xs) => CheckAgainstTape(p, xs, counts), iter: Programs, print: t => Describe(t.Item1, t.Item2));
        output.WriteLine($"{Programs} programs x {Points} points in {clock.Elapsed.TotalSeconds:F1} s: {counts.Paths} paths compiled " +
            $"(FastExpressionCompiler), {counts.SeveralPaths} programs with several; {counts.Singular} points near a singular point; " +
            counts.FiniteDifferences.Summary);
        Assert.True(counts.SeveralPaths > Programs / 4, $"only {counts.SeveralPaths} of {Programs} programs took several paths");
        Assert.True(counts.Singular < 0.05 * Programs * Points, $"{counts.Singular} of {Programs * Points} points near a singular point");
        Assert.True(counts.FiniteDifferences.SkipRate < 0.1, counts.FiniteDifferences.Summary);
    }

    internal sealed class Counts
    {
        public readonly FiniteDifferenceCheck FiniteDifferences = new();
        public long SeveralPaths, Paths, Singular;
    }

    /// <summary>Each compiled mode against tape mode at <paramref name="xs"/>, and central differences (FEC) away from singular points.</summary>
    internal static void CheckAgainstTape(RandomProgram p, double[][] xs, Counts counts)
    {
        Func<Vec, Scalar> f = p.AsFunction();
        IGradient tape = Grad.Tape(f, p.Inputs);
        bool[] singular = [.. xs.Select(x => ReferenceAlgebra.Evaluate(p, x).SingularDistance < ReferenceAlgebra.SingularRadius)];
        foreach (string mode in CompiledModes)
        {
            var compiled = (CompiledGradient)Modes.Create(mode, f, p.Inputs);
            for (int k = 0; k < xs.Length; k++)
            {
                double[] x = xs[k];
                string describe = $"{mode}\n{p.Describe(x)}";
                var (value, gradient) = Modes.Evaluate(compiled, x);
                var (tapeValue, tapeGradient) = Modes.Evaluate(tape, x);
                AssertClose(tapeValue, value, Tolerance, $"value against tape\n{describe}\n");
                Assert.Equal(BitConverter.DoubleToInt64Bits(value), BitConverter.DoubleToInt64Bits(compiled.Value(x)));
                if (singular[k])
                {
                    if (mode == "compiled-fec") Interlocked.Increment(ref counts.Singular);
                    continue;
                }
                for (int i = 0; i < x.Length; i++) AssertClose(tapeGradient[i], gradient[i], Tolerance, $"d/dx{i} against tape\n{describe}\n");
                if (mode == "compiled-fec") counts.FiniteDifferences.Check(p, x, value, gradient, describe);
            }
            Assert.Equal(0, compiled.FallbackCount);
            if (mode != "compiled-fec") continue;
            Interlocked.Add(ref counts.Paths, compiled.PathCount);
            if (compiled.PathCount > 1) Interlocked.Increment(ref counts.SeveralPaths);
        }
    }

    [Fact]
    public void Eight_threads_mixing_paths_get_the_serial_results_bit_for_bit()
    {
        const int threads = 8, calls = 2_000;
        Check.Sample(Cases(20), (p, xs) =>
        {
            Func<Vec, Scalar> f = p.AsFunction();
            var serial = (CompiledGradient)Modes.Create("compiled-fec", f, p.Inputs);
            var expected = xs.Select(x => Modes.Evaluate(serial, x)).ToArray();
            // A cold instance: the threads compile its paths as they meet them, and must not compile one twice.
            var shared = (CompiledGradient)Modes.Create("compiled-fec", f, p.Inputs);
            int mismatches = 0;
            Exception? failure = null;
            using var start = new Barrier(threads);
            var workers = Enumerable.Range(0, threads).Select(t => new Thread(() =>
            {
                var gradient = new double[p.Inputs];
                start.SignalAndWait();
                try
                {
                    for (int c = 0; c < calls; c++)
                    {
                        int i = (c + t) % xs.Length;
                        double value = shared.ValueAndGradient(xs[i], gradient);
                        if (BitConverter.DoubleToInt64Bits(value) != BitConverter.DoubleToInt64Bits(expected[i].Value)
                            || !gradient.AsSpan().SequenceEqual(expected[i].Gradient))
                            Interlocked.Increment(ref mismatches);
                    }
                }
                catch (Exception e) { Interlocked.CompareExchange(ref failure, e, null); }
            })).ToList();
            workers.ForEach(w => w.Start());
            workers.ForEach(w => w.Join());
            Assert.Null(failure);
            Assert.Equal(0, mismatches);
            Assert.Equal(serial.PathCount, shared.PathCount);
        }, iter: 25, threads: 1, print: t => Describe(t.Item1, t.Item2));
    }
}
