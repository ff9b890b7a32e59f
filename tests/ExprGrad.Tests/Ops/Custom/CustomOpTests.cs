using MathNet.Numerics;
using static ExprGrad.Scalar;
using static ExprGrad.Tests.Ops.OpCases;

namespace ExprGrad.Tests.Ops.Custom;

/// <summary>
/// <see cref="CustomOp.Unary"/> and <see cref="CustomOp.Binary"/> through the public API: every mode gives what the same
/// function written with the table's ops gives, in sums (inline, chunked, parallel) too, to every derivative order, and
/// compiled calls allocate nothing. The rules themselves are also in the table-driven tests (<see cref="TestCustomOps"/>).
/// </summary>
public class CustomOpTests
{
    private const double Tolerance = 1e-13;

    // sin and hypot again, as a user would write them: the results must be those of Scalar.Sin and Scalar.Hypot.
    private static readonly Func<Scalar, Scalar> MySin = CustomOp.Unary("mysin", Math.Sin, x => Cos(x));
    private static readonly Func<Scalar, Scalar, Scalar> MyHypot = CustomOp.Binary("myhypot", (a, b) => Math.Sqrt(a * a + b * b),
        partialA: (a, b) => a / Hypot(a, b), partialB: (a, b) => b / Hypot(a, b));
    // One erf for all tests: a second op made with SpecialFunctions.Erf would leave quoted code unable to name it.
    private static readonly Func<Scalar, Scalar> Erf = Reliability.RandomCustomOps.Erf;

    private static Scalar Custom(Vec v) => MySin(v[0] * v[1]) * MyHypot(v[0], v[2]) + MySin(v[2]) / (1 + Square(MyHypot(v[1], 1)));
    private static Scalar BuiltIn(Vec v) => Sin(v[0] * v[1]) * Hypot(v[0], v[2]) + Sin(v[2]) / (1 + Square(Hypot(v[1], 1)));

    private static readonly double[][] Points = [[0.3, -1.2, 0.8], [2, 0.5, -1.5], [-0.7, 1.9, 0.1]];

    [Theory, MemberData(nameof(Modes.All), MemberType = typeof(Modes))]
    public void Unary_and_binary_custom_ops_give_what_the_same_function_of_table_ops_gives(string mode)
        => Modes.AssertSameFunction(mode, BuiltIn, Custom, 3, Points, Tolerance);

    [Fact]
    public void Custom_ops_in_sum_bodies_are_compiled_as_loops_inline_chunked_and_in_parallel()
    {
        static Scalar F(Vec w, Vec data) => Sum(data.Length - 1, i => Erf(w[0] * data[i] + w[1]) * MyHypot(data[i + 1], w[2]))
            + Sum(w.Length, i => MySin(w[i] * w[i]));
        const int Length = 300;
        double[] data = [.. Enumerable.Range(0, Length).Select(i => Math.Sin(0.37 * i))];
        double[] w = [0.4, -0.3, 1.1];
        var expected = Modes.Evaluate(Grad.Tape(F, 3, data), w);
        foreach (var (mode, result) in Modes.EveryShape(F, w, data)) AssertSame(expected, result, mode);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(4)]
    public void Derivatives_of_every_order_differentiate_the_users_derivative_again(int order)
    {
        // erf^(k)(x) = H_(k-1)-like polynomial times 2/sqrt(pi) e^(-x^2).
        double x = 0.3, g = 2 / Math.Sqrt(Math.PI) * Math.Exp(-x * x);
        double[] erf = [g, -2 * x * g, (4 * x * x - 2) * g, (-8 * x * x * x + 12 * x) * g];
        AssertClose(erf[order - 1], Grad.Derivative(t => Erf(t), x, order), Tolerance, $"erf, order {order}");
        // myhypot(t, 2) against the table's hypot, and a chain through both kinds.
        AssertClose(Grad.Derivative(t => Hypot(t, 2) * Sin(t), x, order), Grad.Derivative(t => MyHypot(t, 2) * MySin(t), x, order),
            1e-12, $"myhypot * mysin, order {order}");
    }

