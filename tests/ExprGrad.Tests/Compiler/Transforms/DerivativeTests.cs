using static ExprGrad.Scalar;
using static ExprGrad.Tests.Ops.OpCases;

namespace ExprGrad.Tests.Compiler.Transforms;

/// <summary>
/// <see cref="Grad.Derivative"/>: higher derivatives by repeated tangent transforms of a recorded graph.
/// Tolerance: 1e-12 relative difference |a - b| / max(1, |a|, |b|).
/// </summary>
public class DerivativeTests
{
    private const double Tolerance = 1e-12;

    // d^n/dx^n e^x sin x = 2^(n/2) e^x sin(x + n pi / 4).
    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(4)]
    public void Nth_derivative_of_sin_times_exp_matches_the_closed_form(int order)
    {
        foreach (double x in new[] { -1.3, -0.4, 0.2, 0.9, 2.1 })
        {
            double expected = Math.Pow(2, order / 2.0) * Math.Exp(x) * Math.Sin(x + order * Math.PI / 4);
            AssertClose(expected, Grad.Derivative(t => Sin(t) * Exp(t), x, order), Tolerance, $"order {order} at {Show(x)}");
        }
    }

    [Theory]
    [InlineData(0)]
    [InlineData(5)]
    public void Order_outside_1_to_4_throws(int order)
        => Assert.Throws<ArgumentOutOfRangeException>(() => Grad.Derivative(t => Sin(t), 1.0, order));

    // The function is recorded with values, so a plain if on a comparison picks the branch at x.
    [Theory]
    [InlineData(2.0, 4.0)]
    [InlineData(-2.0, -1.0)]
    public void A_branch_on_the_value_is_taken_at_x(double x, double expected)
        => AssertClose(expected, Grad.Derivative(SquareOrNegate, x, 1), Tolerance, $"at {Show(x)}");

    private static Scalar SquareOrNegate(Scalar x)
    {
        if (x > 0) return x * x;
        return -x;
    }
}
