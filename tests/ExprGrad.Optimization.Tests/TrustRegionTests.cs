using System.Globalization;
using System.Text;
using ExprGrad.TestProblems;
using Xunit.Abstractions;

namespace ExprGrad.Optimization.Tests;

/// <summary>Newton-CG (Steihaug) beyond the shared behaviour: Newton's convergence, negative curvature, the MGH set.</summary>
public class TrustRegionTests(ITestOutputHelper output)
{
    [Fact]
    public void Solves_Rosenbrock_with_a_hand_written_Hessian_in_fewer_iterations_than_Lbfgs()
    {
        DelegateGradient f = HandWritten.Rosenbrock();
        Assert.True(f.HasHandWrittenHessian);

        OptimizationResult r = TrustRegion.Minimize(f, HandWritten.RosenbrockStart());
        OptimizationResult lbfgs = Lbfgs.Minimize(f, HandWritten.RosenbrockStart());

        Assert.Equal(StopReason.GradientConverged, r.Reason);
        Assert.Equal(1, r.X[0], 1e-10);
        Assert.Equal(1, r.X[1], 1e-10);
        Assert.True(r.Iterations < lbfgs.Iterations, $"trust region {r.Iterations}, L-BFGS {lbfgs.Iterations}");
    }

    [Fact]
    public void A_quadratic_inside_the_radius_is_solved_by_Newton_steps_exact_only_near_the_end()
    {
        var progress = new RecordingProgress();

        // CG stops once its residual is below min(½, √‖g‖)·‖g‖: loose while ‖g‖ is large, exact at the end.
        OptimizationResult r = TrustRegion.Minimize(HandWritten.Quadratic(8), new double[8], new TrustRegionOptions { InitialRadius = 100 }, progress);
        OptimizationResult one = TrustRegion.Minimize(HandWritten.Quadratic(1), [0.0], new TrustRegionOptions { InitialRadius = 100 });

        Assert.Equal(StopReason.GradientConverged, r.Reason);
        Assert.InRange(r.Iterations, 2, 10);
        for (int i = 0; i < 8; i++) Assert.Equal(HandWritten.QuadraticMinimizer(i), r.X[i], 1e-12);
        Assert.Equal(1, one.Iterations);   // one CG step is exact in one dimension
    }

    [Fact]
    public void Converges_quadratically_at_the_end()
    {
        var progress = new RecordingProgress();

        TrustRegion.Minimize(HandWritten.Rosenbrock(), HandWritten.RosenbrockStart(), new TrustRegionOptions { GradientTolerance = 1e-14 }, progress);

        // The last steps of Newton's method square the gradient norm (up to a constant).
        double[] norms = progress.Reports.Select(p => p.GradientNorm).TakeLast(4).ToArray();
        Assert.True(norms[^1] < 1e-9 * norms[^3], string.Join(", ", norms));
    }

    [Fact]
    public void Negative_curvature_leads_away_from_a_saddle_to_a_minimum()
    {
        // f = x⁴/4 − x²/2 + y²: a saddle at 0 (f_xx = −1), minima at (±1, 0). Newton's step from near the
        // saddle goes to the saddle; the trust region follows the negative curvature out instead.
        var f = new DelegateGradient(2, (x, g) =>
        {
            g[0] = x[0] * x[0] * x[0] - x[0];
            g[1] = 2 * x[1];
            return Math.Pow(x[0], 4) / 4 - x[0] * x[0] / 2 + x[1] * x[1];
        }, (x, v, hv) =>
        {
            hv[0] = (3 * x[0] * x[0] - 1) * v[0];
            hv[1] = 2 * v[1];
        });

        OptimizationResult r = TrustRegion.Minimize(f, [1e-3, 0.5]);

        Assert.Equal(StopReason.GradientConverged, r.Reason);
        Assert.Equal(1, r.X[0], 1e-9);
        Assert.Equal(0, r.X[1], 1e-9);
        Assert.Equal(-0.25, r.Value, 1e-15);
    }

