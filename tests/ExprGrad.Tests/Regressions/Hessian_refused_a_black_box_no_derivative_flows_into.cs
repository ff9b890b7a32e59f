using static ExprGrad.Scalar;

namespace ExprGrad.Tests.Regressions;

/// <summary>
/// <see cref="Grad.CompileHessian(Func{Vec, Vec, Scalar}, int, int, GradOptions?)"/> refused every program whose gradient
/// calls a black box's gradient (<see cref="CustomOp.Function"/>), even where the box reads only data, so that no tangent
/// reaches it and its second derivative is never needed (its argument chosen by a Where on w, from data). Whether the gradient program holds such a call depends on the
/// code shape: written with <c>Scalar.Sum</c> it had none and compiled, unrolled it had one and was refused (random sum
/// program seed 8WFjbGqDakR1). The refusal now comes from the forward transform, which asks for the second derivative
/// only where a tangent reaches the box, run at compile time when the gradient calls a box.
/// </summary>
public class Hessian_refused_a_black_box_no_derivative_flows_into
{
    // B(y) = y², its gradient 2y, as a black box (first order only).
    private static readonly Func<Vec, Scalar> Box = CustomOp.Function("squarebox", 1, y => y[0] * y[0], (y, g) => g[0] = 2 * y[0]);

    [Fact]
    public void Box_of_data_only_compiles_looped_and_unrolled_with_the_right_hessian()
    {
        // f = sum_i w0² B(w1 < d_i ? d_i : 2 d_i) + w0 w1; at w1 = -1.5 every d_i is chosen: H = [[2 sum B(d_i), 1], [1, 0]].
        static Scalar Term(Vec w, Scalar d) => w[0] * w[0] * Box(Vec.Of(Where(w[1] < d, d, 2 * d)));
        Scalar Looped(Vec w, Vec d) => Sum(3, i => Term(w, d[i])) + w[0] * w[1];
        Scalar Unrolled(Vec w, Vec d)
        {
            Scalar s = 0;
            for (int i = 0; i < 3; i++) s += Term(w, d[i]);
            return s + w[0] * w[1];
        }
        double[] data = [1, 2, -1], w = [0.5, -1.5];
        foreach (var f in new Func<Vec, Vec, Scalar>[] { Looped, Unrolled })
        {
            CompiledHessian h = Grad.CompileHessian(f, 2, 3);
            double[] dense = new double[4];
            h.ValueGradientHessian(w, data, new double[2], dense);
            Assert.Equal([12.0, 1, 1, 0], dense);
        }
    }

    [Fact]
    public void Box_a_tangent_reaches_is_still_refused_at_compile_time_naming_it()
    {
        var e = Assert.Throws<NotSupportedException>(() => Grad.CompileHessian((w, d) => Sum(3, i => Box(Vec.Of(w[0] * d[i]))), 1, 3));
        Assert.Contains("'squarebox'", e.Message);
    }
}
