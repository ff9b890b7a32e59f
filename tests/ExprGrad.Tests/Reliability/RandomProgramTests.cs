using System.Diagnostics;
using CsCheck;
using Xunit.Abstractions;
using static ExprGrad.Scalar;
using static ExprGrad.Tests.Ops.OpCases;

namespace ExprGrad.Tests.Reliability;

/// <summary>
/// Differential testing: random programs over the whole op table, run in every mode, must agree with each
/// other to 1e-10 (relative difference |a - b| / max(1, |a|, |b|)) and with finite differences. A failure
/// prints CsCheck's seed and the shrunk program as C# to paste into a regression test.
/// </summary>
public class RandomProgramTests(ITestOutputHelper output)
{
    // 5,000 here, 3,000 quoted and 2,000 vector-valued: the 10,000 programs per run. Measured on 2 cores: about
    // 4 ms of CPU per program here (two compilations of 18 nodes on average), 18 to 40 s for this test by load.
    private const int Programs = 5_000;
    private const double ModeTolerance = 1e-10;

    [Fact]
    public void All_modes_agree_and_match_finite_differences_on_random_programs()
    {
        var fd = new FiniteDifferenceCheck();
        int singular = 0;
        var clock = Stopwatch.StartNew();
        Check.Sample(RandomProgramGen.ProgramAndPoint(), (p, x) =>
        {
            if (ReferenceAlgebra.Evaluate(p, x).SingularDistance < ReferenceAlgebra.SingularRadius)
                Interlocked.Increment(ref singular);
            else
                CheckModes(p, x, fd);
        }, iter: Programs, print: t => t.Item1.Describe(t.Item2));
        output.WriteLine($"{Programs} programs in {clock.Elapsed.TotalSeconds:F1} s; {singular} skipped near a singular point; {fd.Summary}");
        Assert.True(singular < 0.05 * Programs, $"{singular} of {Programs} programs skipped near a singular point");
        Assert.True(fd.SkipRate < 0.05, fd.Summary);
    }

    private static void CheckModes(RandomProgram program, double[] x, FiniteDifferenceCheck fd)
    {
        string describe = program.Describe(x);
        Func<Vec, Scalar> f = program.AsFunction();
        var results = Modes.Names.Select(mode => (Mode: mode, Result: Modes.Evaluate(Modes.Create(mode, f, program.Inputs), x))).ToArray();
        var (first, (value, gradient)) = results[0];
        foreach (var (mode, (otherValue, otherGradient)) in results.Skip(1))
        {
            AssertClose(value, otherValue, ModeTolerance, $"value, {mode} against {first}\n{describe}\n");
            for (int i = 0; i < x.Length; i++)
                AssertClose(gradient[i], otherGradient[i], ModeTolerance, $"d/dx{i}, {mode} against {first}\n{describe}\n");
        }
        fd.Check(program, x, value, gradient, describe);
    }

    [Fact]
    public void Printer_writes_the_program_as_pasteable_csharp()
    {
        var program = new RandomProgram(2,
        [
            new(Kind.Exp, [0]),
            new(Kind.Const, [], -1.5),
            new(Kind.Div, [2, 1], Guard: Guard.SquarePlusHalf),
            new(Kind.Where, [2, 3, 4, 0], Comparison: ">="),
            new(Kind.PowInt, [5], -2, Guard.SoftplusPlusTenth),
            new(Kind.Asin, [1]),
            new(Kind.LogSumExp, [6, 7, 0]),
        ], [8]);
        Assert.Equal("""
            v =>
            {
                var t0 = Exp(v[0]);
                var t1 = (Scalar)(-1.5);
                var t2 = t0 / (Square(v[1]) + 0.5);
                var t3 = Where(t0 >= t1, t2, v[0]);
                var t4 = Pow(Softplus(t3) + 0.1, -2);
                var t5 = Asin(Tanh(v[1]) * 0.9);
                var t6 = LogSumExp(t4, t5, v[0]);
                return t6;
            }
            """.ReplaceLineEndings("\n"), program.ToCSharp());

        // The printed text, pasted: the same function.
        Func<Vec, Scalar> pasted = v =>
        {
            var t0 = Exp(v[0]);
            var t1 = (Scalar)(-1.5);
            var t2 = t0 / (Square(v[1]) + 0.5);
            var t3 = Where(t0 >= t1, t2, v[0]);
            var t4 = Pow(Softplus(t3) + 0.1, -2);
            var t5 = Asin(Tanh(v[1]) * 0.9);
            var t6 = LogSumExp(t4, t5, v[0]);
            return t6;
        };
        double[] x = [0.3, -1.1];
        var (expectedValue, expectedGradient) = Modes.Evaluate(Grad.Compile(program.AsFunction(), 2), x);
        var (value, gradient) = Modes.Evaluate(Grad.Compile(pasted, 2), x);
        Assert.Equal(expectedValue, value);
        Assert.Equal(expectedGradient, gradient);
    }

    [Fact]
    public void A_failure_reports_the_seed_and_the_shrunk_program_as_csharp()
    {
        // A deliberately false property ("no program calls Sin") stands in for a library bug.
        var failure = Assert.Throws<CsCheckException>(() => Check.Sample(RandomProgramGen.ProgramAndPoint(),
            (p, x) => Assert.DoesNotContain(p.Nodes, n => n.Kind == Kind.Sin),
            iter: 2_000, threads: 1, print: t => t.Item1.Describe(t.Item2)));
        output.WriteLine(failure.Message);
        Assert.Contains("CsCheck_Seed", failure.Message);
        Assert.Contains("v =>\n{\n", failure.Message);
        Assert.Contains("Sin(", failure.Message);
    }
}
