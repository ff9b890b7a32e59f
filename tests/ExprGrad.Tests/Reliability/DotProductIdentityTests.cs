using CsCheck;
using Xunit.Abstractions;
using static ExprGrad.Tests.Ops.OpCases;

namespace ExprGrad.Tests.Reliability;

/// <summary>
/// The VJP/JVP dot-product identity &lt;u, J^T w&gt; = &lt;J u, w&gt; for random f: R^n -&gt; R^m (m nodes of one random
/// program, so the outputs share subexpressions): J^T w by compiled reverse mode on sum_j w_j f_j, J u by
/// <see cref="Grad.Derivative"/> of t -&gt; f_j(x + t u) at 0. Both sides are exact up to rounding, so they must
/// agree to 1e-10 relative difference, kinks included (both follow the same conventions). Skipped, and counted:
/// points within <see cref="ReferenceAlgebra.SingularRadius"/> of atan2's or hypot's origin.
/// </summary>
public class DotProductIdentityTests(ITestOutputHelper output)
{
    private const int Programs = 2_000;
    private const double Tolerance = 1e-10;

    private static readonly Gen<double> Direction = Gen.Double.Unit.Select(d => 2 * d - 1);

    /// <summary>A program whose outputs f_1..f_m (1 to 4) are chosen nodes, a point x and directions u (inputs) and w (outputs).</summary>
    private static Gen<(RandomProgram F, double[] X, double[] U, double[] W)> Cases =>
        from program in RandomProgramGen.Program(RandomProgramGen.StraightLineKinds, RandomProgramGen.AllGuards, maxNodes: 40)
        from picks in Gen.Int[0, 999].Array[1, 4]
        from x in RandomProgramGen.Point(program.Inputs)
        from u in Direction.Array[program.Inputs]
        from w in Direction.Array[picks.Length]
        select (program with { Outputs = [.. picks.Select(k => program.Inputs + k % program.Nodes.Count)] }, x, u, w);

    [Fact]
    public void Reverse_and_forward_directional_derivatives_satisfy_the_dot_product_identity()
    {
        int singular = 0;
        Check.Sample(Cases, (f, x, u, w) =>
        {
            if (ReferenceAlgebra.Evaluate(f, x).SingularDistance < ReferenceAlgebra.SingularRadius)
            {
                Interlocked.Increment(ref singular);
                return;
            }
            int n = f.Inputs, m = f.Outputs.Length;
            var reverse = Grad.Compile(v =>
            {
                Scalar[] values = f.Values(new ScalarAlgebra(i => v[i]));
                Scalar sum = 0;
                for (int j = 0; j < m; j++) sum += w[j] * values[f.Outputs[j]];
                return sum;
            }, n);
            double[] jtw = Modes.Evaluate(reverse, x).Gradient;
            double left = 0, right = 0;
            for (int i = 0; i < n; i++) left += u[i] * jtw[i];
            for (int j = 0; j < m; j++)
            {
                int output = f.Outputs[j];
                double ju = Grad.Derivative(t => f.Values(new ScalarAlgebra(i => x[i] + t * u[i]))[output], 0);
                right += w[j] * ju;
            }
            AssertClose(left, right, Tolerance, $"<u, J^T w> (left) against <J u, w> (right)\n{Describe(f, x, u, w)}\n");
        }, iter: Programs, print: c => Describe(c.Item1, c.Item2, c.Item3, c.Item4));
        output.WriteLine($"{Programs} vector-valued programs, {singular} skipped near a singular point");
        Assert.True(singular < 0.05 * Programs, $"{singular} of {Programs} skipped");
    }

