using static ExprGrad.Scalar;
using ExprGrad.Tests.Reliability;
using static ExprGrad.Tests.Ops.OpCases;

namespace ExprGrad.Tests.Compiler.Jacobians;

/// <summary>
/// User-defined ops (issue 16) through Jacobians and Hessians (issue 15): a black box (<see cref="CustomOp.Function"/>)
/// at the top level, in a sum's body, in a nested sum whose value only the box reads, and in a map's body gives the
/// Jacobian of the tape and of central differences in every Jacobian mode (it once came out 0 in forward mode, and a loop
/// read only by a box lost its tangent); a Hessian through a black box throws naming it; custom unary and binary ops
/// give the Hessians of central differences and of <see cref="Grad.Derivative"/>.
/// </summary>
public class BlackBoxDerivativeTests
{
    private const double ModeTolerance = 1e-12;
    private const double DifferenceTolerance = 1e-6;

    // a b + sin c, with its gradient (b, a, cos c), named 'box'.
    private static readonly Func<Vec, Scalar> Box = RandomCustomOps.Box;

    private static readonly double[] Data = [.. Enumerable.Range(0, 6).Select(i => Math.Cos(0.7 * i + 0.3))];
    private static readonly double[] W = [0.4, -0.8, 1.3];

    private static Vec Parts(Vec w, Vec data) => Vec.Of(
        Box(Vec.Of(w[0], Exp(w[1]), w[2] * w[0])),
        Sum(data.Length, i => Box(Vec.Of(w[0] * data[i], w[1], w[2] + data[i]))),
        Sum(3, i => Box(Vec.Of(w[2], 2 * Tanh(Sum(2, j => Exp(w[j + 1]) * w[0])), w[i]))),   // the inner sum: read by the box only
        Box(Vec.Of(1.0, Sum(data.Length, i => w[1] * data[i]), 2.0)));

    private static Vec Rows(Vec w, Vec data) => Vec.Map(data.Length, i => Box(Vec.Of(w[0], data[i], w[1] * data[i] + w[2])) * w[2]);

    [Theory]
    [InlineData(nameof(Parts))]
    [InlineData(nameof(Rows))]
    public void Jacobians_through_a_black_box_match_the_tape_and_central_differences_in_every_mode(string which)
    {
        Func<Vec, Vec, Vec> f = which == nameof(Parts) ? Parts : Rows;
        int n = W.Length;
        var compiled = Grad.CompileJacobian(f, n, Data.Length);
        int m = compiled.Outputs;
        var rows = Enumerable.Range(0, m).Select(r => Modes.Evaluate(Grad.Tape((x, d) => UnrolledEntry(f, x, d, r), n, Data), W)).ToArray();
        foreach (GradOptions options in new[] { new GradOptions { JacobianMode = JacobianMode.Forward },
                     new GradOptions { JacobianMode = JacobianMode.Reverse }, new GradOptions { Compress = false },
                     new GradOptions { JacobianMode = JacobianMode.Forward, Backend = CompilerBackend.SystemLinqExpressions } })
        {
            var jac = Grad.CompileJacobian(f, n, Data.Length, options);
            double[] values = new double[m], jacobian = new double[m * n];
            jac.Evaluate(W, Data, values, jacobian);
            for (int i = 0; i < m; i++)
                for (int j = 0; j < n; j++)
                {
                    string at = $"{which}: J[{i}, {j}] ({jac.Mode}, {jac.Backend})";
                    AssertClose(rows[i].Gradient[j], jacobian[i * n + j], ModeTolerance, $"{at} against the tape");
                    AssertClose(CentralDifference(jac, i, j), jacobian[i * n + j], DifferenceTolerance, $"{at} against central differences");
                }
            Assert.Contains(jacobian, v => v != 0);
        }
    }

    // Output r traced without loops: the tape evaluates sums and maps eagerly.
    private static Scalar UnrolledEntry(Func<Vec, Vec, Vec> f, Vec x, Vec d, int r) => f(x, d)[r];

    private static double CentralDifference(CompiledJacobian jac, int i, int j)
    {
        double h = 1e-6 * Math.Max(1, Math.Abs(W[j]));
        double[] up = [.. W], down = [.. W], vUp = new double[jac.Outputs], vDown = new double[jac.Outputs];
        up[j] += h;
        down[j] -= h;
        jac.Values(up, Data, vUp);
        jac.Values(down, Data, vDown);
        return (vUp[i] - vDown[i]) / (up[j] - down[j]);
    }

