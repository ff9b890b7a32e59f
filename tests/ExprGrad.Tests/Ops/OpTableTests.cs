using ExprGrad.Ops;
using static ExprGrad.Tests.Ops.OpCases;

namespace ExprGrad.Tests.Ops;

/// <summary>
/// Every op of <see cref="OpTable.All"/>, one test case per op, in every mode of <see cref="Modes"/>.
/// Tolerances are relative differences |a - b| / max(1, |a|, |b|) (<see cref="OpCases.RelativeDifference"/>).
/// </summary>
public class OpTableTests
{
    private const double ExactTolerance = 1e-15;       // value vs op.Eval: the same function runs in every mode
    private const double ModeTolerance = 1e-12;        // mode vs mode: the same rules, possibly reassociated

    [Theory, MemberData(nameof(OpCases.Names), MemberType = typeof(OpCases))]
    public void Value_and_gradient_match_Eval_and_pass_GradCheck_in_every_mode(string name)
    {
        Op op = Find(name);
        double[] parameters = Parameters(op);
        Assert.True(parameters.Length > 0, $"{op}: a parametric op needs parameters (edge cases or OpCases.ParametersByName)");
        foreach (double p in parameters)
        {
            var gradients = Modes.Names.ToDictionary(m => m, m => Modes.Create(m, Function(op, p), op.Arity));
            foreach (double[] x in Points(op))
            {
                string at = $"{op}(p = {Show(p)}) at {Show(x)}";
                var results = gradients.ToDictionary(g => g.Key, g => Modes.Evaluate(g.Value, x));
                double expected = Eval(op, x, p);
                foreach (var (mode, (value, gradient)) in results)
                {
                    AssertClose(expected, value, ExactTolerance, $"{at}, {mode}: value vs Eval");
                    // Each partial against GradCheck's central difference of the mode's own values (tolerance 1e-6 relative).
                    GradCheckReport report = GradCheck.Run(gradients[mode], x);
                    for (int i = 0; i < op.Arity; i++)
                    {
                        if (op.HasPartial(i))
                            Assert.True(report.Rows[i].Passed, $"{at}, {mode}: d/dx{i} fails GradCheck\n{report}");
                        else
                            AssertClose(0, gradient[i], 0, $"{at}, {mode}: d/dx{i} of an input without partial");
                    }
                }
                AssertModesAgree(results["forward"], results["tape"], $"{at}: forward vs tape");
                AssertModesAgree(results["compiled-fec"], results["tape"], $"{at}: compiled-fec vs tape");
                AssertModesAgree(results["compiled-system"], results["tape"], $"{at}: compiled-system vs tape");
            }
        }
    }

    [Theory, MemberData(nameof(OpCases.Names), MemberType = typeof(OpCases))]
    public void Edge_cases_give_the_documented_value_and_partials_in_every_mode(string name)
    {
        Op op = Find(name);
        foreach (EdgeCase edge in op.EdgeCases)
        {
            string at = $"{op}(p = {Show(edge.Parameter)}) at {Show(edge.Inputs)}";
            Assert.True(edge.Inputs.Length == op.Arity && edge.Partials.Length == op.Arity, $"{at}: edge case has the wrong arity");
            AssertClose(edge.Value, Eval(op, edge.Inputs, edge.Parameter), ModeTolerance, $"{at}: Eval vs documented value");
            // The adjoint seed is 1, so NaN-safe products (0 * inf = 0) give the same partials: checked as modes of their own.
            foreach (var (mode, nanSafe) in Modes.Names.Select(m => (m, false)).Concat(Modes.NanSafeNames.Select(m => (m, true))))
            {
                var (value, gradient) = Modes.Evaluate(Modes.Create(mode, Function(op, edge.Parameter), op.Arity, nanSafe), edge.Inputs);
                string shown = nanSafe ? $"{mode} NaN-safe" : mode;
                AssertClose(edge.Value, value, ModeTolerance, $"{at}, {shown}: value");
                for (int i = 0; i < op.Arity; i++)
                    AssertClose(edge.Partials[i], gradient[i], ModeTolerance, $"{at}, {shown}: d/dx{i}");
            }
            // Higher derivatives by Grad.Derivative: the rule's derivative differentiated again through the same table.
            for (int k = 0; k < (edge.Higher?.Length ?? 0); k++)
            {
                double[] others = edge.Inputs;
                double derivative = Grad.Derivative(t => Scalar.Apply(op, t, others.Length > 1 ? others[1] : default,
                    others.Length > 2 ? others[2] : default, edge.Parameter), edge.Inputs[0], order: k + 2);
                AssertClose(edge.Higher![k], derivative, ModeTolerance, $"{at}: derivative of order {k + 2} with respect to x0");
            }
            // The Dual numbers read the same rules.
            if (op.Arity == 1)
            {
                Dual d = Dual.Apply(op, Dual.Variable(edge.Inputs[0]), edge.Parameter);
                AssertClose(edge.Value, d.Value, ModeTolerance, $"{at}, Dual: value");
                AssertClose(edge.Partials[0], d.Derivative, ModeTolerance, $"{at}, Dual: derivative");
            }
        }
    }

    /// <summary>Wherever <see cref="Op.Eval"/> turns a NaN input into a NaN result, every mode does too.</summary>
    [Theory, MemberData(nameof(OpCases.Names), MemberType = typeof(OpCases))]
    public void NaN_input_gives_NaN_value_in_every_mode_where_Eval_propagates_it(string name)
    {
        Op op = Find(name);
        foreach (double p in Parameters(op))
        {
            var gradients = Modes.Names.ToDictionary(m => m, m => Modes.Create(m, Function(op, p), op.Arity));
            foreach (double[] point in Points(op))
            {
                for (int i = 0; i < op.Arity; i++)
                {
                    double[] x = [.. point];
                    x[i] = double.NaN;
                    if (!double.IsNaN(Eval(op, x, p))) continue; // select's other branch, comparisons, pow(1, NaN)...
                    foreach (var (mode, g) in gradients)
                    {
                        string at = $"{op}(p = {Show(p)}) at {Show(x)}, {mode}";
                        AssertClose(double.NaN, Modes.Evaluate(g, x).Value, 0, $"{at}: ValueAndGradient");
                        AssertClose(double.NaN, g.Value(x), 0, $"{at}: Value");
                    }
                }
            }
        }
    }

    private static void AssertModesAgree((double Value, double[] Gradient) actual, (double Value, double[] Gradient) expected, string what)
    {
        AssertClose(expected.Value, actual.Value, ModeTolerance, $"{what}: value");
        for (int i = 0; i < expected.Gradient.Length; i++)
            AssertClose(expected.Gradient[i], actual.Gradient[i], ModeTolerance, $"{what}: d/dx{i}");
    }
}
