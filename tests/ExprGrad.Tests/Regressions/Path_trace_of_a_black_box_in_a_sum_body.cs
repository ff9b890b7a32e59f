using static ExprGrad.Scalar;

namespace ExprGrad.Tests.Regressions;

/// <summary>
/// A path trace (a function with branches, traced at a point) computes the value of every <c>Scalar.Sum</c> it meets, so
/// that decisions after the sum see it; the evaluator of loop bodies did not know black boxes (<see cref="CustomOp.Function"/>)
/// and threw "A traced loop body has no Call nodes" at the first call of a function whose sum body calls one (found when
/// issues 14 and 16 met, fixed in commit f84b613: the evaluator calls the box, as the compiled loop does).
/// </summary>
public class Path_trace_of_a_black_box_in_a_sum_body
{
    // B(y) = y³ with gradient 3y², as a black box.
    private static readonly Func<Vec, Scalar> Cube = CustomOp.Function("cube", 1, y => y[0] * y[0] * y[0], (y, g) => g[0] = 3 * y[0] * y[0]);

    private static Scalar F(Vec x)
    {
        Scalar s = Sum(3, i => Cube(Vec.Of(x[i])));
        if (s > 1) return s * x[0];   // a decision on the sum's value
        return -s;
    }

    [Theory]
    [InlineData(CompilerBackend.FastExpressionCompiler)]
    [InlineData(CompilerBackend.SystemLinqExpressions)]
    public void Both_paths_compile_and_agree_with_tape_mode(CompilerBackend backend)
    {
        CompiledGradient g = Grad.Compile(F, 3, new GradOptions { Backend = backend });
        var tape = Grad.Tape(F, 3);
        foreach (double[] x in new[] { new[] { 1.0, 0.5, 0.5 }, new[] { 0.1, -0.5, 0.2 } })
        {
            var (value, gradient) = Modes.Evaluate(g, x);
            var (tapeValue, tapeGradient) = Modes.Evaluate(tape, x);
            Assert.Equal(tapeValue, value, 1e-14);
            for (int i = 0; i < 3; i++) Assert.Equal(tapeGradient[i], gradient[i], 1e-14);
        }
        Assert.Equal(2, g.PathCount);
    }
}
