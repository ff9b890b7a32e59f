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

    private static Gen<(RandomProgram Program, double[][] X)> Cases(int maxNodes) =>
        from program in RandomProgramGen.Program(Kinds, RandomProgramGen.AllGuards, maxNodes: maxNodes)
        from x in RandomProgramGen.Point(program.Inputs).Array[Points]
        select (program, x);

    private static string Describe(RandomProgram p, double[][] xs) => $"{p.ToCSharp()}\ndimension: {p.Inputs}, points:\n" +
        string.Join("\n", xs.Select(RandomProgram.Show));

    [Fact]
    public void Paths_agree_with_tape_mode_and_finite_differences_at_points_on_several_paths()
    {
        var fd = new FiniteDifferenceCheck();
        long severalPaths = 0, paths = 0, singular = 0;
        var clock = Stopwatch.StartNew();
        Check.Sample(Cases(30), (p, xs) =>
        {
            Func<Vec, Scalar> f = p.AsFunction();
            IGradient tape = Grad.Tape(f, p.Inputs);
            foreach (string mode in CompiledModes)
            {
                var compiled = (CompiledGradient)Modes.Create(mode, f, p.Inputs);
                foreach (double[] x in xs)
                {
                    string describe = $"{mode}\n{p.Describe(x)}";
                    var (value, gradient) = Modes.Evaluate(compiled, x);
                    var (tapeValue, tapeGradient) = Modes.Evaluate(tape, x);
                    AssertClose(tapeValue, value, Tolerance, $"value against tape\n{describe}\n");
                    for (int i = 0; i < x.Length; i++) AssertClose(tapeGradient[i], gradient[i], Tolerance, $"d/dx{i} against tape\n{describe}\n");
                    Assert.Equal(BitConverter.DoubleToInt64Bits(value), BitConverter.DoubleToInt64Bits(compiled.Value(x)));
                    if (mode != "compiled-fec") continue;
                    if (ReferenceAlgebra.Evaluate(p, x).SingularDistance < ReferenceAlgebra.SingularRadius) Interlocked.Increment(ref singular);
                    else fd.Check(p, x, value, gradient, describe);
                }
                Assert.Equal(0, compiled.FallbackCount);
                if (mode != "compiled-fec") continue;
                Interlocked.Add(ref paths, compiled.PathCount);
                if (compiled.PathCount > 1) Interlocked.Increment(ref severalPaths);
            }
        }, iter: Programs, print: t => Describe(t.Item1, t.Item2));
        output.WriteLine($"{Programs} programs x {Points} points in {clock.Elapsed.TotalSeconds:F1} s: {paths} paths compiled " +
            $"(FastExpressionCompiler), {severalPaths} programs with several; {singular} points near a singular point; {fd.Summary}");
        Assert.True(severalPaths > Programs / 4, $"only {severalPaths} of {Programs} programs took several paths");
        Assert.True(fd.SkipRate < 0.1, fd.Summary);
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
