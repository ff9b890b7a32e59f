using static ExprGrad.Scalar;
using static ExprGrad.Tests.Ops.OpCases;

namespace ExprGrad.Tests.Ops.Custom;

/// <summary>
/// <see cref="CustomOp.Function"/>: a black box of k inputs with its own gradient, first order only. Every mode gives
/// the chain rule through the user's gradient (in sums too); a second derivative through it throws naming it; the
/// gradient is called once per call site and point, and compiled calls allocate nothing.
/// </summary>
public class BlackBoxTests
{
    private const double Tolerance = 1e-13;

    // dot(a, b) of two 2-vectors as a black box: value a0 b0 + a1 b1, gradient (b0, b1, a0, a1).
    private static int gradientCalls;
    private static readonly Func<Vec, Scalar> Dot = CustomOp.Function("dot", arity: 4,
        value: x => x[0] * x[2] + x[1] * x[3],
        gradient: (x, g) =>
        {
            Interlocked.Increment(ref gradientCalls);
            g[0] = x[2];
            g[1] = x[3];
            g[2] = x[0];
            g[3] = x[1];
        });

    private static Scalar WithBox(Vec v) => Dot(Vec.Of(v[0], Sin(v[1]), v[1] * v[2], 3.0)) * Exp(v[0]) + Dot(Vec.Of(v[2], v[2], v[0], 1));
    private static Scalar WithoutBox(Vec v) => (v[0] * v[1] * v[2] + Sin(v[1]) * 3) * Exp(v[0]) + (v[2] * v[0] + v[2]);

    private static readonly double[][] Points = [[0.3, -1.2, 0.8], [2, 0.5, -1.5], [-0.7, 1.9, 0.1]];

    [Theory, MemberData(nameof(Modes.All), MemberType = typeof(Modes))]
    public void Every_mode_differentiates_through_the_users_gradient(string mode)
        => Modes.AssertSameFunction(mode, WithoutBox, WithBox, 3, Points, Tolerance);

    [Fact]
    public void Sum_bodies_call_the_black_box_in_every_loop_shape()
    {
        static Scalar F(Vec w, Vec data) => Sum(data.Length / 2, i => Dot(Vec.Of(w[0], w[1], data[2 * i], data[2 * i + 1])) * Dot(Vec.Of(w[2], w[0], w[1], data[i])));
        static Scalar Plain(Vec w, Vec data) => Sum(data.Length / 2, i => (w[0] * data[2 * i] + w[1] * data[2 * i + 1]) * (w[2] * w[1] + w[0] * data[i]));
        double[] data = [.. Enumerable.Range(0, 200).Select(i => Math.Cos(0.3 * i))];
        double[] w = [0.4, -0.3, 1.1];
        var expected = Modes.Evaluate(Grad.Tape(Plain, 3, data), w);
        foreach (var (mode, result) in Modes.EveryShape(F, w, data)) AssertSame(expected, result, mode);
    }

    [Fact]
    public void A_first_derivative_works_and_a_second_throws_naming_the_function()
    {
        static Scalar F(Scalar t) => Dot(Vec.Of(t, Sin(t), t, 2.0));   // t^2 + 2 sin t
        Assert.Equal(2 * 0.5 + 2 * Math.Cos(0.5), Grad.Derivative(F, 0.5), 1e-15);
        var e = Assert.Throws<NotSupportedException>(() => Grad.Derivative(F, 0.5, order: 2));
        Assert.Contains("'dot'", e.Message);
        Assert.Contains("first order", e.Message);
        // Where no derivative flows into the black box, higher orders are fine.
        Assert.Equal(-Math.Sin(0.5), Grad.Derivative(t => Sin(t) + Dot(Vec.Of(1, 2, 3, 4)), 0.5, order: 2), 1e-15);
    }

    [Fact]
    public void The_gradient_is_called_once_per_call_site_and_point()
    {
        double[] x = [0.3, -1.2, 0.8];
        foreach (string mode in Modes.Names)
        {
            IGradient g = Modes.Create(mode, v => Dot(Vec.Of(v[0], v[1], v[2], v[0])), 3);
            Modes.Evaluate(g, x);   // compiled: the warm-up already ran; tape and forward: the first call
            int before = Volatile.Read(ref gradientCalls);
            Modes.Evaluate(g, [0.5, 0.25, -1]);
            Assert.True(Volatile.Read(ref gradientCalls) - before == 1, $"{mode}: {gradientCalls - before} gradient calls for one call site");
        }
    }

    [Fact]
    public void Compiled_calls_of_a_black_box_allocate_nothing()
    {
        foreach (GradOptions options in new GradOptions[] { new(), new() { UnitSize = 3 } })
        {
            var g = Grad.Compile(v => WithBox(v) + Sum(2, i => Dot(Vec.Of(v[i], v[i + 1], v[0], 2))), 3, options);
            double[] x = [0.3, -1.2, 0.8], gradient = new double[3];
            for (int i = 0; i < 2_000; i++) { g.ValueAndGradient(x, gradient); g.Value(x); x[0] += 1e-3; }
            long before = GC.GetAllocatedBytesForCurrentThread();
            for (int i = 0; i < 10_000; i++) { g.ValueAndGradient(x, gradient); x[0] += 1e-3; }
            for (int i = 0; i < 1_000; i++) g.Value(x);
            Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
        }
    }

    [Fact]
    public void Constant_arguments_are_evaluated_at_once_and_explain_shows_the_call()
    {
        Assert.Equal("11", Dot(Vec.Of(1, 2, 3, 4)).ToString());
        BackpropTrace t = Grad.Explain(v => Dot(Vec.Of(v[0], v[1], v[1], 2)), [3.0, 0.5], names: ["a", "b"]);
        string text = t.ToString();
        Assert.Contains("H = dot(a, b, b, 2)", text);
        Assert.Equal([0.5, 3 + 2.0], t.Gradient);   // a b + 2 b
    }

    private static void AssertSame((double Value, double[] Gradient) expected, (double Value, double[] Gradient) actual, string what)
        => AssertSameResult(expected, actual, Tolerance, what);
}