    [Fact]
    public void A_Hessian_through_a_black_box_throws_naming_it_where_no_derivative_flows_in_it_is_fine()
    {
        foreach (Func<Vec, Vec, Scalar> f in new Func<Vec, Vec, Scalar>[]
                 {
                     (w, d) => Box(Vec.Of(w[0], w[1], w[2])),
                     (w, d) => Sum(d.Length, i => Box(Vec.Of(w[0], d[i], w[1]))),
                     (w, d) => Sum(2, i => Tanh(Sum(d.Length, j => Box(Vec.Of(w[i], d[j], 1.0))))),
                 })
        {
            var e = Assert.Throws<NotSupportedException>(() => Grad.CompileHessian(f, W.Length, Data.Length));
            Assert.Contains("'box'", e.Message);
            Assert.Contains("first order", e.Message);
        }
        CompiledHessian h = Grad.CompileHessian((w, d) => w[0] * w[0] + Box(Vec.Of(d[0], d[1], 2.0)) * w[1], W.Length, Data.Length);
        double[] gradient = new double[3], hessian = new double[9];
        double value = h.ValueGradientHessian(W, Data, gradient, hessian);
        AssertClose(W[0] * W[0] + (Data[0] * Data[1] + Math.Sin(2)) * W[1], value, ModeTolerance, "value");
        Assert.Equal([2.0, 0, 0, 0, 0, 0, 0, 0, 0], hessian);
    }

    [Fact]
    public void Custom_unary_and_binary_ops_give_the_Hessians_of_central_differences_and_of_Grad_Derivative()
    {
        static Scalar F(Vec w) => RandomCustomOps.Erf(w[0] * w[1]) + RandomCustomOps.SmoothMax(w[0], Sin(w[2])) * w[1];
        static Scalar InSum(Vec w) => Sum(3, i => RandomCustomOps.Erf(w[i] * w[0]) * RandomCustomOps.SmoothMax(w[i], w[2]));
        static Scalar Unrolled(Vec w)
        {
            Scalar s = 0;
            for (int i = 0; i < 3; i++) s += RandomCustomOps.Erf(w[i] * w[0]) * RandomCustomOps.SmoothMax(w[i], w[2]);
            return s;
        }
        foreach (var (name, f, check) in new (string, Func<Vec, Scalar>, Func<Vec, Scalar>)[] { ("F", F, F), ("Sum", InSum, Unrolled) })
        {
            int n = W.Length;
            IGradient tape = Grad.Tape(check, n);
            CompiledHessian h = Grad.CompileHessian(f, n);
            double[] gradient = new double[n], hessian = new double[n * n];
            h.ValueGradientHessian(W, gradient, hessian);
            for (int i = 0; i < n; i++)
                for (int j = 0; j < n; j++)
                {
                    double step = 1e-6 * Math.Max(1, Math.Abs(W[j]));
                    double[] up = [.. W], down = [.. W];
                    up[j] += step;
                    down[j] -= step;
                    double expected = (Modes.Evaluate(tape, up).Gradient[i] - Modes.Evaluate(tape, down).Gradient[i]) / (up[j] - down[j]);
                    AssertClose(expected, hessian[i * n + j], DifferenceTolerance, $"{name}: H[{i}, {j}] against central differences of the tape gradient");
                    AssertClose(hessian[j * n + i], hessian[i * n + j], ModeTolerance, $"{name}: H[{i}, {j}] against H[{j}, {i}]");
                }
        }
        // Along a line through W: the second derivative by forward over forward against uᵀHu of the compiled Hessian.
        double[] u = [0.3, -1.1, 0.6], hu = new double[3];
        Func<Scalar, Scalar> line = t => F(Vec.Of(W[0] + t * u[0], W[1] + t * u[1], W[2] + t * u[2]));
        Grad.CompileHessian(F, 3).HessianVectorProduct(W, u, new double[3], hu);
        AssertClose(Grad.Derivative(line, 0.0, order: 2), u.Zip(hu, (a, b) => a * b).Sum(), ModeTolerance, "uᵀHu against Grad.Derivative of order 2");
    }
}
