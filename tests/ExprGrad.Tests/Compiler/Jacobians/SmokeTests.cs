using static ExprGrad.Scalar;
using Xunit.Abstractions;

namespace ExprGrad.Tests.Compiler.Jacobians;

public class SmokeTests(ITestOutputHelper output)
{
    [Fact]
    public void List()
    {
        var r = Grad.CompileJacobian(b => Vec.Of(b[0] - 1, 10 * (b[1] - b[0] * b[0])), 2);
        double[] v = new double[2], j = new double[4];
        r.Evaluate([2.0, 3.0], v, j);
        output.WriteLine($"{r.Mode} {r.Colors} {string.Join(",", v)} | {string.Join(",", j)}");
        output.WriteLine(r.ToCSharpString());
        Assert.Equal([1.0, -10], v);
        Assert.Equal([1.0, 0, -40, 10], j);
    }

    [Fact]
    public void Map()
    {
        int m = 5;
        double[] data = [.. Enumerable.Range(0, 2 * m).Select(i => 0.3 * i)];
        var r = Grad.CompileJacobian((b, d) => Vec.Map(m, i => d[2 * i + 1] - b[0] * (1 - Exp(-b[1] * d[2 * i]))), 2, 2 * m);
        double[] x = [2.0, 0.5], v = new double[m], j = new double[2 * m];
        r.Evaluate(x, data, v, j);
        output.WriteLine($"{r.Mode} {r.Colors} {string.Join(",", v)} | {string.Join(",", j)}");
        output.WriteLine(r.ToCSharpString());
        for (int i = 0; i < m; i++)
        {
            double t = data[2 * i], e = Math.Exp(-x[1] * t);
            Assert.Equal(data[2 * i + 1] - x[0] * (1 - e), v[i], 1e-14);
            Assert.Equal(-(1 - e), j[2 * i], 1e-14);
            Assert.Equal(-x[0] * t * e, j[2 * i + 1], 1e-14);
        }
        foreach (var mode in new[] { JacobianMode.Forward, JacobianMode.Reverse })
        {
            var r2 = Grad.CompileJacobian((b, d) => Vec.Map(m, i => d[2 * i + 1] - b[0] * (1 - Exp(-b[1] * d[2 * i]))), 2, 2 * m, new GradOptions { JacobianMode = mode });
            double[] v2 = new double[m], j2 = new double[2 * m];
            r2.Evaluate(x, data, v2, j2);
            output.WriteLine($"{mode}: {r2.Mode} {r2.Colors}");
            Assert.Equal(v, v2);
            for (int k = 0; k < j.Length; k++) Assert.Equal(j[k], j2[k], 1e-14);
        }
        double[] jv = new double[m], uj = new double[2];
        r.Jvp(x, data, [1.0, 2.0], v, jv);
        for (int i = 0; i < m; i++) Assert.Equal(j[2 * i] + 2 * j[2 * i + 1], jv[i], 1e-13);
        double[] u = [.. Enumerable.Range(0, m).Select(i => 1.0 + i)];
        r.Vjp(x, data, u, v, uj);
        for (int c = 0; c < 2; c++) Assert.Equal(Enumerable.Range(0, m).Sum(i => u[i] * j[2 * i + c]), uj[c], 1e-12);
    }

    private static Scalar Rosenbrock(Vec x) => Sum(x.Length - 1, i => 100 * Square(x[i + 1] - Square(x[i])) + Square(1 - x[i]));

    [Fact]
    public void Hessian()
    {
        int n = 6;
        var h = Grad.CompileHessian(Rosenbrock, n);
        double[] x = [.. Enumerable.Range(0, n).Select(i => 0.1 * i - 0.2)], g = new double[n], hd = new double[n * n];
        h.ValueGradientHessian(x, g, hd);
        output.WriteLine($"colors {h.Colors}, nnz {h.Sparsity.Count}");
        var expected = new double[n * n];
        for (int i = 0; i < n - 1; i++)
        {
            expected[i * n + i] += 1200 * x[i] * x[i] - 400 * x[i + 1] + 2;
            expected[(i + 1) * n + i + 1] += 200;
            expected[i * n + i + 1] += -400 * x[i];
            expected[(i + 1) * n + i] += -400 * x[i];
        }
        for (int k = 0; k < n * n; k++) Assert.Equal(expected[k], hd[k], 1e-10);
        double[] v = [.. Enumerable.Range(0, n).Select(i => 1.0 + 0.5 * i)], hv = new double[n];
        h.HessianVectorProduct(x, v, g, hv);
        for (int i = 0; i < n; i++) Assert.Equal(Enumerable.Range(0, n).Sum(k => expected[i * n + k] * v[k]), hv[i], 1e-10);
        output.WriteLine(h.ToCSharpString());
    }
}