    /// <summary>
    /// Issue 15 on the same random programs: the compiled Jacobian of (f_1..f_m) as <see cref="Vec.Of(Scalar[])"/> must give
    /// J u (its <see cref="CompiledJacobian.Jvp(ReadOnlySpan{double}, ReadOnlySpan{double}, Span{double}, Span{double})"/> and
    /// its dense Jacobian times u) equal to <see cref="Grad.Derivative"/> along u, and wᵀJ equal to the compiled gradient of
    /// sum_j w_j f_j; the compiled Hessian of that sum must give uᵀ(H u) equal to the second derivative of t -> g(x + t u)
    /// (forward over forward, another path through the op rules) and uᵀ(H u') = u'ᵀ(H u) (symmetry; u' is u reversed,
    /// every other entry times -0.5). Fewer programs than the identity above: each one compiles five programs.
    /// </summary>
    [Fact]
    public void Compiled_Jacobians_and_Hessian_vector_products_match_forward_mode_on_random_programs()
    {
        const int programs = 300;
        const double secondOrderTolerance = 1e-8; // second derivatives by two association orders: more rounding than first
        int singular = 0;
        Check.Sample(Cases, (f, x, u, w) =>
        {
            if (ReferenceAlgebra.Evaluate(f, x).SingularDistance < ReferenceAlgebra.SingularRadius)
            {
                Interlocked.Increment(ref singular);
                return;
            }
            string describe = Describe(f, x, u, w);
            int n = f.Inputs, m = f.Outputs.Length;
            CompiledJacobian jacobian = Grad.CompileJacobian(v =>
            {
                Scalar[] values = f.Values(new ScalarAlgebra(i => v[i]));
                return Vec.Of([.. f.Outputs.Select(o => values[o])]);
            }, n);
            Func<Vec, Scalar> weighted = v => WeightedSum(f, w, i => v[i]);
            double[] values = new double[m], ju = new double[m], dense = new double[m * n], wj = new double[n];
            jacobian.Jvp(x, u, values, ju);
            jacobian.Evaluate(x, values, dense);
            jacobian.Vjp(x, w, values, wj);
            for (int j = 0; j < m; j++)
            {
                int output = f.Outputs[j];
                double expected = Grad.Derivative(t => f.Values(new ScalarAlgebra(i => x[i] + t * u[i]))[output], 0);
                AssertClose(expected, ju[j], Tolerance, $"(J u)[{j}] by Jvp against Grad.Derivative\n{describe}\n");
                double row = 0;
                for (int i = 0; i < n; i++) row += dense[j * n + i] * u[i];
                AssertClose(expected, row, Tolerance, $"(J u)[{j}] by the dense Jacobian ({jacobian.Mode}, {jacobian.Colors} colours) against Grad.Derivative\n{describe}\n");
            }
            double[] reverse = Modes.Evaluate(Grad.Compile(weighted, n), x).Gradient;
            for (int i = 0; i < n; i++) AssertClose(reverse[i], wj[i], Tolerance, $"(wᵀJ)[{i}] by Vjp against the compiled gradient\n{describe}\n");

            // A black box has a gradient but no second derivative (it says so when asked: BadInputTests.CustomOps).
            if (f.Nodes.Any(node => node.Kind == Kind.Box)) return;
            CompiledHessian hessian = Grad.CompileHessian(weighted, n);
            double[] other = [.. u.Select((_, i) => u[n - 1 - i] * (i % 2 == 0 ? 1 : -0.5))];
            double[] hu = Hvp(hessian, x, u), hOther = Hvp(hessian, x, other);
            double uHu = Dot(u, hu), uHother = Dot(u, hOther), otherHu = Dot(other, hu);
            double curvature = Grad.Derivative(t => WeightedSum(f, w, i => x[i] + t * u[i]), 0, order: 2);
            AssertClose(curvature, uHu, secondOrderTolerance, $"uᵀ(H u) against d²/dt² g(x + t u)\n{describe}\n");
            AssertClose(uHother, otherHu, secondOrderTolerance, $"uᵀ(H u') against u'ᵀ(H u)\n{describe}\n");
        }, iter: programs, print: c => Describe(c.Item1, c.Item2, c.Item3, c.Item4));
        output.WriteLine($"{programs} vector-valued programs as Jacobians and Hessians, {singular} skipped near a singular point");
        Assert.True(singular < 0.05 * programs, $"{singular} of {programs} skipped");
    }

    // sum_j w_j f_j on the given inputs.
    private static Scalar WeightedSum(RandomProgram f, double[] w, Func<int, Scalar> input)
    {
        Scalar[] values = f.Values(new ScalarAlgebra(input));
        Scalar sum = 0;
        for (int j = 0; j < w.Length; j++) sum += w[j] * values[f.Outputs[j]];
        return sum;
    }

    private static double[] Hvp(CompiledHessian h, double[] x, double[] v)
    {
        double[] hv = new double[x.Length];
        h.HessianVectorProduct(x, v, new double[x.Length], hv);
        return hv;
    }

    private static double Dot(double[] a, double[] b)
    {
        double sum = 0;
        for (int i = 0; i < a.Length; i++) sum += a[i] * b[i];
        return sum;
    }

    private static string Describe(RandomProgram f, double[] x, double[] u, double[] w)
        => $"{f.ToCSharp()}\nf_j = {string.Join(", ", f.Outputs.Select(f.NameOf))}\n" +
           $"dimension: {f.Inputs}, x = {RandomProgram.Show(x)}, u = {RandomProgram.Show(u)}, w = {RandomProgram.Show(w)}";
}
