using static ExprGrad.Scalar;
using static ExprGrad.Tests.Compiler.Hessians.HessianCases;
using static ExprGrad.Tests.Compiler.Jacobians.JacobianCases;

namespace ExprGrad.Tests.Compiler.Hessians;

/// <summary>Compiled Hessians and Hessian-vector products against hand-written Hessians and finite differences.</summary>
public class CompiledHessianTests
{
    [Theory, MemberData(nameof(AllShapes), MemberType = typeof(Jacobians.JacobianCases))]
    public void Rosenbrock_matches_the_hand_written_Hessian_with_three_colours(string shape)
    {
        const int N = 12;
        CompiledHessian h = Grad.CompileHessian(Rosenbrock, N, Options(shape));
        double[] x = Point(N, 4), gradient = new double[N], hessian = new double[N * N];

        double value = h.ValueGradientHessian(x, gradient, hessian);

        double[] expected = RosenbrockHessian(x), expectedGradient = RosenbrockGradient(x);
        for (int k = 0; k < N * N; k++) AssertClose(expected[k], hessian[k], 1e-13, $"H[{k / N}, {k % N}]");
        for (int i = 0; i < N; i++) AssertClose(expectedGradient[i], gradient[i], 1e-13, $"g[{i}]");
        Assert.Equal(h.Value(x), value);
        Assert.Equal(shape == "uncompressed" ? N : 3, h.Colors);
        Assert.Equal(2 * N - 1, h.Sparsity.Count); // tridiagonal: the diagonal and one subdiagonal
        Assert.All(h.Sparsity, e => Assert.True(e.Row >= e.Column && e.Row - e.Column <= 1));
    }

    [Theory, MemberData(nameof(AllShapes), MemberType = typeof(Jacobians.JacobianCases))]
    public void Hessian_vector_products_match_the_Hessian_times_v(string shape)
    {
        const int N = 9;
        foreach (Func<Vec, Scalar> f in new Func<Vec, Scalar>[] { Rosenbrock, RosenbrockUnrolled })
        {
            CompiledHessian h = Grad.CompileHessian(f, N, Options(shape));
            double[] x = Point(N, 8), v = Point(N, 9), gradient = new double[N], hv = new double[N];
            double value = h.HessianVectorProduct(x, v, gradient, hv);
            double[] expected = RosenbrockHessian(x), expectedGradient = RosenbrockGradient(x);
            for (int i = 0; i < N; i++)
            {
                AssertClose(Enumerable.Range(0, N).Sum(k => expected[i * N + k] * v[k]), hv[i], 1e-12, $"(H v)[{i}]");
                AssertClose(expectedGradient[i], gradient[i], 1e-13, $"g[{i}]");
            }
            AssertClose(h.Value(x), value, 1e-15, "value");
        }
    }

    [Theory, MemberData(nameof(AllShapes), MemberType = typeof(Jacobians.JacobianCases))]
    public void A_sum_whose_adjoint_runs_after_it_matches_the_hand_written_dense_Hessian(string shape)
    {
        const int M = 7, N = 4;
        double[] a = Point(M * N, 12), x = Point(N, 13, 0.5);
        CompiledHessian h = Grad.CompileHessian(LogSumExp(M, N), N, M * N, Options(shape));
        double[] gradient = new double[N], hessian = new double[N * N], hv = new double[N], v = Point(N, 14);

        h.ValueGradientHessian(x, a, gradient, hessian);
        h.HessianVectorProduct(x, a, v, gradient, hv);

        double[] expected = LogSumExpHessian(x, a, M);
        for (int k = 0; k < N * N; k++) AssertClose(expected[k], hessian[k], 1e-12, $"H[{k / N}, {k % N}]");
        for (int i = 0; i < N; i++) AssertClose(Enumerable.Range(0, N).Sum(k => expected[i * N + k] * v[k]), hv[i], 1e-12, $"(H v)[{i}]");
        Assert.Equal(N * (N + 1) / 2, h.Sparsity.Count);
    }

    [Theory, MemberData(nameof(AllShapes), MemberType = typeof(Jacobians.JacobianCases))]
    public void An_MLP_loss_with_a_cached_adjoint_loop_matches_the_Jacobian_of_its_gradient(string shape)
    {
        const int Samples = 6, D = 2, Hidden = 3;
        int n = MlpDimension(D, Hidden);
        double[] data = Point(Samples * (D + 1), 21), w = Point(n, 22);
        CompiledHessian h = Grad.CompileHessian(Mlp(Samples, D, Hidden), n, data.Length, Options(shape));
        var g = Grad.Compile(Mlp(Samples, D, Hidden), n, data.Length);
        double[] gradient = new double[n], hessian = new double[n * n];

        h.ValueGradientHessian(w, data, gradient, hessian);

        double[] fd = FiniteDifferenceHessian(p => { var gp = new double[n]; g.ValueAndGradient(p, data, gp); return gp; }, w);
        for (int k = 0; k < n * n; k++) AssertClose(fd[k], hessian[k], 1e-6, $"H[{k / n}, {k % n}] against the Jacobian of the gradient");
        // Column j by a Hessian-vector product on e_j: symmetric, as a Hessian must be (the dense one is filled from one triangle).
        var columns = new double[n * n];
        for (int j = 0; j < n; j++)
        {
            double[] e = new double[n], hv = new double[n];
            e[j] = 1;
            h.HessianVectorProduct(w, data, e, gradient, hv);
            for (int i = 0; i < n; i++) columns[i * n + j] = hv[i];
        }
        for (int i = 0; i < n; i++)
            for (int j = 0; j < n; j++)
            {
                AssertClose(columns[i * n + j], columns[j * n + i], 1e-12, $"H e_j symmetric at ({i}, {j})");
                AssertClose(hessian[i * n + j], columns[i * n + j], 1e-12, $"H[{i}, {j}] against H e_{j}");
            }
    }

