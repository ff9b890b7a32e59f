using static ExprGrad.Scalar;

namespace ExprGrad.Tests.Regressions;

/// <summary>
/// The quote frontend walks an expression tree with an explicit stack, and pushed a node's children left to right,
/// so it built them right to left: the same function quoted and traced got its nodes in another order, hence its
/// adjoints summed in another order, and a random quoted program differed from its trace by 4e-12 near atan2's
/// origin. That is why <c>ExpressionQuoter</c> pushes children right to left: quoted and traced code are now the same
/// code, statement for statement.
/// </summary>
public class Quoted_children_built_right_to_left
{
    [Fact]
    public void A_quoted_function_generates_the_code_of_the_same_function_traced()
    {
        var quoted = Grad.CompileExpression((double[] x) => x[0] * x[1] + Math.Sin(x[0]) * Math.Atan2(x[1], x[2]) - Math.Exp(x[2]) / x[1], 3);
        var traced = Grad.Compile(v => v[0] * v[1] + Sin(v[0]) * Atan2(v[1], v[2]) - Exp(v[2]) / v[1], 3);
        Assert.Equal(traced.ToCSharpString(), quoted.ToCSharpString());
    }
}
