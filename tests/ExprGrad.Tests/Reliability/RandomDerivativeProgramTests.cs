using System.Diagnostics;
using CsCheck;
using Xunit.Abstractions;
using static ExprGrad.Tests.Ops.OpCases;

namespace ExprGrad.Tests.Reliability;

/// <summary>
/// Issue 15: the random sum programs (<see cref="RandomSumProgramGen"/>: sums over w and data at affine indices, nested
/// sums, values computed before them) as Hessians and as Jacobians. Hessian-vector products of the looped program must
/// agree with those of the unrolled program (straight-line code: the tangent transform without loops) and of the looped
/// one in other code shapes (units, split bodies, parallel sums) to 1e-9, the dense Hessian with the columns H eⱼ, and
/// H v with central differences of the gradient where those are reliable. Jacobians of the program's parts (a list of
/// sums) and of one sum's terms (a Vec.Map) must agree in every mode with the unrolled terms' tape gradients, and satisfy
/// the J·v / uᵀJ dot-product identity.
/// </summary>
public class RandomDerivativeProgramTests(ITestOutputHelper output)
{
    // Measured on 2 cores under load: about 0.2 s per program for the Hessians, 0.15 s for the Jacobians.
    private const int Programs = 150;
    private const double Tolerance = 1e-9;

    private static readonly GradOptions Shaped = new() { UnitSize = 3, SplitAbove = 2, Parallel = true, ParallelMinimumWork = 0 };

    [Fact]
    public void Hessians_of_sum_programs_agree_looped_unrolled_in_every_shape_and_with_finite_differences()
    {
        var clock = Stopwatch.StartNew();
        var outcomes = new int[4];
        Check.Sample(RandomSumProgramGen.StraightLineProgramAndData, t => Interlocked.Increment(ref outcomes[(int)CheckHessian(t.Program, t.W, t.Data1)]),
            iter: Programs, print: t => t.Program.Describe(t.W, t.Data1, t.Data2));
        int compared = outcomes[(int)Outcome.Compared], unreliable = outcomes[(int)Outcome.Unreliable];
        output.WriteLine($"{Programs} programs in {clock.Elapsed.TotalSeconds:F1} s; finite differences checked {compared}, unreliable at {unreliable}, " +
            $"not comparable (stop-gradient) at {outcomes[(int)Outcome.StopGradient]}; a black box refused the second derivative in {outcomes[(int)Outcome.BlackBox]}");
        Assert.True(unreliable < 0.2 * (compared + unreliable), $"finite differences unreliable at {unreliable} of {compared + unreliable} points");
        Assert.True(compared > Programs / 5, $"finite differences checked only {compared} of {Programs} programs");
    }

    private enum Outcome { Compared, Unreliable, StopGradient, BlackBox }

    /// <summary>Checks one program; says whether finite differences were compared with (or why not).</summary>
    private static Outcome CheckHessian(SumProgram p, double[] w, double[] data)
    {
        CompiledHessian looped;
        try
        {
            looped = Grad.CompileHessian(p.AsFunction(true), p.Dimension, p.DataLength);
        }
        catch (NotSupportedException e) when (p.Uses(Kind.Box))
        {
            // A derivative flows into the black box: it has no second derivative and says so, naming itself.
            Assert.Contains("'box'", e.Message);
            return Outcome.BlackBox;
        }
        string describe = p.Describe(w, data, data);
        int n = p.Dimension;
        double[] v = [.. Enumerable.Range(0, n).Select(k => Math.Cos(1.3 * k + 0.7))];
        var results = new (string Name, CompiledHessian H)[]
        {
            ("unrolled", Grad.CompileHessian(p.AsFunction(false), n, p.DataLength)),
            ("split+parallel", Grad.CompileHessian(p.AsFunction(true), n, p.DataLength, Shaped)),
            ("system", Grad.CompileHessian(p.AsFunction(true), n, p.DataLength, new GradOptions { Backend = CompilerBackend.SystemLinqExpressions })),
        };
        double[] hv = Hvp(looped, w, data, v);
        foreach (var (name, h) in results)
        {
            double[] other = Hvp(h, w, data, v);
            for (int i = 0; i < n; i++) AssertClose(hv[i], other[i], Tolerance, $"(H v)[{i}], looped against {name}\n{describe}\n");
        }
        // The dense Hessian (compressed by colouring) against its columns H e_j of the unrolled program.
        double[] dense = new double[n * n];
        looped.ValueGradientHessian(w, data, new double[n], dense);
        for (int j = 0; j < n; j++)
        {
            double[] e = new double[n];
            e[j] = 1;
            double[] column = Hvp(results[0].H, w, data, e);
            for (int i = 0; i < n; i++) AssertClose(column[i], dense[i * n + j], Tolerance, $"H[{i}, {j}] against the unrolled H e_{j}\n{describe}\n");
        }
        // With a stop-gradient the differences of the gradient are not the Hessian (f = x stop(x): gradient x, its
        // difference quotient 1, the Hessian 0); looped, unrolled and every shape above still agree.
        if (p.Uses(Kind.StopGradient)) return Outcome.StopGradient;
        return AgreesWithDifferences(looped, w, data, v, hv, describe) ? Outcome.Compared : Outcome.Unreliable;
    }

