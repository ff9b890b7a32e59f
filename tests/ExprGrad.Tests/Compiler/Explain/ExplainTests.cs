using System.Xml.Linq;
using ExprGrad.Ops;
using ExprGrad.Tests.Ops;
using static ExprGrad.Scalar;

namespace ExprGrad.Tests.Explain;

/// <summary>
/// Issue 16 §3, the lecture's backprop steps: the two exercises print exactly the lecture's steps and numbers, and
/// every number of a trace is consistent (adjoint = sum of contributions, contribution = local derivative * user's
/// adjoint) and ends in tape mode's gradient.
/// </summary>
public class ExplainTests
{
    [Fact]
    public void The_relu_layer_at_W2_x3_b1_gives_the_lecture_steps()
    {
        BackpropTrace t = Grad.Explain(x => Relu(x[0] * x[1] + x[2]), [2.0, 3.0, 1.0], names: ["W", "x", "b"]);
        Assert.Equal(
            """
            H at W = 2, x = 3, b = 1
            Forward pass:
              U1 = W * x = 2 * 3 = 6
              U2 = U1 + b = 6 + 1 = 7
              H = relu(U2) = relu(7) = 7
            Backward pass (reverse order; dH/dv adds, over each use of v, local derivative * dH/d(user)):
              dH/dH = 1
              dH/dU2 = relu'(U2) * dH/dH = 1 * 1 = 1
              dH/dU1 = 1 * dH/dU2 = 1 * 1 = 1
              dH/db = 1 * dH/dU2 = 1 * 1 = 1
              dH/dx = W * dH/dU1 = 2 * 1 = 2
              dH/dW = x * dH/dU1 = 3 * 1 = 3
            Gradient: dH/dW = 3, dH/dx = 2, dH/db = 1

            """.ReplaceLineEndings("\n"), t.ToString().ReplaceLineEndings("\n"));
        Assert.Equal([3.0, 2.0, 1.0], t.Gradient);
        Assert.Equal(7.0, t.Value);
    }

    [Fact]
    public void y_equals_x_times_x_plus_1_at_17_adds_both_uses_of_x()
    {
        BackpropTrace t = Grad.Explain(x => x[0] * (x[0] + 1), [17.0], names: ["x"], output: "y");
        Assert.Equal(
            """
            y at x = 17
            Forward pass:
              U1 = x + 1 = 17 + 1 = 18
              y = x * U1 = 17 * 18 = 306
            Backward pass (reverse order; dy/dv adds, over each use of v, local derivative * dy/d(user)):
              dy/dy = 1
              dy/dU1 = x * dy/dy = 17 * 1 = 17
              dy/dx = U1 * dy/dy + 1 * dy/dU1 = 18 * 1 + 1 * 17 = 18 + 17 = 35
            Gradient: dy/dx = 35

            """.ReplaceLineEndings("\n"), t.ToString().ReplaceLineEndings("\n"));
        AdjointStep x = t.AdjointSteps.Single(s => s.Name == "x");
        Assert.Equal([18.0, 17.0], x.Contributions.Select(c => c.Value));
        Assert.Equal(["y", "U1"], x.Contributions.Select(c => c.User));
        Assert.Equal(35.0, x.Adjoint);
    }

    private static readonly Dictionary<string, (Func<Vec, Scalar> F, double[] X)> Functions = new()
    {
        ["lecture relu"] = (x => Relu(x[0] * x[1] + x[2]), [2, 3, 1]),
        ["relu inactive"] = (x => Relu(x[0] * x[1] + x[2]), [2, 3, -10]),
        ["shared"] = (x => x[0] * (x[0] + 1) / Sqrt(x[0]), [17]),
        ["composites"] = (x => Sigmoid(x[0] * x[1]) + Softplus(x[1]) * Square(x[0] - x[1]) + Hypot(x[0], x[1]) + LogSumExp(x[0], x[1], 2), [0.3, -1.2]),
        ["where and branch"] = (x => x[0] > 0 ? Where(x[1] < x[0], Sin(x[1]), Exp(x[0])) : x[1], [0.8, -0.5]),
        ["pow atan2 min"] = (x => Pow(x[0], x[1]) + Atan2(x[1], x[0]) * Min(x[0], x[1]) - x[0] / x[1], [1.5, 0.7]),
        ["sum"] = (x => Sum(3, i => Square(x[i] - x[i + 1]) * Tanh(x[i])), [0.1, -0.4, 0.9, 1.3]),
        ["unused input"] = (x => Log(x[0]) * 3, [2, 5]),
    };

