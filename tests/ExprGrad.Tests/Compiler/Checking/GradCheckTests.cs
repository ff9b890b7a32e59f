using ExprGrad.Ops;
using ExprGrad.Tests.Ops;
using static ExprGrad.Scalar;

namespace ExprGrad.Tests.Checking;

/// <summary>
/// Issue 16 §4: GradCheck passes right gradients from every mode and fails a wrong one in exactly the wrong
/// coordinate. Correct gradients must come out with a worst relative error below 1e-8 (the numeric derivative is
/// good to ~1e-10 here) and a Taylor order within 0.2 of 2.
/// </summary>
public class GradCheckTests
{
    private static Scalar Rosenbrock(Vec x) => Sum(x.Length - 1, i => 100 * Square(x[i + 1] - Square(x[i])) + Square(1 - x[i]));
    private static Scalar Mixed(Vec x) => Exp(x[0]) * Sin(x[1]) + Log(1 + Square(x[2])) / (1 + Square(x[0]));
    private static Scalar Trig(Vec x) => Tanh(x[0] * x[1]) + Atan2(x[1], x[2]) - Sqrt(Square(x[0]) + 2) / x[2];

    public static TheoryData<string, double[]> CorrectCases => new()
    {
        { "rosenbrock-compiled", [-1.2, 1, 0.5, -0.3, 2] },
        { "mixed-tape", [0.3, -1.7, 2.5] },
        { "trig-forward", [0.9, -0.4, 1.3] },
        { "mixed-compiled-at-zero", [0, 0, 0] },
        { "trig-tape-large", [3e4, -2e3, 7e5] },
    };

    private static IGradient Create(string name, int n) => name.Split('-')[0] switch
    {
        "rosenbrock" => Grad.Compile(Rosenbrock, n),
        "mixed" when name.Contains("tape") => Grad.Tape(Mixed, n),
        "mixed" => Grad.Compile(Mixed, n),
        "trig" when name.Contains("tape") => Grad.Tape(Trig, n),
        _ => Grad.Forward(Trig, n),
    };

    [Theory, MemberData(nameof(CorrectCases))]
    public void Correct_gradients_pass_with_small_errors_and_Taylor_order_two(string name, double[] x)
    {
        GradCheckReport report = GradCheck.Run(Create(name, x.Length), x);
        Assert.True(report.Passed, report.ToString());
        Assert.True(report.WorstRelativeError < 1e-8, report.ToString());
        Assert.InRange(report.TaylorOrder, 1.8, 3.2);
        Assert.All(report.Rows, r => Assert.False(r.AtKink));
        Assert.Equal(x.Length, report.Rows.Count);
    }

    [Theory, MemberData(nameof(OpCases.Names), MemberType = typeof(OpCases))]
    public void Every_op_of_the_table_passes_at_its_sample_points(string name)
    {
        Op op = OpCases.Find(name);
        if (op == OpTable.StopGradient) return; // its derivative is 0 by definition, not the slope of its value
        foreach (double p in OpCases.Parameters(op))
            foreach (double[] x in OpCases.Points(op))
            {
                GradCheckReport report = GradCheck.Run(Grad.Tape(OpCases.Function(op, p), op.Arity), x);
                Assert.True(report.Passed, $"{name} (p = {p}) at {OpCases.Show(x)}:\n{report}");
            }
    }

    [Theory]
    [InlineData(0, 1e-3)]
    [InlineData(1, 1e-4)]
    [InlineData(2, 1.0)]
    public void One_wrong_coordinate_fails_that_coordinate_only(int wrong, double relativeChange)
    {
        IGradient right = Grad.Compile(Mixed, 3);
        IGradient g = new HandGradient(3, x => right.Value(x), x =>
        {
            var gradient = Modes.Evaluate(right, x).Gradient;
            gradient[wrong] *= 1 + relativeChange;
            return gradient;
        });
        GradCheckReport report = GradCheck.Run(g, [0.3, -1.7, 2.5]);
        Assert.False(report.Passed);
        for (int i = 0; i < 3; i++) Assert.Equal(i != wrong, report.Rows[i].Passed);
        Assert.InRange(report.Rows[wrong].RelativeError, relativeChange / 2, 2 * relativeChange);
        Assert.Equal(report.Rows[wrong].RelativeError, report.WorstRelativeError);
        string text = report.ToString();
        Assert.Contains("GradCheck FAILED", text);
        Assert.Contains("analytic = the gradient under test", text);
        Assert.Contains(text.Split('\n'), line => line.TrimStart().StartsWith($"{wrong} ") && line.Contains("FAIL"));
    }

    [Fact]
    public void A_wrong_gradient_of_a_linear_function_shows_Taylor_order_one()
    {
        var g = new HandGradient(2, x => 2 * x[0] + 3 * x[1], _ => [2, 3.5]);
        GradCheckReport report = GradCheck.Run(g, [1, 2]);
        Assert.False(report.Passed);
        Assert.False(report.TaylorPassed);
        Assert.InRange(report.TaylorOrder, 0.9, 1.1);
    }