    [Fact]
    public void Colouring_recovers_the_uncompressed_Hessian_exactly()
    {
        const int N = 20;
        double[] x = Point(N, 31);
        foreach (Func<Vec, Scalar> f in new Func<Vec, Scalar>[] { Rosenbrock, RosenbrockUnrolled, Arrowhead })
        {
            double[] Hessian(bool compress)
            {
                var h = Grad.CompileHessian(f, N, new GradOptions { Compress = compress });
                var result = new double[N * N];
                h.ValueGradientHessian(x, new double[N], result);
                return result;
            }
            AssertBitwise(Hessian(false), Hessian(true), "Hessian");
        }
        Assert.Equal(2, Grad.CompileHessian(Arrowhead, N).Colors); // star colouring: 2, where a distance-2 colouring needs N
    }

    // x0 couples to every input, the others only to x0: an arrowhead pattern.
    private static Scalar Arrowhead(Vec x) => Sum(x.Length - 1, i => Square(x[0] - x[i + 1] * x[i + 1]) + Sin(x[i + 1]));

    [Fact]
    public void A_banded_Hessian_of_ten_thousand_inputs_costs_three_products()
    {
        const int N = 10_000;
        CompiledHessian h = Grad.CompileHessian(Rosenbrock, N);
        Assert.Equal(3, h.Colors);
        double[] x = Point(N, 41), gradient = new double[N], nonzeros = new double[h.Sparsity.Count];
        h.SparseHessian(x, gradient, nonzeros);
        double[] expectedGradient = RosenbrockGradient(x);
        for (int e = 0; e < nonzeros.Length; e++)
        {
            var (i, j) = h.Sparsity[e];
            double expected = i == j ? (i < N - 1 ? 1200 * x[i] * x[i] - 400 * x[i + 1] + 2 : 0) + (i > 0 ? 200 : 0) : -400 * x[j];
            AssertClose(expected, nonzeros[e], 1e-13, $"H[{i}, {j}]");
        }
        for (int i = 0; i < N; i++) AssertClose(expectedGradient[i], gradient[i], 1e-13, $"g[{i}]");
    }

    [Fact]
    public void NanSafe_gives_finite_second_derivatives_where_a_branch_is_not_taken()
    {
        Scalar F(Vec x) => Where(x[0] > 0, Sqrt(x[0]) * x[1], x[1] * x[1]);
        double[] at = [0.0, 3.0], v = [1.0, 1.0];
        var safe = Grad.CompileHessian(F, 2, new GradOptions { NanSafe = true });
        double[] gradient = new double[2], hv = new double[2], hessian = new double[4];
        safe.HessianVectorProduct(at, v, gradient, hv);
        safe.ValueGradientHessian(at, gradient, hessian);
        Assert.Equal([0.0, 6.0], gradient);
        Assert.Equal([0.0, 2.0], hv);
        Assert.Equal([0.0, 0.0, 0.0, 2.0], hessian);
        var plain = Grad.CompileHessian(F, 2);
        plain.HessianVectorProduct(at, v, gradient, hv);
        Assert.True(double.IsNaN(hv[0]), "without NanSafe, sqrt's infinite second derivative times the untaken branch's zero is NaN");
    }

    [Fact]
    public void Plain_CSharp_loops_are_recovered_and_stay_loops_in_the_Hessian_and_the_Jacobian()
    {
        const int N = 300;
        CompiledHessian h = Grad.CompileHessian(RosenbrockUnrolled, N);
        Assert.Contains("while (true)", h.ToCSharpString());
        Assert.Equal(3, h.Colors);
        double[] x = Point(N, 51), g = new double[N], hv = new double[N], v = Point(N, 52);
        h.HessianVectorProduct(x, v, g, hv);
        double[] expected = RosenbrockHessian(x);
        for (int i = 0; i < N; i++) AssertClose(Enumerable.Range(Math.Max(0, i - 1), Math.Min(3, N - Math.Max(0, i - 1))).Sum(k => expected[i * N + k] * v[k]), hv[i], 1e-12, $"(H v)[{i}]");

        Func<Vec, Vec> residuals = b =>
        {
            Scalar s = 0;
            for (int i = 0; i < b.Length; i++) s += Square(b[i]) * (1 + 0.01 * i);
            return Vec.Of(s, b[0] * b[1]);
        };
        var plain = Grad.CompileJacobian(residuals, N);
        var unrolled = Grad.CompileJacobian(residuals, N, new GradOptions { RecoverLoops = false });
        Assert.True(plain.StatementCount < unrolled.StatementCount / 10, $"{plain.StatementCount} statements recovered, {unrolled.StatementCount} unrolled");
        double[] j1 = new double[2 * N], j2 = new double[2 * N];
        plain.Evaluate(x, new double[2], j1);
        unrolled.Evaluate(x, new double[2], j2);
        for (int k = 0; k < 2 * N; k++) AssertClose(j2[k], j1[k], 1e-13, $"J[{k / N}, {k % N}]");
    }
}
