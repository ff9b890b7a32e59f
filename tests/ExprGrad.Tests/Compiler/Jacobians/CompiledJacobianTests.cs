using static ExprGrad.Scalar;
using static ExprGrad.Tests.Compiler.Jacobians.JacobianCases;

namespace ExprGrad.Tests.Compiler.Jacobians;

/// <summary>Compiled Jacobians against hand-written ones and finite differences, in every mode and code shape.</summary>
public class CompiledJacobianTests
{
    [Theory, MemberData(nameof(AllShapes), MemberType = typeof(JacobianCases))]
    public void The_issue_example_matches_the_hand_written_Jacobian(string shape)
    {
        CompiledJacobian r = Grad.CompileJacobian(Banana, 2, Options(shape));
        double[] b = [1.7, -0.4], values = new double[2], jacobian = new double[4];

        r.Evaluate(b, values, jacobian);

        Assert.Equal(2, r.Outputs);
        AssertMode(shape, r);
        Assert.Equal([0.7, 10 * (-0.4 - 1.7 * 1.7)], values);
        Assert.Equal(BananaJacobian(b), jacobian);
        var only = new double[2];
        r.Evaluate(b, only);
        Assert.Equal(values, only);
    }

    [Theory, MemberData(nameof(AllShapes), MemberType = typeof(JacobianCases))]
    public void A_map_over_data_rows_matches_the_hand_written_Jacobian(string shape)
    {
        const int M = 14;
        double[] data = [.. Enumerable.Range(0, 2 * M).Select(k => k % 2 == 0 ? 77.6 + 30 * k : 10 + 0.5 * k * k)];
        CompiledJacobian fit = Grad.CompileJacobian(Misra(M), 2, 2 * M, Options(shape));
        double[] b = [500, 1e-4], values = new double[M], jacobian = new double[2 * M];

        fit.Evaluate(b, data, values, jacobian);

        var (expectedValues, expectedJacobian) = MisraByHand(b, data);
        Assert.Equal(M, fit.Outputs);
        AssertMode(shape, fit);
        for (int i = 0; i < M; i++) AssertClose(expectedValues[i], values[i], 1e-14, $"r{i}");
        for (int k = 0; k < 2 * M; k++) AssertClose(expectedJacobian[k], jacobian[k], 1e-13, $"J[{k / 2}, {k % 2}]");
        var bound = fit.Bind(data);
        double[] boundValues = new double[M], boundJacobian = new double[2 * M];
        bound.Evaluate(b, boundValues, boundJacobian);
        Assert.Equal(values, boundValues);
        Assert.Equal(jacobian, boundJacobian);
    }

    [Theory, MemberData(nameof(AllShapes), MemberType = typeof(JacobianCases))]
    public void A_banded_map_is_compressed_to_few_colours_and_matches_by_hand(string shape)
    {
        const int N = 40;
        CompiledJacobian r = Grad.CompileJacobian(Chained, N, Options(shape));
        double[] x = Point(N, 3), values = new double[N - 1], jacobian = new double[(N - 1) * N];

        r.Evaluate(x, values, jacobian);

        double[] expected = ChainedJacobian(x);
        for (int k = 0; k < expected.Length; k++) AssertClose(expected[k], jacobian[k], 1e-13, $"J[{k / N}, {k % N}]");
        if (r.Mode == JacobianMode.Forward && shape != "uncompressed") Assert.Equal(2, r.Colors);
        if (shape == "uncompressed" && r.Mode == JacobianMode.Forward) Assert.Equal(N, r.Colors);
    }

    [Theory, MemberData(nameof(AllShapes), MemberType = typeof(JacobianCases))]
    public void Loops_and_shared_values_in_a_list_match_finite_differences(string shape)
    {
        const int N = 5;
        CompiledJacobian r = Grad.CompileJacobian(Mixed, N, Options(shape));
        double[] x = Point(N, 7), values = new double[5], jacobian = new double[5 * N];
        r.Evaluate(x, values, jacobian);

        var tape = Enumerable.Range(0, 5).Select(k => Grad.Tape(v => Mixed(v)[k], N)).ToArray();
        for (int row = 0; row < 5; row++)
        {
            var (value, gradient) = Modes.Evaluate(tape[row], x);
            AssertClose(value, values[row], 1e-13, $"r{row}");
            for (int c = 0; c < N; c++) AssertClose(gradient[c], jacobian[row * N + c], 1e-12, $"J[{row}, {c}] against tape");
        }
        double[] fd = FiniteDifferences(p => { var v = new double[5]; r.Evaluate(p, v); return v; }, x);
        for (int k = 0; k < fd.Length; k++) AssertClose(fd[k], jacobian[k], 1e-6, $"J[{k / N}, {k % N}] against finite differences");
    }