    [Fact]
    public void A_right_gradient_of_a_linear_function_has_remainders_at_round_off_and_passes()
    {
        var g = new HandGradient(2, x => 2 * x[0] + 3 * x[1], _ => [2, 3]);
        GradCheckReport report = GradCheck.Run(g, [1, 2]);
        Assert.True(report.Passed, report.ToString());
        Assert.True(double.IsNaN(report.TaylorOrder));
        Assert.Contains(report.Notes, n => n.Contains("round-off level"));
    }

    [Theory]
    [InlineData("relu", 0.0)]
    [InlineData("abs", 0.0)]
    [InlineData("relu", 1e-7)]     // the kink is inside the stencil, not at the point
    [InlineData("relu", -4e-6)]
    public void At_a_kink_the_op_table_convention_passes_and_the_row_says_kink(string op, double at)
    {
        Func<Vec, Scalar> f = op == "relu" ? x => Relu(x[0]) + x[1] * x[1] : x => Abs(x[0]) + x[1] * x[1];
        GradCheckReport report = GradCheck.Run(Grad.Compile(f, 2), [at, 1.5]);
        Assert.True(report.Passed, report.ToString());
        Assert.True(report.Rows[0].AtKink, report.ToString());
        Assert.Contains("kink", report.Rows[0].Note);
        Assert.False(report.Rows[1].AtKink);
        Assert.Contains(report.Notes, n => n.Contains("kink"));
    }

    [Fact]
    public void At_a_tie_of_max_both_coordinates_are_kinks_and_the_first_argument_convention_passes()
    {
        GradCheckReport report = GradCheck.Run(Grad.Tape(x => Max(x[0], x[1]), 2), [1, 1]);
        Assert.True(report.Passed, report.ToString());
        Assert.All(report.Rows, r => Assert.True(r.AtKink));
    }

    [Fact]
    public void A_kink_gradient_outside_the_one_sided_slopes_fails()
    {
        var g = new HandGradient(1, x => Math.Max(x[0], 0), _ => [2]);
        GradCheckReport report = GradCheck.Run(g, [0]);
        Assert.False(report.Passed);
        Assert.True(report.Rows[0].AtKink);
        Assert.Contains("outside", report.Rows[0].Note);
    }

    [Theory]
    [InlineData(1.0, true)]
    [InlineData(2.0, false)]
    public void At_a_domain_edge_a_one_sided_difference_is_used(double factor, bool passes)
    {
        // sqrt at 1e-5: x - 2h < 0, so only the right side is finite.
        var g = new HandGradient(1, x => Math.Sqrt(x[0]), x => [factor * 0.5 / Math.Sqrt(x[0])]);
        GradCheckReport report = GradCheck.Run(g, [1e-5]);
        Assert.Equal(passes, report.Passed);
        Assert.Contains("one-sided", report.Rows[0].Note);
    }

    [Fact]
    public void Value_disagreeing_with_ValueAndGradient_fails_and_says_so()
    {
        IGradient right = Grad.Compile(Mixed, 3);
        var g = new HandGradient(3, x => right.Value(x), x => Modes.Evaluate(right, x).Gradient, valueOffset: 1e-3);
        GradCheckReport report = GradCheck.Run(g, [0.3, -1.7, 2.5]);
        Assert.False(report.Passed);
        Assert.All(report.Rows, r => Assert.True(r.Passed));
        Assert.Contains(report.Notes, n => n.Contains("ValueAndGradient returns"));
    }

    [Fact]
    public void Large_problems_print_the_failing_and_worst_rows_and_say_how_many_are_hidden()
    {
        IGradient right = Grad.Compile(Rosenbrock, 60);
        var g = new HandGradient(60, x => right.Value(x), x => { var d = Modes.Evaluate(right, x).Gradient; d[41] += 1; return d; });
        double[] x = [.. Enumerable.Range(0, 60).Select(i => Math.Sin(i))];
        string text = GradCheck.Run(g, x).ToString();
        Assert.Contains("(20 of 60 coordinates shown", text);
        Assert.Contains(text.Split('\n'), line => line.TrimStart().StartsWith("41 ") && line.Contains("FAIL"));
    }

    [Fact]
    public void The_same_seed_gives_the_same_report_and_another_seed_another_direction()
    {
        IGradient g = Grad.Compile(Trig, 3);
        double[] x = [0.9, -0.4, 1.3];
        Assert.Equal(GradCheck.Run(g, x).ToString(), GradCheck.Run(g, x).ToString());
        Assert.NotEqual(GradCheck.Run(g, x).TaylorSteps[3].Remainder,
            GradCheck.Run(g, x, new GradCheckOptions { DirectionSeed = 7 }).TaylorSteps[3].Remainder);
    }

    /// <summary>An IGradient from plain delegates, for gradients that are deliberately wrong.</summary>
    private sealed class HandGradient(int dimension, Func<double[], double> value, Func<double[], double[]> gradient, double valueOffset = 0) : IGradient
    {
        public int Dimension => dimension;
        public double Value(ReadOnlySpan<double> x) => value(x.ToArray());
        public double ValueAndGradient(ReadOnlySpan<double> x, Span<double> g)
        {
            gradient(x.ToArray()).CopyTo(g);
            return value(x.ToArray()) + valueOffset;
        }
    }
}
