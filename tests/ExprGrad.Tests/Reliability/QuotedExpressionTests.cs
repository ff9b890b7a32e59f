using CsCheck;
using Xunit.Abstractions;
using static ExprGrad.Tests.Ops.OpCases;

namespace ExprGrad.Tests.Reliability;

/// <summary>
/// The quote frontend on random expression trees: <c>Grad.Compile(expression, n)</c> must give what tracing the
/// equivalent program gives, to 1e-12 relative difference (both build the same nodes; the quote creates them in
/// another order, right operands first, so sums of adjoints may round differently), and match finite differences.
/// </summary>
public class QuotedExpressionTests(ITestOutputHelper output)
{
    private const int Programs = 3_000;
    private const double Tolerance = 1e-12;

    [Fact]
    public void Quoted_expressions_match_the_traced_program_and_finite_differences()
    {
        var fd = new FiniteDifferenceCheck();
        int singular = 0;
        Check.Sample(QuotedExpressionGen.Cases, (program, x, copies) =>
        {
            if (ReferenceAlgebra.Evaluate(program, x).SingularDistance < ReferenceAlgebra.SingularRadius)
            {
                Interlocked.Increment(ref singular);   // the quote builds nodes in another order: rounding differs there
                return;
            }
            var expression = QuotedExpressionGen.ToExpression(program, copies);
            string describe = $"{Describe(program, x, copies)}\nquoted: {Shorten(expression.ToString())}";
            var (quotedValue, quotedGradient) = Modes.Evaluate(Grad.CompileExpression(expression, program.Inputs), x);
            var (value, gradient) = Modes.Evaluate(Grad.Compile(program.AsFunction(), program.Inputs), x);
            AssertClose(value, quotedValue, Tolerance, $"value, quoted against traced\n{describe}\n");
            for (int i = 0; i < x.Length; i++)
                AssertClose(gradient[i], quotedGradient[i], Tolerance, $"d/dx{i}, quoted against traced\n{describe}\n");
            fd.Check(program, x, quotedValue, quotedGradient, describe);
        }, iter: Programs, print: c => Describe(c.Item1, c.Item2, c.Item3));
        output.WriteLine($"{Programs} quoted expressions; {singular} skipped near a singular point; {fd.Summary}");
        Assert.True(singular < 0.05 * Programs, $"{singular} of {Programs} skipped near a singular point");
        Assert.True(fd.SkipRate < 0.05, fd.Summary);
    }

    private static string Describe(RandomProgram program, double[] x, bool copies)
        => $"{program.Describe(x)}\nquoted with {(copies ? "a copy of each subexpression per use" : "shared subexpressions")}";

    private static string Shorten(string text) => text.Length <= 2_000 ? text : text[..2_000] + "...";
}