    private static void AssertMode(string shape, CompiledJacobian r)
    {
        if (shape == "forward") Assert.Equal(JacobianMode.Forward, r.Mode);
        if (shape == "reverse") Assert.Equal(JacobianMode.Reverse, r.Mode);
    }

    [Fact]
    public void Auto_takes_columns_for_tall_Jacobians_and_rows_for_wide_ones()
    {
        Assert.Equal(JacobianMode.Forward, Grad.CompileJacobian((x, d) => Vec.Map(50, i => Sin(x[0] * d[i]) + x[1] * x[2]), 3, 50).Mode);
        Assert.Equal(JacobianMode.Reverse, Grad.CompileJacobian(x => Vec.Of(Sum(x.Length, i => Exp(x[i])), Sum(x.Length - 1, i => x[i] * x[i + 1])), 60).Mode);
    }

    [Fact]
    public void Colouring_recovers_the_uncompressed_Jacobian_exactly()
    {
        const int N = 30;
        double[] x = Point(N, 11);
        foreach (var function in new Func<Vec, Vec>[] { Chained, Mixed0 })
            foreach (JacobianMode mode in new[] { JacobianMode.Forward, JacobianMode.Reverse })
            {
                double[] Evaluate(bool compress)
                {
                    var r = Grad.CompileJacobian(function, N, new GradOptions { JacobianMode = mode, Compress = compress });
                    var j = new double[r.Outputs * N];
                    r.Evaluate(x, new double[r.Outputs], j);
                    return j;
                }
                AssertBitwise(Evaluate(false), Evaluate(true), $"{mode} Jacobian");
            }
    }

    // A list with disjoint rows, so rows compress too.
    private static Vec Mixed0(Vec x) => Vec.Of([.. Enumerable.Range(0, x.Length / 2).Select(k => Sin(x[2 * k]) * x[2 * k + 1])]);

    [Theory]
    [InlineData(JacobianMode.Forward)]
    [InlineData(JacobianMode.Reverse)]
    public void Many_colours_run_in_batches_and_stay_exact(JacobianMode mode)
    {
        const int N = 37; // a dense row: 37 colours, three batches of 16 directions by columns
        Func<Vec, Vec> f = x => Vec.Of(Sum(x.Length, i => Sin(x[i]) * x[0]), Sum(x.Length, i => Square(x[i])), x[5] * x[6]);
        var r = Grad.CompileJacobian(f, N, new GradOptions { JacobianMode = mode });
        double[] x = Point(N, 2), values = new double[3], jacobian = new double[3 * N];
        r.Evaluate(x, values, jacobian);
        for (int c = 0; c < N; c++)
        {
            AssertClose(Math.Cos(x[c]) * x[0] + (c == 0 ? Enumerable.Range(0, N).Sum(i => Math.Sin(x[i])) : 0), jacobian[c], 1e-12, $"J[0, {c}]");
            AssertClose(2 * x[c], jacobian[N + c], 1e-14, $"J[1, {c}]");
            AssertClose(c == 5 ? x[6] : c == 6 ? x[5] : 0, jacobian[2 * N + c], 0, $"J[2, {c}]");
        }
        if (mode == JacobianMode.Forward) Assert.Equal(N, r.Colors);
    }

