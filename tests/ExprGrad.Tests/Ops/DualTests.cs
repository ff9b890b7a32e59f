using static ExprGrad.Tests.Ops.OpCases;

namespace ExprGrad.Tests.Ops;

/// <summary>
/// The public <see cref="Dual"/> number against closed-form derivatives.
/// Tolerance: 1e-12 relative difference |a - b| / max(1, |a|, |b|).
/// </summary>
public class DualTests
{
    private const double Tolerance = 1e-12;
    private static readonly double[] Points = [0.3, 0.8, 1.7, 2.6];

    // name -> (function of a Dual variable, closed-form value, closed-form derivative).
    private static readonly Dictionary<string, (Func<Dual, Dual> F, Func<double, double> Value, Func<double, double> Derivative)> Cases = new()
    {
        ["add"] = (x => x + 2.5, x => x + 2.5, _ => 1),
        ["sub"] = (x => 2.5 - x, x => 2.5 - x, _ => -1),
        ["neg"] = (x => -x, x => -x, _ => -1),
        ["mul"] = (x => x * (x + 1), x => x * (x + 1), x => 2 * x + 1),
        ["div"] = (x => x / (1 + x), x => x / (1 + x), x => 1 / ((1 + x) * (1 + x))),
        ["sin"] = (Dual.Sin, Math.Sin, Math.Cos),
        ["exp"] = (Dual.Exp, Math.Exp, Math.Exp),
        ["log"] = (Dual.Log, Math.Log, x => 1 / x),
        ["sqrt"] = (Dual.Sqrt, Math.Sqrt, x => 0.5 / Math.Sqrt(x)),
        ["tanh"] = (Dual.Tanh, Math.Tanh, x => 1 - Math.Tanh(x) * Math.Tanh(x)),
        ["pow 2"] = (x => Dual.Pow(x, 2), x => x * x, x => 2 * x),
        ["pow -1"] = (x => Dual.Pow(x, -1), x => 1 / x, x => -1 / (x * x)),
        ["pow 0.5"] = (x => Dual.Pow(x, 0.5), Math.Sqrt, x => 0.5 / Math.Sqrt(x)),
        ["pow 1.7"] = (x => Dual.Pow(x, 1.7), x => Math.Pow(x, 1.7), x => 1.7 * Math.Pow(x, 0.7)),
        ["atan2 of y"] = (y => Dual.Atan2(y, 1.5), y => Math.Atan2(y, 1.5), y => 1.5 / (y * y + 2.25)),
        ["atan2 of x"] = (x => Dual.Atan2(0.7, x), x => Math.Atan2(0.7, x), x => -0.7 / (0.49 + x * x)),
        ["max"] = (x => Dual.Max(x, 1.0), x => Math.Max(x, 1), x => x > 1 ? 1 : 0),
        ["min"] = (x => Dual.Min(x, 1.0), x => Math.Min(x, 1), x => x < 1 ? 1 : 0),
        ["abs"] = (x => Dual.Abs(x - 1.2), x => Math.Abs(x - 1.2), x => Math.Sign(x - 1.2)),
        ["chain"] = (x => Dual.Sin(Dual.Exp(x)) * Dual.Log(x), x => Math.Sin(Math.Exp(x)) * Math.Log(x),
            x => Math.Cos(Math.Exp(x)) * Math.Exp(x) * Math.Log(x) + Math.Sin(Math.Exp(x)) / x),
    };

    public static TheoryData<string> CaseNames => new(Cases.Keys);

    [Theory, MemberData(nameof(CaseNames))]
    public void Derivative_matches_the_closed_form(string name)
    {
        var (f, value, derivative) = Cases[name];
        foreach (double x in Points)
        {
            Dual y = f(Dual.Variable(x));
            AssertClose(value(x), y.Value, Tolerance, $"{name} at {Show(x)}: value");
            AssertClose(derivative(x), y.Derivative, Tolerance, $"{name} at {Show(x)}: derivative");
        }
    }

    [Fact]
    public void Variable_has_derivative_1_and_constants_have_0()
    {
        AssertClose(1, Dual.Variable(3).Derivative, 0, "Variable(3)");
        AssertClose(0, Dual.Constant(3).Derivative, 0, "Constant(3)");
        AssertClose(0, ((Dual)3.0).Derivative, 0, "implicit 3.0");
        AssertClose(0, Dual.Sin(Dual.Constant(3)).Derivative, 0, "Sin(Constant(3))");
    }

    // Documented in Dual's remarks: a zero derivative is a strong zero, so constants stay constants.
    [Fact]
    public void Sqrt_of_constant_0_has_derivative_0_not_NaN()
    {
        Dual y = Dual.Sqrt(Dual.Constant(0));
        AssertClose(0, y.Value, 0, "sqrt(0) value");
        AssertClose(0, y.Derivative, 0, "sqrt(0) derivative");
        AssertClose(double.PositiveInfinity, Dual.Sqrt(Dual.Variable(0)).Derivative, 0, "sqrt'(0) of a variable");
    }
}
