using System.Diagnostics;
using ExprGrad.Workloads;

namespace ExprGrad.Perf;

/// <summary>
/// Rows of the main job for issue 15: a compiled Hessian-vector product (Rosenbrock (Sum), the MLP (Sum)) and a compiled
/// sparse Hessian (Rosenbrock (Sum)), timed as calls that also give value and gradient (so the table's gradient check
/// applies), each checked against its hand-written second derivatives before it is timed (a wrong one fails the job).
/// </summary>
internal static class SecondOrderApproaches
{
    public static IEnumerable<Approach> For(Workload w)
    {
        if (w is RosenbrockSum or MlpSum) yield return new Approach("compiled H·v", true, Hvp);
        if (w is RosenbrockSum) yield return new Approach("compiled sparse Hessian", true, SparseHessian);
    }

    private static Prepared Hvp(Workload w)
    {
        var clock = Stopwatch.StartNew();
        CompiledHessian compiled = Compile(w);
        IHessian h = w is MlpSum mlp ? compiled.Bind(mlp.Data) : compiled;
        double[] x = w.StartPoint(), v = [.. Enumerable.Range(0, w.Dimension).Select(k => Math.Sin(k + 1.0))];
        double[] gradient = new double[w.Dimension], hv = new double[w.Dimension], expected = new double[w.Dimension];
        h.HessianVectorProduct(x, v, gradient, hv);
        double ms = clock.Elapsed.TotalMilliseconds;
        if (w is MlpSum m) HandSecondOrder.MlpHvp(x, v, m.Data, gradient, expected, new double[Mlp.Hidden], new double[Mlp.Hidden]);
        else HandSecondOrder.RosenbrockHvp(x, v, gradient, expected);
        Check(hv, expected, "H v");
        return new Prepared(new Call(w.Dimension, (p, g) => h.HessianVectorProduct(p, v, g, hv)), false, ms, Note: "value, gradient and H v (forward-over-reverse)");
    }

    private static Prepared SparseHessian(Workload w)
    {
        var clock = Stopwatch.StartNew();
        CompiledHessian h = Compile(w);
        double[] x = w.StartPoint(), gradient = new double[w.Dimension], nonzeros = new double[h.Sparsity.Count];
        h.SparseHessian(x, gradient, nonzeros);
        double ms = clock.Elapsed.TotalMilliseconds;
        double[] expected = new double[2 * w.Dimension - 1];
        HandSecondOrder.RosenbrockSparse(x, gradient, expected);
        Check(nonzeros, expected, "Hessian nonzeros");
        return new Prepared(new Call(w.Dimension, (p, g) => h.SparseHessian(p, g, nonzeros)), false, ms,
            Note: $"value, gradient and {h.Sparsity.Count} nonzeros ({h.Colors} colours)");
    }

    private static CompiledHessian Compile(Workload w) => w is DataWorkload d
        ? Grad.CompileHessian(d.DataFunction, d.Dimension, d.Data.Length)
        : Grad.CompileHessian(w.Function, w.Dimension);

    private static void Check(double[] actual, double[] expected, string what)
    {
        for (int i = 0; i < actual.Length; i++)
            if (Math.Abs(actual[i] - expected[i]) > GradientCheck.Tolerance * Math.Max(1, Math.Abs(expected[i])))
                throw new InvalidOperationException($"{what}[{i}] = {actual[i]:R}, hand-written {expected[i]:R}");
    }

    private delegate double SpanCall(ReadOnlySpan<double> x, Span<double> gradient);

    /// <summary>A second-order call seen as an IGradient, so the table checks its value and gradient and times it.</summary>
    private sealed class Call(int dimension, SpanCall call) : IGradient
    {
        private readonly double[] scratch = new double[dimension];

        public int Dimension => dimension;

        public double Value(ReadOnlySpan<double> x) => call(x, scratch);

        public double ValueAndGradient(ReadOnlySpan<double> x, Span<double> gradient) => call(x, gradient);
    }
}