    private static double[] Hvp(CompiledHessian h, double[] w, double[] data, double[] v)
    {
        double[] hv = new double[h.Dimension];
        h.HessianVectorProduct(w, data, v, new double[h.Dimension], hv);
        return hv;
    }

    /// <summary>
    /// (∇f(w + h v) − ∇f(w − h v)) / 2h at two steps; where the two agree (no kink nearby, little rounding) and the value does
    /// not jump at w, H v must match them to 1e-5. Returns false where they do not agree (nothing is asserted then).
    /// </summary>
    private static bool AgreesWithDifferences(CompiledHessian f, double[] w, double[] data, double[] v, double[] hv, string describe)
    {
        int n = w.Length;
        double[] Difference(double h)
        {
            double[] plus = [.. w.Select((x, k) => x + h * v[k])], minus = [.. w.Select((x, k) => x - h * v[k])];
            double[] gp = new double[n], gm = new double[n];
            f.ValueAndGradient(plus, data, gp);
            f.ValueAndGradient(minus, data, gm);
            return [.. gp.Select((g, k) => (g - gm[k]) / (2 * h))];
        }
        // A point where the value jumps (Sign(-w0²) at w0 = 0: seed 0dXpy00iyTT2) has a Hessian its neighbours do not share:
        // the differences of the gradient see the neighbours' only.
        double h = 5e-5, at = f.Value(w, data);
        double across = f.Value([.. w.Select((x, k) => x + h * v[k])], data) + f.Value([.. w.Select((x, k) => x - h * v[k])], data) - 2 * at;
        if (!(Math.Abs(across) <= 1e-6 * Math.Max(1, Math.Abs(at)))) return false;
        double[] coarse = Difference(2 * h), fine = Difference(h);
        for (int i = 0; i < n; i++)
            if (Math.Abs(coarse[i] - fine[i]) > 1e-6 * Math.Max(1, Math.Abs(fine[i])) || !double.IsFinite(fine[i])) return false;
        for (int i = 0; i < n; i++) AssertClose(fine[i], hv[i], 1e-5, $"(H v)[{i}] against finite differences of the gradient\n{describe}\n");
        return true;
    }

    [Fact]
    public void Jacobians_of_sum_programs_agree_in_every_mode_with_the_unrolled_terms()
    {
        var clock = Stopwatch.StartNew();
        Check.Sample(RandomSumProgramGen.StraightLineProgramAndData, t =>
        {
            SumProgram p = t.Program;
            CheckJacobian(p, (w, d) => Vec.Of(p.Parts(w, d, true)), (w, d) => Vec.Of(p.Parts(w, d, false)), t.W, t.Data1, "parts");
            CheckJacobian(p, (w, d) => p.Terms(0, w, d, true), (w, d) => p.Terms(0, w, d, false), t.W, t.Data1, "terms of the first sum");
        }, iter: Programs, print: t => t.Program.Describe(t.W, t.Data1, t.Data2));
        output.WriteLine($"{Programs} programs in {clock.Elapsed.TotalSeconds:F1} s");
    }

    private static void CheckJacobian(SumProgram p, Func<Vec, Vec, Vec> looped, Func<Vec, Vec, Vec> unrolled, double[] w, double[] data, string what)
    {
        string describe = $"{what} of\n{p.Describe(w, data, data)}";
        int n = p.Dimension;
        var compiled = Grad.CompileJacobian(looped, n, p.DataLength);
        int m = compiled.Outputs;
        // The rows by tape: each unrolled output's gradient.
        var rows = Enumerable.Range(0, m).Select(r => Modes.Evaluate(Grad.Tape((x, d) => unrolled(x, d)[r], n, data), w)).ToArray();
        foreach (GradOptions options in new[] { GradOptions.Default, new GradOptions { JacobianMode = JacobianMode.Forward },
                     new GradOptions { JacobianMode = JacobianMode.Reverse }, new GradOptions { Compress = false }, Shaped })
        {
            var r = ReferenceEquals(options, GradOptions.Default) ? compiled : Grad.CompileJacobian(looped, n, p.DataLength, options);
            double[] values = new double[m], jacobian = new double[m * n];
            r.Evaluate(w, data, values, jacobian);
            for (int i = 0; i < m; i++)
            {
                AssertClose(rows[i].Value, values[i], Tolerance, $"r{i} ({r.Mode}, {r.Colors} colours)\n{describe}\n");
                for (int j = 0; j < n; j++)
                    AssertClose(rows[i].Gradient[j], jacobian[i * n + j], Tolerance, $"J[{i}, {j}] ({r.Mode}, {r.Colors} colours) against tape\n{describe}\n");
            }
        }
        double[] v = [.. Enumerable.Range(0, n).Select(k => Math.Sin(0.9 * k + 0.2))], u = [.. Enumerable.Range(0, m).Select(k => Math.Cos(0.4 * k))];
        double[] jv = new double[m], uj = new double[n];
        compiled.Jvp(w, data, v, new double[m], jv);
        compiled.Vjp(w, data, u, new double[m], uj);
        double left = 0, right = 0;
        for (int i = 0; i < m; i++) left += u[i] * jv[i];
        for (int j = 0; j < n; j++) right += uj[j] * v[j];
        AssertClose(left, right, Tolerance, $"u . (J v) against (u^T J) . v\n{describe}\n");
    }
}
