using static ExprGrad.Scalar;
using static ExprGrad.Tests.Ops.OpCases;

namespace ExprGrad.Tests.Ops;

/// <summary>
/// <see cref="Scalar.StopGradient"/> used as users use it (issue 16 §2): a TD target, a straight-through estimator in a
/// sum, and derivatives of every order. Its rule alone is in the table-driven tests; these check that what is computed
/// from a stopped value is a constant for every mode, while its value still flows.
/// </summary>
public class StopGradientTests
{
    private const double Tolerance = 1e-13;
    private static readonly double[][] Points = [[0.3, -1.2, 0.8], [2, 0.5, -1.5], [-0.7, 1.9, 0.1]];

    // (r + gamma V(s') - V(s))^2 with V(s') = v0 v1 the stopped target and V(s) = v0 v2.
    private static Scalar TdLoss(Vec v) => Square(1 + 0.9 * StopGradient(v[0] * v[1]) - v[0] * v[2]);

    [Theory, MemberData(nameof(Modes.All), MemberType = typeof(Modes))]
    public void A_TD_target_is_a_constant_for_the_gradient_and_a_value_for_the_loss(string mode)
    {
        IGradient g = Modes.Create(mode, TdLoss, 3);
        foreach (double[] x in Points)
        {
            double delta = 1 + 0.9 * x[0] * x[1] - x[0] * x[2];
            var (value, gradient) = Modes.Evaluate(g, x);
            string at = $"{mode} at {Show(x)}";
            AssertClose(delta * delta, value, Tolerance, $"{at}: value");
            AssertClose(-2 * delta * x[2], gradient[0], Tolerance, $"{at}: d/dv0 (through V(s) only)");
            AssertClose(0, gradient[1], 0, $"{at}: d/dv1 (only in the target)");
            AssertClose(-2 * delta * x[0], gradient[2], Tolerance, $"{at}: d/dv2");
        }
    }

    [Fact]
    public void A_straight_through_estimator_in_a_sum_has_the_forward_value_of_sign_and_the_gradient_of_the_identity()
    {
        // u + stop(sign(u) - u): the value sign(u), the derivative du.
        static Scalar F(Vec w, Vec data) => Sum(data.Length, i => (w[0] * data[i] + StopGradient(Sign(w[0] * data[i]) - w[0] * data[i])) * w[1]);
        double[] data = [.. Enumerable.Range(0, 40).Select(i => Math.Sin(0.7 * i + 0.1))];
        double[] w = [0.6, -1.3];
        double value = data.Sum(d => Math.Sign(w[0] * d) * w[1]);
        double[] gradient = [data.Sum() * w[1], data.Sum(d => Math.Sign(w[0] * d))];
        foreach (var (mode, result) in Modes.EveryShape(F, w, data)) AssertSameResult((value, gradient), result, Tolerance, mode);
    }

    [Theory]
    [InlineData(1, 18)]
    [InlineData(2, 6)]
    [InlineData(3, 0)]
    [InlineData(4, 0)]
    public void Derivatives_of_every_order_treat_the_stopped_factor_as_a_constant(int order, double expected)
    {
        // t^2 stop(t) at t = 3: 2 t stop(t), then 2 stop(t), then 0 (x^3 would give 27, 18, 6, 0).
        AssertClose(expected, Grad.Derivative(t => Square(t) * StopGradient(t), 3, order), Tolerance, $"order {order}");
        // A derivative through a stopped chain is zero at every order, the value is not.
        AssertClose(0, Grad.Derivative(t => StopGradient(Exp(t) * Sin(t)), 0.4, order), 0, $"stopped chain, order {order}");
    }
}
