using System.Globalization;
using System.Text;
using ExprGrad.TestProblems;
using Xunit.Abstractions;

namespace ExprGrad.Optimization.Tests;

/// <summary>
/// L-BFGS with compiled gradients on the More-Garbow-Hillstrom set, with default options, against the
/// published minimum values; and the same gradients through MathNet's L-BFGS, side by side.
/// </summary>
public class MoreGarbowHillstromTests(ITestOutputHelper output)
{
    /// <summary>
    /// |f − f*| ≤ 5e-6·|f*| + 1e-10. The paper prints f* to six significant digits, so 5e-6 relative (half a
    /// unit in the last printed digit) is as tight as the published values allow; 1e-10 is the absolute
    /// tolerance where f* = 0.
    /// </summary>
    public static bool Reaches(double value, double published) =>
        Math.Abs(value - published) <= 5e-6 * Math.Abs(published) + 1e-10;

    /// <summary>
    /// From the standard start with n = 10 every gradient method we know of stops at a stationary point with
    /// f ≈ 2.79506e-5, not at f* = 0 (the paper lists no other minimum for it). Tested on its own below.
    /// </summary>
    private const string StationaryPointProblem = "Trigonometric (n = 10)";

    public static TheoryData<string> ProblemsWithAPublishedTarget
    {
        get
        {
            var data = new TheoryData<string>();
            foreach (TestProblem p in CompiledProblems.Standard)
                if (p.Name != StationaryPointProblem) data.Add(p.Name);
            return data;
        }
    }

    [Theory]
    [MemberData(nameof(ProblemsWithAPublishedTarget))]
    public void Lbfgs_with_a_compiled_gradient_reaches_a_published_minimum(string name)
    {
        TestProblem p = CompiledProblems.Named(name);

        OptimizationResult r = Lbfgs.Minimize(CompiledProblems.Gradient(p), p.Start);

        Assert.True(Reaches(r.Value, p.Minimum) || Reaches(r.Value, p.LocalMinimum),
            $"{p}: f = {r.Value:R}, published f* = {p.Minimum:R} (local: {p.LocalMinimum:R}); {r}");
        // A run may end on a line-search failure at the minimum, when rounding stops progress (Meyer),
        // but never on the iteration limit or a non-finite value.
        Assert.True(r.Converged || r.Reason == StopReason.LineSearchFailed, r.ToString());
    }

    [Fact]
    public void Lbfgs_stops_at_the_known_stationary_point_of_the_trigonometric_function_like_MathNet()
    {
        TestProblem p = CompiledProblems.Named(StationaryPointProblem);
        CompiledGradient g = CompiledProblems.Gradient(p);

        OptimizationResult r = Lbfgs.Minimize(g, p.Start);
        MathNetLbfgs.Outcome m = MathNetLbfgs.Minimize(g, p.Start);

        Assert.Equal(StopReason.GradientConverged, r.Reason);
        Assert.Equal(2.79506e-5, r.Value, 1e-10);
        Assert.Equal(m.Value, r.Value, 1e-12);
    }

    [Fact]
    public void The_set_covers_all_35_problems_of_the_paper()
    {
        Assert.Equal(Enumerable.Range(1, 35), CompiledProblems.Standard.Select(p => p.Number).Distinct().Order());
        Assert.All(CompiledProblems.Standard, p => Assert.Equal(p.Dimension, p.Start.Length));
        Assert.All(CompiledProblems.Standard, p => Assert.False(double.IsNaN(p.Minimum), p.Name));
    }

    /// <summary>
    /// Produces the table in docs/optimization.md:
    /// <c>dotnet test tests/ExprGrad.Optimization.Tests --filter "FullyQualifiedName~Results_table" --logger "console;verbosity=detailed"</c>
    /// (set EXPRGRAD_MGH_TABLE to a file path to also write it there).
    /// </summary>
    [Fact]
    public void Results_table_side_by_side_with_MathNet()
    {
        var table = new StringBuilder();
        table.AppendLine("| # | Problem | n | published f* | ExprGrad L-BFGS f | it | evals | stop | MathNet L-BFGS f | it | evals |");
        table.AppendLine("|---:|---|---:|---:|---:|---:|---:|---|---:|---:|---:|");
        int oursAtGlobal = 0, mathNetAtGlobal = 0, oursEvaluations = 0, mathNetEvaluations = 0;
        foreach (TestProblem p in CompiledProblems.Standard)
        {
            CompiledGradient g = CompiledProblems.Gradient(p);
            OptimizationResult r = Lbfgs.Minimize(g, p.Start);
            MathNetLbfgs.Outcome m = MathNetLbfgs.Minimize(g, p.Start);
            oursAtGlobal += Reaches(r.Value, p.Minimum) ? 1 : 0;
            mathNetAtGlobal += Reaches(m.Value, p.Minimum) ? 1 : 0;
            oursEvaluations += r.Evaluations;
            mathNetEvaluations += m.Evaluations;
            table.AppendLine(string.Create(CultureInfo.InvariantCulture,
                $"| {p.Number} | {p.Name} | {p.Dimension} | {p.Minimum:G6} | {Mark(r.Value, p)} | {r.Iterations} | {r.Evaluations} | {r.Reason} | {Mark(m.Value, p)} | {m.Iterations} | {m.Evaluations} |"));
        }
        table.AppendLine(string.Create(CultureInfo.InvariantCulture,
            $"| | **total** | | | **{oursAtGlobal} of {CompiledProblems.Standard.Count} at f\\*** | | **{oursEvaluations}** | | **{mathNetAtGlobal} of {CompiledProblems.Standard.Count} at f\\*** | | **{mathNetEvaluations}** |"));

        output.WriteLine(table.ToString());
        if (Environment.GetEnvironmentVariable("EXPRGRAD_MGH_TABLE") is { Length: > 0 } path) File.WriteAllText(path, table.ToString());
        // All but the three problems whose standard start leads to another stationary point (2, 18, 26).
        Assert.Equal(CompiledProblems.Standard.Count - 3, oursAtGlobal);
    }

    /// <summary>The value to 9 digits, marked ✓ at f*, "local" at the published local minimum, ✗ otherwise.</summary>
    internal static string Mark(double value, TestProblem p)
    {
        string mark = Reaches(value, p.Minimum) ? "✓" : Reaches(value, p.LocalMinimum) ? "local min." : "✗";
        return string.Create(CultureInfo.InvariantCulture, $"{value:G9} {mark}");
    }
}
