using static ExprGrad.Scalar;

namespace ExprGrad.Tests.Regressions;

/// <summary>
/// Found by the random programs: the graph simplification <c>x + 0 → x</c> is not IEEE when x is -0 (-0 + 0 = +0),
/// so compiled mode and <see cref="Grad.Derivative"/> computed with -0 where tape, forward mode and plain C# have +0.
/// Atan2 on its cut tells the two apart: pi against -pi. That is why add's identity in <c>AddRule</c> fires only for
/// a negative zero (<c>x + (-0)</c> is x for every x) and sub's only for a positive one (<c>x - 0</c>).
/// </summary>
public class Negative_zero_plus_zero
{
    // The shrunk program, as RandomProgram prints it.
    private static readonly Func<Vec, Scalar> Program = v =>
    {
        var t0 = -v[0];
        var t1 = (Scalar)0;
        var t2 = t0 + t1;
        var t3 = (Scalar)(-1.5);
        var t4 = Atan2(t2, t3);
        return t4;
    };

    [Theory, MemberData(nameof(Modes.All), MemberType = typeof(Modes))]
    public void Negative_zero_plus_zero_is_positive_zero_in_every_mode(string mode)
    {
        var (value, gradient) = Modes.Evaluate(Modes.Create(mode, Program, 1), 0.0);
        Assert.Equal(Math.Atan2(-0.0 + 0.0, -1.5), value);   // pi; compiled modes give -pi
        Assert.Equal(1.5 / 2.25, gradient[0], 1e-15);         // d/dx atan2(-x, -1.5) = 1.5 / (x^2 + 2.25)
    }

    [Fact]
    public void Derivative_of_f_at_x_plus_t_u_starts_from_x()
    {
        // The dot-product identity's construction f(x + t u) at x = 0: the first argument of atan2 is 0 + t u = +0
        // at t = 0, so f = atan2(+0, -1.5)^2 = pi^2 and df/dt = 2 pi (-1.5 / 2.25) u = pi for u = -0.75.
        double derivative = Grad.Derivative(t => Square(Atan2(0.0 + t * -0.75, -1.5)), 0);
        Assert.Equal(Math.PI, derivative, 1e-14);   // Derivative gives -pi
    }
}
