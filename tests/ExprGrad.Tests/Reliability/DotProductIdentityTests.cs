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
        from program in RandomProgramGen.Program(RandomProgramGen.AllKinds, RandomProgramGen.AllGuards, maxNodes: 40)
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

    private static string Describe(RandomProgram f, double[] x, double[] u, double[] w)
        => $"{f.ToCSharp()}\nf_j = {string.Join(", ", f.Outputs.Select(f.NameOf))}\n" +
           $"dimension: {f.Inputs}, x = {RandomProgram.Show(x)}, u = {RandomProgram.Show(u)}, w = {RandomProgram.Show(w)}";
}
