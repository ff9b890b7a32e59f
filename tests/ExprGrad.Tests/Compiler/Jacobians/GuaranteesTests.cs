using static ExprGrad.Tests.Compiler.Hessians.HessianCases;
using static ExprGrad.Tests.Compiler.Jacobians.JacobianCases;

namespace ExprGrad.Tests.Compiler.Jacobians;

/// <summary>The compiled gradient's guarantees, for Jacobians and Hessians: no allocation per call, thread safety, aliasing.</summary>
public class GuaranteesTests
{
    private const int M = 30;
    private static readonly double[] Data = [.. Enumerable.Range(0, 2 * M).Select(k => k % 2 == 0 ? 0.1 * k : 1 + 0.01 * k * k)];

    [Theory]
    [InlineData(CompilerBackend.FastExpressionCompiler)]
    [InlineData(CompilerBackend.SystemLinqExpressions)]
    public void Jacobian_and_Hessian_calls_allocate_nothing(CompilerBackend backend)
    {
        var options = new GradOptions { Backend = backend };
        var fit = Grad.CompileJacobian(Misra(M), 2, 2 * M, options);
        var banana = Grad.CompileJacobian(Banana, 2, options);
        var chained = Grad.CompileJacobian(Chained, 20, options with { JacobianMode = JacobianMode.Reverse });
        var hessian = Grad.CompileHessian(Rosenbrock, 20, options);
        double[] b = [2, 0.3], x = Point(20, 1), values = new double[M], jacobian = new double[2 * M], jv = new double[M], uj = new double[2];
        double[] bv = new double[2], bj = new double[4], cv = new double[19], cj = new double[19 * 20], g = new double[20], hv = new double[20];
        double[] h = new double[400], nonzeros = new double[hessian.Sparsity.Count], u = Point(M, 2);
        void Calls()
        {
            fit.Evaluate(b, Data, values, jacobian);
            fit.Values(b, Data, values);
            fit.Jvp(b, Data, b, values, jv);
            fit.Vjp(b, Data, u, values, uj);
            banana.Evaluate(b, bv, bj);
            banana.Evaluate(b, bv);
            chained.Evaluate(x, cv, cj);
            hessian.HessianVectorProduct(x, x, g, hv);
            hessian.ValueGradientHessian(x, g, h);
            hessian.SparseHessian(x, g, nonzeros);
            hessian.ValueAndGradient(x, g);
        }
        for (int i = 0; i < 2_000; i++) Calls(); // until tiered compilation settles
        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 2_000; i++) Calls();
        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }

    [Fact]
    public void Eight_threads_get_bit_identical_Jacobians_and_Hessian_vector_products()
    {
        const int Threads = 8, Calls = 5_000, N = 12;
        var fit = Grad.CompileJacobian(Misra(M), 2, 2 * M);
        var hessian = Grad.CompileHessian(Rosenbrock, N);
        double[][] points = [.. Enumerable.Range(0, 16).Select(k => Point(N, 100 + k))];
        (double[] Values, double[] Jacobian, double[] Hv, double[] H) Run(double[] p)
        {
            double[] values = new double[M], jacobian = new double[2 * M], g = new double[N], hv = new double[N], h = new double[N * N];
            fit.Evaluate([1 + p[0], 0.1 * p[1]], Data, values, jacobian);
            hessian.HessianVectorProduct(p, p, g, hv);
            hessian.ValueGradientHessian(p, g, h);
            return (values, jacobian, hv, h);
        }
        var expected = points.Select(Run).ToArray();
        int mismatches = 0;
        Parallel.For(0, Threads, new ParallelOptions { MaxDegreeOfParallelism = Threads }, t =>
        {
            for (int c = 0; c < Calls; c++)
            {
                int i = (c * 7 + t * 13) % points.Length;
                var got = Run(points[i]);
                if (!got.Values.AsSpan().SequenceEqual(expected[i].Values) || !got.Jacobian.AsSpan().SequenceEqual(expected[i].Jacobian)
                    || !got.Hv.AsSpan().SequenceEqual(expected[i].Hv) || !got.H.AsSpan().SequenceEqual(expected[i].H))
                    Interlocked.Increment(ref mismatches);
            }
        });
        Assert.Equal(0, mismatches);
    }

    [Fact]
    public void Outputs_may_overlap_the_inputs()
    {
        const int N = 8;
        var r = Grad.CompileJacobian(Chained, N);
        var h = Grad.CompileHessian(Rosenbrock, N);
        double[] x = Point(N, 5);
        double[] values = new double[N - 1], jacobian = new double[(N - 1) * N], jv = new double[N - 1], g = new double[N], hv = new double[N];
        r.Evaluate(x, values, jacobian);
        r.Jvp(x, x, values, jv);
        h.HessianVectorProduct(x, x, g, hv);

        // values over x's first entries, the Jacobian from x's last entry on: both read x before anything is written.
        double[] shared = [.. x, .. new double[N * N]];
        r.Evaluate(shared.AsSpan(0, N), shared.AsSpan(0, N - 1), shared.AsSpan(N - 1, (N - 1) * N));
        Assert.Equal(values, shared[..(N - 1)]);
        Assert.Equal(jacobian, shared.AsSpan(N - 1, (N - 1) * N).ToArray());
        double[] y = [.. x], z = [.. x];
        r.Jvp(y, y, y.AsSpan(0, N - 1), z.AsSpan(0, N - 1));                                   // v is x; values over x
        Assert.Equal(jv, z[..(N - 1)]);
        double[] w = [.. x];
        h.HessianVectorProduct(w, w, new double[N], w);                                        // H x written over x
        Assert.Equal(hv, w);
    }
}