    [Fact]
    public void One_conjugate_gradient_step_per_iteration_is_a_Cauchy_step_and_still_converges()
    {
        OptimizationResult newton = TrustRegion.Minimize(HandWritten.Quadratic(6), new double[6]);
        OptimizationResult cauchy = TrustRegion.Minimize(HandWritten.Quadratic(6), new double[6],
            new TrustRegionOptions { MaxConjugateGradientIterations = 1 });

        Assert.True(newton.Converged && cauchy.Converged, $"{newton} / {cauchy}");
        Assert.True(cauchy.Iterations > newton.Iterations, $"Cauchy {cauchy.Iterations}, Newton {newton.Iterations}");
    }

    [Fact]
    public void A_NaN_Hessian_vector_product_stops_at_the_current_point()
    {
        var f = new DelegateGradient(1, (x, g) =>
        {
            g[0] = 2 * x[0];
            return x[0] * x[0];
        }, (x, v, hv) => hv[0] = double.NaN);

        OptimizationResult r = TrustRegion.Minimize(f, [3.0]);

        Assert.Equal(StopReason.NonFiniteValue, r.Reason);
        Assert.Equal([3.0], r.X);
        Assert.Equal(9, r.Value);
    }

    /// <summary>
    /// Newton-CG has no variable scaling: on Meyer (variables of 0.02 and 4,000), Osborne 1 (0.01 next to 1.5)
    /// and Watson (n = 9, condition number ~1e12) a spherical trust region crawls and the 1,000 iterations run
    /// out; Trigonometric ends at the same stationary point as L-BFGS. See docs/optimization.md.
    /// </summary>
    private static readonly HashSet<string> Unsolved = ["Meyer", "Osborne 1", "Watson (n = 9)", "Trigonometric (n = 10)"];

    public static TheoryData<string> SolvedProblems
    {
        get
        {
            var data = new TheoryData<string>();
            foreach (TestProblem p in CompiledProblems.Standard)
                if (!Unsolved.Contains(p.Name)) data.Add(p.Name);
            return data;
        }
    }

    // The absolute gradient test at 1e-8 stops Powell badly scaled at f = 1.2e-9 (its gradient is tiny long before f):
    // 1e-10 is the tolerance at which every other problem reaches its published value.
    private static readonly TrustRegionOptions MghOptions = new() { GradientTolerance = 1e-10 };

    [Theory]
    [MemberData(nameof(SolvedProblems))]
    public void Reaches_the_published_minimum_with_finite_difference_Hessians(string name)
    {
        TestProblem p = CompiledProblems.Named(name);

        OptimizationResult r = TrustRegion.Minimize(new FiniteDifferenceHessian(CompiledProblems.Gradient(p)), p.Start, MghOptions);

        Assert.True(MoreGarbowHillstromTests.Reaches(r.Value, p.Minimum) || MoreGarbowHillstromTests.Reaches(r.Value, p.LocalMinimum),
            $"{p}: f = {r.Value:R}, published {p.Minimum:R}; {r}");
        Assert.True(r.Converged, r.ToString());
    }

    /// <summary>The table in docs/optimization.md (run with --logger "console;verbosity=detailed").</summary>
    [Fact]
    public void Results_table_against_Lbfgs()
    {
        var table = new StringBuilder("| # | Problem | n | Newton-CG f | it | evals | stop | L-BFGS it | evals |\n|---:|---|---:|---:|---:|---:|---|---:|---:|\n");
        int solved = 0;
        foreach (TestProblem p in CompiledProblems.Standard)
        {
            CompiledGradient g = CompiledProblems.Gradient(p);
            OptimizationResult r = TrustRegion.Minimize(new FiniteDifferenceHessian(g), p.Start, MghOptions);
            OptimizationResult l = Lbfgs.Minimize(g, p.Start);
            bool reached = MoreGarbowHillstromTests.Reaches(r.Value, p.Minimum) || MoreGarbowHillstromTests.Reaches(r.Value, p.LocalMinimum);
            solved += reached ? 1 : 0;
            table.AppendLine(string.Create(CultureInfo.InvariantCulture,
                $"| {p.Number} | {p.Name} | {p.Dimension} | {MoreGarbowHillstromTests.Mark(r.Value, p)} | {r.Iterations} | {r.Evaluations} | {r.Reason} | {l.Iterations} | {l.Evaluations} |"));
        }
        output.WriteLine(table.ToString());
        Assert.Equal(CompiledProblems.Standard.Count - Unsolved.Count, solved);
    }
}
