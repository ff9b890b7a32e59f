using System.Globalization;
using ExprGrad.Optimization;
using ExprGrad.TestProblems;

namespace ExprGrad.Perf;

/// <summary>
/// `-- nist`: Levenberg-Marquardt with default options on every NIST StRD file in shared/data/nist (or
/// EXPRGRAD_NIST_DATA), from both starting points, in the layout of Ceres Solver's NIST example: grouped by
/// difficulty, one line per start with status, LRE, initial, final and certified cost (cost = ½ RSS), then the
/// solved counts and the average LRE. Jacobians compiled (Grad.CompileJacobian of one Vec.Map over the data rows); the
/// last column repeats the fit with the hand-written Jacobian.
/// </summary>
internal static class NistTable
{
    // Ceres' order within each difficulty; files it does not list follow alphabetically.
    private static readonly string[] CeresOrder =
    [
        "Misra1a", "Chwirut1", "Chwirut2", "Lanczos3", "Gauss1", "Gauss2", "DanWood", "Misra1b",
        "Kirby2", "Hahn1", "Nelson", "MGH17", "Lanczos1", "Lanczos2", "Gauss3", "Misra1c", "Misra1d", "Roszman1", "ENSO",
        "MGH09", "Thurber", "BoxBOD", "Rat42", "MGH10", "Eckerle4", "Rat43", "Bennett5",
    ];

    private static readonly string[] Difficulties = ["Lower", "Average", "Higher"];

    public static int Run(TextWriter output)
    {
        if (NistData.Files.Count == 0)
        {
            output.WriteLine(NistData.WhyUnavailable);
            return 1;
        }
        var problems = NistData.Files.Select(NistFile.Load)
            .OrderBy(p => Array.IndexOf(CeresOrder, p.Name) is int i and >= 0 ? i : CeresOrder.Length)
            .ThenBy(p => p.Name, StringComparer.Ordinal).ToList();
        output.WriteLine("## NIST StRD nonlinear regression: Levenberg-Marquardt, default options, compiled Jacobians");
        output.WriteLine();
        output.WriteLine($"{problems.Count} files in {NistData.Folder}: {string.Join(", ", problems.Select(p => p.Name))}.");
        output.WriteLine(NistData.Missing.Count == 0
            ? "Every file the folder's README lists is present."
            : $"Listed in the folder's README but missing (not run): {string.Join(", ", NistData.Missing)}.");

        var allLre = new List<double>();
        var summary = new List<string>();
        foreach (string difficulty in Difficulties)
        {
            var group = problems.Where(p => p.Difficulty == difficulty).ToList();
            if (group.Count == 0) continue;
            output.WriteLine();
            output.WriteLine($"### {difficulty} difficulty");
            output.WriteLine();
            output.WriteLine("| problem | start | status | LRE | LRE per parameter | initial cost | final cost | certified cost | iterations | evaluations | LRE, hand-written J |");
            output.WriteLine("|---|---:|---|---:|---|---:|---:|---:|---:|---:|---:|");
            int solved = 0, runs = 0;
            foreach (NistProblem p in group)
            {
                IJacobian compiled = p.Jacobian();
                IJacobian? hand = NistHandWritten.For(p);
                for (int s = 0; s < p.Starts.Count; s++)
                {
                    double initialCost = HalfSumOfSquares(compiled, p.Starts[s]);
                    OptimizationResult fit = LevenbergMarquardt.Minimize(compiled, p.Starts[s]);
                    double[] perParameter = LogRelativeError.PerParameter(fit.X, p.Certified);
                    double lre = perParameter.Min();
                    string handLre = hand is null ? "–" : F(LogRelativeError.OfRun(LevenbergMarquardt.Minimize(hand, p.Starts[s]).X, p.Certified), "F1");
                    bool success = lre >= LogRelativeError.SolvedDigits;
                    solved += success ? 1 : 0;
                    runs++;
                    allLre.Add(lre);
                    output.WriteLine($"| {p.Name} | {s + 1} | {(success ? "SUCCESS" : "FAILURE")} | {F(lre, "F1")} | {string.Join(" ", perParameter.Select(v => F(v, "F1")))} | " +
                        $"{F(initialCost, "0.000000e+00")} | {F(fit.Value, "0.000000e+00")} | {F(p.CertifiedResidualSumOfSquares / 2, "0.000000e+00")} | {fit.Iterations} | {fit.Evaluations} | {handLre} |");
                }
            }
            summary.Add($"{difficulty}: {solved}/{runs}");
        }
        output.WriteLine();
        output.WriteLine($"Solved (every parameter LRE ≥ 4): {string.Join(", ", summary)}; total {allLre.Count(v => v >= LogRelativeError.SolvedDigits)}/{allLre.Count}.");
        output.WriteLine($"Average LRE over {allLre.Count} runs: **{F(allLre.Average(), "F2")}** (MINPACK 4.4, Ceres 9.4 over all 54 runs of the 27 problems).");
        return 0;
    }

    private static double HalfSumOfSquares(IJacobian residuals, double[] x)
    {
        var values = new double[residuals.Outputs];
        residuals.Evaluate(x, values);
        return 0.5 * values.Sum(v => v * v);
    }

    private static string F(double v, string format) => v.ToString(format, CultureInfo.InvariantCulture);
}
