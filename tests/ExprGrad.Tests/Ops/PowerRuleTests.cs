using static ExprGrad.Scalar;
using static ExprGrad.Tests.Ops.OpCases;

namespace ExprGrad.Tests.Ops;

/// <summary>
/// Issue 11 §3: the power rules at x = 0, through user code rather than the op table (whose edge cases check each
/// rule in every mode). Tolerance: 1e-15 relative difference (the results are exact small integers).
/// </summary>
public class PowerRuleTests
{
    /// <summary>
    /// Regression (issue 11 §3): Pow(x, 0) had a NaN gradient at x = 0 in every mode, NaN-safe included (0 * x^-1),
    /// so a polynomial built in a loop had a NaN gradient at 0; so had d/dx Pow(x, y) at (0, 0).
    /// </summary>
    [Theory, MemberData(nameof(Modes.AllAndNanSafe), MemberType = typeof(Modes))]
    public void Pow_x_0_has_gradient_0_at_x_0_so_a_polynomial_built_in_a_loop_has_a_finite_gradient(string mode, bool nanSafe)
    {
        double[] c = [3, -2, 5, 7];
        IGradient polynomial = Modes.Create(mode, v =>
        {
            Scalar p = 0;
            for (int k = 0; k < c.Length; k++) p += c[k] * Pow(v[0], k);
            return p;
        }, 1, nanSafe);
        var (value, gradient) = Modes.Evaluate(polynomial, 0.0);
        Assert.Equal(3.0, value);
        Assert.Equal(-2.0, gradient[0]);

        // pow with a variable exponent: d/dx x^y at (0, 0) is 0, d/dy is log(0) * 1 = -inf (IEEE, documented).
        var (pow, partials) = Modes.Evaluate(Modes.Create(mode, v => Pow(v[0], v[1]), 2, nanSafe), 0.0, 0.0);
        Assert.Equal(1.0, pow);
        Assert.Equal([0.0, double.NegativeInfinity], partials);
    }

    [Theory]
    [InlineData(2, 10.0)]
    [InlineData(3, 42.0)]
    [InlineData(4, 0.0)]
    public void Higher_derivatives_of_a_polynomial_of_powers_are_exact_at_0(int order, double expected)
    {
        // 3 - 2x + 5x^2 + 7x^3 + x^0 * x^1: derivatives at 0 of order 2, 3, 4 are 10, 42, 0.
        AssertClose(expected, Grad.Derivative(x => 3 - 2 * Pow(x, 1) + 5 * Pow(x, 2) + 7 * Pow(x, 3) + Pow(x, 0) * Pow(x, 1) - x, 0.0, order),
            1e-15, $"order {order}");
    }
}
