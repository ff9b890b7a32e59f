using static ExprGrad.Scalar;
using static ExprGrad.Tests.Ops.OpCases;

namespace ExprGrad.Tests.Ops;

/// <summary>
/// Composite functions (written from primitives, no derivative code of their own) against closed forms, in
/// every mode. Tolerance: 1e-12 relative difference |a - b| / max(1, |a|, |b|).
/// </summary>
public class CompositeTests
{
    private const double Tolerance = 1e-12;
    private static readonly double[] Points = [-2.7, -0.9, -0.3, 0.45, 1.3, 3.1];

    private static double Logistic(double x) => 1 / (1 + Math.Exp(-x));

    [Theory, MemberData(nameof(Modes.All), MemberType = typeof(Modes))]
    public void Square_is_x_times_x_with_derivative_2x(string mode)
        => CheckUnary(mode, Square, x => x * x, x => 2 * x);

    [Theory, MemberData(nameof(Modes.All), MemberType = typeof(Modes))]
    public void Sigmoid_has_derivative_s_times_1_minus_s(string mode)
        => CheckUnary(mode, Sigmoid, Logistic, x => Logistic(x) * (1 - Logistic(x)));

    [Theory, MemberData(nameof(Modes.All), MemberType = typeof(Modes))]
    public void Softplus_has_derivative_sigmoid(string mode)
        => CheckUnary(mode, Softplus, x => Math.Log(1 + Math.Exp(x)), Logistic);

    [Theory, MemberData(nameof(Modes.All), MemberType = typeof(Modes))]
    public void Relu_has_derivative_step(string mode)
        => CheckUnary(mode, Relu, x => Math.Max(x, 0), x => x > 0 ? 1 : 0);

    [Theory, MemberData(nameof(Modes.All), MemberType = typeof(Modes))]
    public void Hypot_has_partials_a_over_h_and_b_over_h(string mode)
    {
        var g = Modes.Create(mode, v => Hypot(v[0], v[1]), 2);
        for (int k = 0; k < Points.Length; k++)
        {
            double a = Points[k], b = Points[(k + 2) % Points.Length], h = Math.Sqrt(a * a + b * b);
            Check(g, [a, b], h, [a / h, b / h], $"{mode}: hypot");
        }
    }

    [Theory, MemberData(nameof(Modes.All), MemberType = typeof(Modes))]
    public void LogSumExp_of_2_to_4_values_has_softmax_partials(string mode)
    {
        for (int n = 2; n <= 4; n++)
        {
            int count = n;
            var g = Modes.Create(mode, v => LogSumExp([.. Enumerable.Range(0, count).Select(i => v[i])]), n);
            for (int k = 0; k < Points.Length; k++)
            {
                double[] x = [.. Enumerable.Range(0, n).Select(i => Points[(k + 2 * i) % Points.Length])];
                double sum = x.Sum(Math.Exp);
                Check(g, x, Math.Log(sum), [.. x.Select(xi => Math.Exp(xi) / sum)], $"{mode}: logsumexp of {n}");
            }
        }
    }

    [Theory, MemberData(nameof(Modes.All), MemberType = typeof(Modes))]
    public void Edges_relu_at_0_sigmoid_and_softplus_at_0_and_800(string mode)
    {
        CheckAt(mode, Relu, 0, 0, 0, "relu(0)");
        CheckAt(mode, Sigmoid, 0, 0.5, 0.25, "sigmoid(0)");
        CheckAt(mode, Sigmoid, 800, 1, 0, "sigmoid(800)");
        CheckAt(mode, Sigmoid, -800, 0, 0, "sigmoid(-800)");
        CheckAt(mode, Softplus, 0, Math.Log(2), 0.5, "softplus(0)");
        CheckAt(mode, Softplus, 800, 800, 1, "softplus(800)");
    }

    [Theory, MemberData(nameof(Modes.All), MemberType = typeof(Modes))]
    public void LogSumExp_of_1000_and_1000_does_not_overflow(string mode)
    {
        var g = Modes.Create(mode, v => LogSumExp(v[0], v[1]), 2);
        Check(g, [1000, 1000], 1000 + Math.Log(2), [0.5, 0.5], $"{mode}: logsumexp(1000, 1000)");
    }

    /// <summary>
    /// Regression (issue 11 §6): LogSumExp returned NaN for infinite inputs. The value is the infinite maximum; the
    /// gradient is shared equally by the inputs equal to it (the limit along the diagonal, summing to 1).
    /// </summary>
    [Theory, MemberData(nameof(Modes.AllAndNanSafe), MemberType = typeof(Modes))]
    public void LogSumExp_of_infinite_inputs_is_the_infinite_maximum_with_the_limit_gradient(string mode, bool nanSafe)
    {
        const double inf = double.PositiveInfinity, nan = double.NaN;
        (double[] X, double Value, double[] Gradient)[] cases =
        [
            ([-inf, -inf], -inf, [0.5, 0.5]), ([-inf, -inf, -inf], -inf, [1.0 / 3, 1.0 / 3, 1.0 / 3]),
            ([inf, 0], inf, [1, 0]), ([0, inf], inf, [0, 1]), ([inf, inf], inf, [0.5, 0.5]), ([inf, -inf], inf, [1, 0]),
            ([-inf, inf, 2, inf], inf, [0, 0.5, 0, 0.5]),
            // A finite maximum: -inf inputs have weight 0; NaN in gives NaN.
            ([-inf, 0], 0, [0, 1]), ([-inf, 1, 1], 1 + Math.Log(2), [0, 0.5, 0.5]), ([nan, 0], nan, [nan, nan]),
            ([-inf], -inf, [1]), ([inf], inf, [1]),
        ];
        foreach (var (x, value, gradient) in cases)
        {
            var g = Modes.Create(mode, v => LogSumExp([.. Enumerable.Range(0, x.Length).Select(i => v[i])]), x.Length, nanSafe);
            Check(g, x, value, gradient, $"{mode}{(nanSafe ? " NaN-safe" : "")}: logsumexp");
            AssertClose(value, g.Value(x), Tolerance, $"{mode}: Value at {Show(x)}");
        }
    }

    private static void CheckUnary(string mode, Func<Scalar, Scalar> f, Func<double, double> value, Func<double, double> derivative)
    {
        var g = Modes.Create(mode, v => f(v[0]), 1);
        foreach (double x in Points) Check(g, [x], value(x), [derivative(x)], $"{mode}: at {Show(x)}");
    }

    private static void CheckAt(string mode, Func<Scalar, Scalar> f, double x, double value, double derivative, string what)
        => Check(Modes.Create(mode, v => f(v[0]), 1), [x], value, [derivative], $"{mode}: {what}");

    private static void Check(IGradient g, double[] x, double value, double[] gradient, string what)
    {
        var (actualValue, actualGradient) = Modes.Evaluate(g, x);
        AssertClose(value, actualValue, Tolerance, $"{what} at {Show(x)}: value");
        for (int i = 0; i < x.Length; i++)
            AssertClose(gradient[i], actualGradient[i], Tolerance, $"{what} at {Show(x)}: d/dx{i}");
    }
}