    public static TheoryData<string> Cases => [.. Functions.Keys];

    [Theory, MemberData(nameof(Cases))]
    public void Every_adjoint_is_the_sum_of_its_contributions_and_the_gradient_is_tape_modes(string name)
    {
        var (f, x) = Functions[name];
        BackpropTrace t = Grad.Explain(f, x);
        var (value, gradient) = Modes.Evaluate(Grad.Tape(f, x.Length), x);
        Assert.Equal(value, t.Value);
        for (int i = 0; i < x.Length; i++)
            Assert.True(Math.Abs(gradient[i] - t.Gradient[i]) <= 1e-14 * Math.Max(1, Math.Abs(gradient[i])),
                $"d/d{t.Inputs[i]}: tape {gradient[i]:R}, trace {t.Gradient[i]:R}\n{t}");
        var adjointOf = t.AdjointSteps.ToDictionary(s => s.Name, s => s.Adjoint);
        Assert.Equal(1.0, adjointOf[t.Output]);
        foreach (AdjointStep step in t.AdjointSteps.Where(s => s.Contributions.Count > 0))
        {
            double sum = 0;
            foreach (AdjointContribution c in step.Contributions)
            {
                Assert.Equal(adjointOf[c.User], c.UserAdjoint);
                Assert.Equal(c.LocalDerivativeValue * c.UserAdjoint, c.Value);
                sum += c.Value;
            }
            Assert.Equal(sum, step.Adjoint);
        }
        for (int i = 0; i < x.Length; i++) Assert.Equal(t.Gradient[i], adjointOf[t.Inputs[i]]);
        Assert.Equal(t.ForwardSteps.Count, t.ForwardSteps.Select(s => s.Name).Distinct().Count());
        Assert.Equal(t.Output, t.ForwardSteps[^1].Name);
    }

    [Theory, MemberData(nameof(OpCases.Names), MemberType = typeof(OpCases))]
    public void Every_op_writes_its_own_partials_and_explains_to_tape_modes_numbers(string name)
    {
        Op op = OpCases.Find(name);
        for (int i = 0; i < op.Arity; i++) // the generic fallback names the op; a user's op has only that (erf'(U1))
            if (op.HasPartial(i) && !op.CallsUserCode) Assert.DoesNotContain(name, op.PartialNotation(i));
        foreach (double p in OpCases.Parameters(op))
            foreach (double[] x in OpCases.Points(op))
            {
                BackpropTrace t = Grad.Explain(OpCases.Function(op, p), x);
                var (value, gradient) = Modes.Evaluate(Grad.Tape(OpCases.Function(op, p), op.Arity), x);
                Assert.Equal(value, t.Value);
                Assert.Equal(gradient, t.Gradient);
                Assert.DoesNotContain("{", t.ToString());   // every placeholder filled
            }
    }

    [Fact]
    public void Local_rules_come_from_the_op_table_and_composites_are_one_step()
    {
        BackpropTrace t = Grad.Explain(x => Sigmoid(x[0] * x[1]) / Exp(x[1]) - Max(0, x[0]), [0.5, 2.0], names: ["a", "b"]);
        string text = t.ToString();
        Assert.Contains("U2 = sigmoid(U1) = sigmoid(1) = 0.731059", text);
        Assert.Contains("dH/dU1 = sigmoid'(U1) * dH/dU2 = 0.196612", text);
        Assert.Contains("dH/dU3 = (-U4 / U3) * dH/dU4", text);   // div's partial in its divisor, reusing the result
        Assert.Contains("dH/dU5 = (-1) * dH/dH", text);
        Assert.Contains("(1 - [0 >= a]) * dH/dU5", text);          // max(0, a)'s partial in a
        Assert.DoesNotContain(t.ForwardSteps, s => s.Expression.Contains("select") || s.Expression.Contains("exp(-"));
    }