    [Fact]
    public void Compiled_calls_of_custom_ops_allocate_nothing()
    {
        foreach (GradOptions options in new GradOptions[] { new(), new() { UnitSize = 3 } })
        {
            var g = Grad.Compile(v => Custom(v) + Erf(v[1]) + Sum(3, i => Erf(v[i])), 3, options);
            double[] x = [0.3, -1.2, 0.8], gradient = new double[3];
            for (int i = 0; i < 2_000; i++) { g.ValueAndGradient(x, gradient); g.Value(x); }
            long before = GC.GetAllocatedBytesForCurrentThread();
            for (int i = 0; i < 10_000; i++) g.ValueAndGradient(x, gradient);
            for (int i = 0; i < 1_000; i++) g.Value(x);
            Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
        }
    }

    [Fact]
    public void Plain_loops_of_custom_ops_are_recovered_as_loops_and_black_box_calls_stay_as_written()
    {
        var pair = CustomOp.Function("pairprod", 2, x => x[0] * x[1], (x, g) => { g[0] = x[1]; g[1] = x[0]; });
        Scalar Custom(Vec v)
        {
            Scalar s = 0;
            for (int i = 0; i < v.Length - 1; i++) s += Erf(v[i]) * MyHypot(v[i + 1], 1);
            return s;
        }
        Scalar Box(Vec v)
        {
            Scalar s = 0;
            for (int i = 0; i < v.Length - 1; i++) s += pair(Vec.Of(v[i], v[i + 1]));
            return s;
        }
        double[] x = [.. Enumerable.Range(0, 40).Select(i => Math.Sin(i))];
        foreach (Func<Vec, Scalar> f in new[] { Custom, Box })
        {
            var unrolled = Modes.Evaluate(Grad.Compile(f, 40, new GradOptions { RecoverLoops = false }), x);
            CompiledGradient recovered = Grad.Compile(f, 40);
            AssertSame(unrolled, Modes.Evaluate(recovered, x), "recovered");
            AssertSame(Modes.Evaluate(Grad.Tape(f, 40), x), unrolled, "tape");
        }
        int unrolledStatements = Grad.Compile(Custom, 40, new GradOptions { RecoverLoops = false }).StatementCount;
        Assert.True(4 * Grad.Compile(Custom, 40).StatementCount < unrolledStatements, "the custom ops' plain loop was not recovered");
    }

    [Fact]
    public void A_public_static_value_is_called_directly_and_a_lambda_through_its_delegate()
    {
        string code = Grad.Compile(v => Erf(v[0]) + MyHypot(v[0], 2), 1).ToCSharpString();
        Assert.Contains("SpecialFunctions.Erf(", code);
        Assert.Contains(".Invoke(", code);
    }

    [Fact]
    public void A_quoted_expression_names_a_custom_op_by_its_static_value_method()
    {
        var quoted = Grad.CompileExpression((double[] x) => SpecialFunctions.Erf(x[0] * x[1]) + Reliability.RandomCustomOps.SmoothMaxValue(x[0], x[1]), 2);
        var traced = Grad.Compile(v => Erf(v[0] * v[1]) + Reliability.RandomCustomOps.SmoothMax(v[0], v[1]), 2);
        foreach (double[] x in new[] { new[] { 0.3, -1.2 }, [1.5, 0.5] }) AssertSame(Modes.Evaluate(traced, x), Modes.Evaluate(quoted, x), "quoted");
    }

    [Fact]
    public void Explain_writes_a_custom_op_with_its_name_and_its_derivative_as_name_prime()
    {
        string text = Grad.Explain(v => Erf(v[0] * v[1]), [0.5, 2.0], names: ["a", "b"]).ToString();
        Assert.Contains("H = erf(U1)", text);
        Assert.Contains("dH/dU1 = erf'(U1) * dH/dH", text);
    }

    private static void AssertSame((double Value, double[] Gradient) expected, (double Value, double[] Gradient) actual, string what)
        => AssertSameResult(expected, actual, Tolerance, what);
}
