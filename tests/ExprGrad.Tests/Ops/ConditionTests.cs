using static ExprGrad.Scalar;

namespace ExprGrad.Tests.Ops;

/// <summary>
/// Conditions combined with &amp;, | and ! (issue 14), used in Where in every mode: the truth table of C#'s bool operators
/// on the comparisons, NaN included (every comparison with NaN is false), and no gradient into a condition.
/// </summary>
public class ConditionTests
{
    public static TheoryData<string> AllModes => Modes.All;

    private static readonly double[] Values = [-1, 0, 1, double.NaN];

    [Theory, MemberData(nameof(AllModes))]
    public void And_or_not_in_Where_follow_the_bool_operators_on_the_comparisons(string mode)
    {
        (string Name, Func<Vec, Condition> Make, Func<double, double, bool> Expected)[] cases =
        [
            ("a > 0 & b > 0", v => (v[0] > 0) & (v[1] > 0), (a, b) => a > 0 & b > 0),
            ("a > 0 | b <= 0", v => (v[0] > 0) | (v[1] <= 0), (a, b) => a > 0 | b <= 0),
            ("!(a >= 0) & b == 0", v => !(v[0] >= 0) & (v[1] == 0), (a, b) => !(a >= 0) & b == 0),
            ("a < 0 | !(b != 1)", v => (v[0] < 0) | !(v[1] != 1), (a, b) => a < 0 | !(b != 1)),
            ("!(a > 0 & b > 0)", v => !((v[0] > 0) & (v[1] > 0)), (a, b) => !(a > 0 & b > 0)),
            ("(a > 0 | b > 0) & a != b", v => ((v[0] > 0) | (v[1] > 0)) & (v[0] != v[1]), (a, b) => (a > 0 | b > 0) & a != b),
        ];
        foreach (var (name, make, expected) in cases)
        {
            IGradient g = Modes.Create(mode, v => Where(make(v), 3 * v[0], 5 * v[1]), 2);
            foreach (double a in Values)
                foreach (double b in Values)
                {
                    if (double.IsNaN(a) || double.IsNaN(b)) continue; // the chosen side would carry the NaN: checked below
                    bool holds = expected(a, b);
                    var (value, gradient) = Modes.Evaluate(g, a, b);
                    Assert.True(holds ? value == 3 * a : value == 5 * b, $"{mode}: {name} at ({a}, {b}) chose the wrong side");
                    Assert.Equal(holds ? [3.0, 0] : [0.0, 5], gradient);
                }
            // Constant sides: the value shows the choice, NaN compared included.
            IGradient choice = Modes.Create(mode, v => Where(make(v), 1, 2), 2);
            foreach (double a in Values)
                foreach (double b in Values)
                    Assert.True((expected(a, b) ? 1.0 : 2.0) == choice.Value([a, b]), $"{mode}: {name} at ({a}, {b})");
        }
    }

    [Theory, MemberData(nameof(AllModes))]
    public void Conditions_joined_by_and_and_or_in_an_if_decide_like_bools(string mode)
    {
        IGradient g = Modes.Create(mode, v =>
        {
            if (v[0] > 0 && v[1] > 0) return v[0] * v[1];
            if (v[0] > 0 || v[1] > 0) return v[0] + v[1];
            return -v[0];
        }, 2);
        Assert.Equal(6, g.Value([2.0, 3]));
        Assert.Equal(-1, g.Value([2.0, -3]));
        Assert.Equal(1, g.Value([-2.0, 3]));
        Assert.Equal(2, g.Value([-2.0, -3]));
        Assert.True(double.IsNaN(g.Value([double.NaN, -3])));   // NaN > 0 is false in both ifs: -x0
        Assert.Equal([3.0, 2], Modes.Evaluate(g, 2, 3).Gradient);
        if (g is CompiledGradient compiled) Assert.Equal(4, compiled.PathCount);
    }
}
