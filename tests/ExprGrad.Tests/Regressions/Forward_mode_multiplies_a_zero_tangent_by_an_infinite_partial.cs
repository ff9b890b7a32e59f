using static ExprGrad.Scalar;

namespace ExprGrad.Tests.Regressions;

/// <summary>
/// Found by the random programs: at an inactive Relu the tangent is exactly 0, and forward mode multiplied it by
/// hypot's or atan2's non-finite partial at the origin (sqrt'(0) * 0 = inf * 0 = NaN). The reverse modes route no
/// adjoint into Relu's branch not taken and <see cref="Dual"/> treats a zero tangent as a strong zero, so they gave
/// the exact gradient; <c>Grad.Forward</c> and <c>Grad.Derivative</c> gave NaN, with or without NanSafe. The norm of
/// an inactive ReLU layer is the everyday case. That is why forward mode tracks which values carry a tangent at all
/// (<c>Op.ActiveInputs</c>, <c>ForwardRecorder</c>'s index 0/1, the tangent transform's structural zeros) and a
/// select's tangent is its chosen branch's.
/// </summary>
public class Forward_mode_multiplies_a_zero_tangent_by_an_infinite_partial
{
    // Shrunk programs, as RandomProgram prints them; at (-1, -1) both are locally x0 + constant.
    private static readonly Func<Vec, Scalar> NormOfInactiveRelus = v =>
    {
        var t0 = Relu(v[0]);
        var t1 = Relu(v[1]);
        var t2 = Hypot(t0, t1);
        return t2 + v[0];
    };

    private static readonly Func<Vec, Scalar> AngleOfInactiveRelus = v =>
    {
        var t0 = Relu(v[0]);
        var t1 = Relu(v[1]);
        var t2 = Atan2(t0, t1);
        return t2 + v[0];
    };

    [Theory, MemberData(nameof(Modes.All), MemberType = typeof(Modes))]
    public void Hypot_of_inactive_relus_has_the_exact_gradient_in_every_mode(string mode)
    {
        var (value, gradient) = Modes.Evaluate(Modes.Create(mode, NormOfInactiveRelus, 2), -1.0, -1.0);
        Assert.Equal(-1.0, value);
        Assert.Equal([1.0, 0.0], gradient);   // compiled and tape: [1, 0]; forward: [NaN, NaN]
    }

    [Theory, MemberData(nameof(Modes.All), MemberType = typeof(Modes))]
    public void Atan2_of_inactive_relus_has_the_exact_gradient_in_every_mode(string mode)
    {
        var (value, gradient) = Modes.Evaluate(Modes.Create(mode, AngleOfInactiveRelus, 2), -1.0, -1.0);
        Assert.Equal(-1.0, value);
        Assert.Equal([1.0, 0.0], gradient);
    }

    [Fact]
    public void Derivative_of_hypot_of_an_inactive_relu_is_exact()
    {
        Assert.Equal(1.0, Grad.Derivative(t => Hypot(Relu(t), Relu(t)) + t, -1.0));   // NaN
        Dual x = Dual.Variable(-1.0), relu = Dual.Max(x, 0);
        Assert.Equal(1.0, (Dual.Sqrt(relu * relu + relu * relu) + x).Derivative);      // Dual numbers already agree
    }
}