    [Fact]
    public void An_input_no_derivative_reaches_gets_zero_and_says_why()
    {
        BackpropTrace t = Grad.Explain(x => Where(x[1] > 0, x[0], 1), [2.0, 5.0]);
        Assert.Contains("dH/dx1 = 0 (no derivative flows from H to x1)", t.ToString());
        Assert.Equal([1.0, 0.0], t.Gradient);
    }

    [Fact]
    public void A_function_returning_an_input_or_a_constant_still_has_an_output_step()
    {
        Assert.Contains("H = x1 = 3", Grad.Explain(x => x[1], [2.0, 3.0]).ToString());
        BackpropTrace constant = Grad.Explain(x => 5, [2.0]);
        Assert.Equal("H = 5", constant.ForwardSteps.Single().ToString());
        Assert.Equal([0.0], constant.Gradient);
    }

    [Fact]
    public void The_pictures_show_values_adjoints_and_partials_and_sums_as_clusters()
    {
        BackpropTrace t = Grad.Explain(x => Relu(x[0] * x[1] + x[2]), [2.0, 3.0, 1.0], names: ["W", "x", "b"]);
        string dot = t.ToDot();
        Assert.Contains("\"H = relu(U2)\\nvalue 7\\nadjoint 1\"", dot);
        Assert.Contains("[label=\"dH/dU2 = relu'(U2) = 1\"]", dot);
        Assert.Contains("[label=\"dU1/dW = x = 3\"]", dot);
        XNamespace svg = "http://www.w3.org/2000/svg";
        XDocument picture = XDocument.Parse(t.ToSvg());
        Assert.Equal(6, picture.Descendants(svg + "g").Count(g => (string?)g.Attribute("class") == "node"));
        Assert.Equal(5, picture.Descendants(svg + "g").Count(g => (string?)g.Attribute("class") == "edge"));

        BackpropTrace sum = Grad.Explain(x => Sum(2, i => x[i] * x[i + 1]), [1.0, 2.0, 3.0]);
        Assert.Contains("subgraph cluster_0", sum.ToDot());
        Assert.Single(XDocument.Parse(sum.ToSvg()).Descendants(svg + "g"), g => (string?)g.Attribute("class") == "cluster");
    }

    [Fact]
    public void A_long_trace_shortens_its_text_and_its_picture_and_says_so()
    {
        BackpropTrace t = Grad.Explain(x => Sum(400, i => Sin(x[0])), [0.1]);
        Assert.Equal(799, t.ForwardSteps.Count);
        string text = t.ToString();
        Assert.Contains("... 599 more steps (all of them are in the step lists) ...", text);
        Assert.True(text.Split('\n').Length < 450);
        Assert.Contains("each loop is drawn as one box", t.ToSvg());
    }
    [Fact]
    public void The_README_shows_the_relu_example_as_it_runs_and_docs_has_its_picture()
    {
        string root = AppContext.BaseDirectory;
        while (!File.Exists(Path.Combine(root, "README.md"))) root = Path.GetDirectoryName(root) ?? throw new FileNotFoundException("README.md above the test binaries");
        BackpropTrace t = Grad.Explain(x => Relu(x[0] * x[1] + x[2]), [2.0, 3.0, 1.0], names: ["W", "x", "b"]);
        string readme = File.ReadAllText(Path.Combine(root, "README.md")).ReplaceLineEndings("\n");
        string block = readme[(readme.IndexOf("<!-- explain-relu -->\n```text\n", StringComparison.Ordinal) + 30)..];
        Assert.Equal(t.ToString().ReplaceLineEndings("\n"), block[..(block.IndexOf("```", StringComparison.Ordinal))]);
        Assert.Equal(t.ToSvg(), File.ReadAllText(Path.Combine(root, "docs", "lecture_relu.svg")));
    }
}