    [Fact]
    public void Jvp_and_vjp_satisfy_the_dot_product_identity_and_match_the_Jacobian()
    {
        const int N = 6;
        foreach (Func<Vec, Vec> f in new Func<Vec, Vec>[] { Mixed, Chained })
        {
            var r = Grad.CompileJacobian(f, N);
            int m = r.Outputs;
            double[] x = Point(N, 5), v = Point(N, 6), u = Point(m, 8), values = new double[m], jacobian = new double[m * N];
            r.Evaluate(x, values, jacobian);
            double[] jv = new double[m], uj = new double[N], values2 = new double[m], values3 = new double[m];
            r.Jvp(x, v, values2, jv);
            r.Vjp(x, u, values3, uj);
            Assert.Equal(values, values2);
            Assert.Equal(values, values3);
            double left = 0, right = 0;
            for (int i = 0; i < m; i++) left += u[i] * jv[i];
            for (int j = 0; j < N; j++) right += uj[j] * v[j];
            AssertClose(left, right, 1e-12, "u . (J v) against (u^T J) . v");
            for (int i = 0; i < m; i++) AssertClose(Enumerable.Range(0, N).Sum(j => jacobian[i * N + j] * v[j]), jv[i], 1e-12, $"(J v)[{i}]");
            for (int j = 0; j < N; j++) AssertClose(Enumerable.Range(0, m).Sum(i => u[i] * jacobian[i * N + j]), uj[j], 1e-12, $"(u^T J)[{j}]");
        }
    }

    [Fact]
    public void A_map_stays_one_loop_whatever_its_count()
    {
        int Statements(int m) => Grad.CompileJacobian(Misra(m), 2, 2 * m).StatementCount;
        Assert.Equal(Statements(10), Statements(10_000));
        string code = Grad.CompileJacobian(Misra(1000), 2, 2000).ToCSharpString();
        Assert.Contains("while (true)", code);
        Assert.DoesNotContain("999", code);
    }

    [Fact]
    public void Non_finite_values_propagate_as_IEEE_says()
    {
        var r = Grad.CompileJacobian(x => Vec.Of(Sqrt(x[0]), x[1] * 2, Log(x[2])), 3);
        double[] values = new double[3], jacobian = new double[9];

        r.Evaluate([0.0, double.NaN, -1], values, jacobian);

        Assert.Equal(0, values[0]);
        Assert.True(double.IsNaN(values[1]) && double.IsNaN(values[2]));
        Assert.Equal(double.PositiveInfinity, jacobian[0]);   // sqrt'(0)
        Assert.Equal(2, jacobian[4]);                          // d(2 x1)/dx1 = 2, even at x1 = NaN
        Assert.Equal(-1, jacobian[8]);                         // log'(-1) = 1/-1
        foreach (int k in new[] { 1, 2, 3, 5, 6, 7 }) Assert.Equal(0, jacobian[k]); // structural zeros stay 0 beside inf and NaN
    }

    [Theory]
    [InlineData(JacobianMode.Forward)]
    [InlineData(JacobianMode.Reverse)]
    public void NanSafe_gives_finite_derivatives_where_a_branch_is_not_taken(JacobianMode mode)
    {
        static Vec F(Vec x) => Vec.Of(Where(x[0] > 0, Sqrt(x[0]), x[1]), x[0] * x[1]);
        double[] at = [0.0, 3.0], ones = [1.0, 1.0], values = new double[2], jacobian = new double[4], jv = new double[2], uj = new double[2];
        var safe = Grad.CompileJacobian(F, 2, new GradOptions { NanSafe = true, JacobianMode = mode });
        safe.Evaluate(at, values, jacobian);
        Assert.Equal([3.0, 0.0], values);
        Assert.Equal([0.0, 1.0, 3.0, 0.0], jacobian);
        safe.Jvp(at, ones, values, jv);
        Assert.Equal([1.0, 3.0], jv);
        safe.Vjp(at, ones, values, uj);
        Assert.Equal([3.0, 1.0], uj);
        // The case is not vacuous: rows by reverse sweeps, like a gradient, multiply sqrt'(0) = inf by the untaken branch's
        // zero adjoint without NanSafe (the columns of this small case come out finite even without it).
        if (mode != JacobianMode.Reverse) return;
        var plain = Grad.CompileJacobian(F, 2, new GradOptions { JacobianMode = mode });
        plain.Evaluate(at, values, jacobian);
        Assert.True(double.IsNaN(jacobian[0]), "without NanSafe, sqrt'(0) = inf times the untaken branch's zero is NaN");
    }
}
