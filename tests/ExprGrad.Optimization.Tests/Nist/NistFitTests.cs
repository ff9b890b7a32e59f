using ExprGrad.TestProblems;

namespace ExprGrad.Optimization.Tests.Nist;

/// <summary>
/// Levenberg-Marquardt on compiled Jacobians (one Vec.Map over the data rows) for every NIST StRD file in shared/data/nist,
/// from both starting points, with default options: solved means every parameter matches its certified value in at least
/// 4 digits (LRE ≥ 4). The goal (issue 15) is an average LRE above Ceres Solver's 9.4.
/// </summary>
public class NistFitTests
{
    private const string NoData = "(no data)";

    /// <summary>Every file the data README lists or the folder holds, each with start 1 and 2; a placeholder without data.</summary>
    public static TheoryData<string, int> Runs
    {
        get
        {
            var data = new TheoryData<string, int>();
            IEnumerable<string> names = NistData.Listed.Concat(NistData.Files.Select(Path.GetFileName)).OfType<string>().Distinct().Order(StringComparer.Ordinal);
            foreach (string name in names)
                for (int start = 1; start <= 2; start++) data.Add(name, start);
            if (data.Count == 0) data.Add(NoData, 1);
            return data;
        }
    }

    [SkippableTheory]
    [MemberData(nameof(Runs))]
    public void Solves_the_problem_from_the_start_with_compiled_Jacobians(string file, int start)
    {
        NistProblem p = Load(file);

        OptimizationResult fit = LevenbergMarquardt.Minimize(p.Jacobian(), p.Starts[start - 1]);

        double lre = LogRelativeError.OfRun(fit.X, p.Certified);
        Assert.True(lre >= LogRelativeError.SolvedDigits, $"{p.Name} start {start}: LRE {lre:F1}; {fit}");
        Assert.True(fit.Converged, fit.ToString());
        Assert.Equal(p.CertifiedResidualSumOfSquares, 2 * fit.Value, 1e-9 * p.CertifiedResidualSumOfSquares);
    }

    [SkippableTheory]
    [MemberData(nameof(Runs))]
    public void The_compiled_Jacobian_agrees_with_the_hand_written_one_and_forward_mode(string file, int start)
    {
        NistProblem p = Load(file);
        IJacobian compiled = p.Jacobian();
        IJacobian? hand = NistHandWritten.For(p);
        int m = p.Observations, n = p.Parameters;

        foreach (double[] b in new[] { p.Starts[start - 1], p.Certified })
        {
            double[] v1 = new double[m], j1 = new double[m * n];
            compiled.Evaluate(b, v1, j1);
            double scale = j1.Max(Math.Abs);
            // Forward mode on each row's residual: another mode, through the same parsed model.
            for (int i = 0; i < m; i += Math.Max(1, m / 10))
            {
                var (value, gradient) = Evaluate(Grad.Forward(p.RowResidual, n, p.Data.AsSpan(i * p.RowLength, p.RowLength)), b);
                Assert.Equal(value, v1[i], 1e-12 * (1 + Math.Abs(value)));
                for (int j = 0; j < n; j++) Assert.True(Math.Abs(gradient[j] - j1[i * n + j]) <= 1e-12 * scale, $"{p.Name}: J[{i}, {j}] = {j1[i * n + j]:R} compiled, {gradient[j]:R} by forward mode");
            }
            if (hand is null) continue;
            double[] v2 = new double[m], j2 = new double[m * n];
            hand.Evaluate(b, v2, j2);
            for (int i = 0; i < m; i++) Assert.Equal(v1[i], v2[i], 1e-12 * (1 + Math.Abs(v1[i])));
            for (int k = 0; k < m * n; k++) Assert.True(Math.Abs(j1[k] - j2[k]) <= 1e-12 * scale, $"{p.Name}: J[{k / n}, {k % n}] = {j2[k]:R} by hand, {j1[k]:R} compiled");
        }
    }

    private static (double Value, double[] Gradient) Evaluate(IGradient g, double[] x)
    {
        var gradient = new double[g.Dimension];
        return (g.ValueAndGradient(x, gradient), gradient);
    }

    [SkippableFact]
    public void The_average_LRE_over_all_runs_is_above_Ceres_9_4()
    {
        Skip.If(NistData.Files.Count == 0, NistData.WhyUnavailable);
        var lre = new List<double>();
        foreach (string file in NistData.Files)
        {
            NistProblem p = NistFile.Load(file);
            foreach (double[] start in p.Starts) lre.Add(LogRelativeError.OfRun(LevenbergMarquardt.Minimize(p.Jacobian(), start).X, p.Certified));
        }

        Assert.True(lre.Average() > 9.4, $"average LRE {lre.Average():F2} over {lre.Count} runs: {string.Join(", ", lre.Select(v => v.ToString("F1")))}");
    }

    [Fact]
    public void Jacobians_reject_spans_of_the_wrong_length_naming_both_lengths()
    {
        string[] lines = SyntheticNistFile.Build("Tiny", "Lower", ["y = b1*(1-exp[-b2*x])  +  e"], [(1, 2, 1.5, 0.1), (1, 2, 1.5, 0.1)], "y x", [[1.0, 1], [2.0, 2], [3.0, 3]]);
        NistProblem p = NistFile.Parse(lines, "Misra1a");   // named so that the hand-written Misra1a model applies

        foreach (IJacobian j in new[] { p.Jacobian(), NistHandWritten.For(p)! })
        {
            var e = Assert.Throws<ArgumentException>(() => j.Evaluate(new double[2], new double[3], new double[5]));
            Assert.Equal("jacobian", e.ParamName);
            Assert.Contains("length 5", e.Message);
            Assert.Contains("6", e.Message);
            Assert.Equal("x", Assert.Throws<ArgumentException>(() => j.Evaluate(new double[3], new double[3])).ParamName);
            Assert.Equal("values", Assert.Throws<ArgumentException>(() => j.Evaluate(new double[2], new double[4])).ParamName);
        }
    }

    private static NistProblem Load(string file)
    {
        Skip.If(file == NoData, NistData.WhyUnavailable);
        string path = Path.Combine(NistData.Folder, file);
        Skip.If(!File.Exists(path), $"{file} is listed in {Path.Combine(NistData.Folder, "README.md")} but missing from the folder.");
        return NistFile.Load(path);
    }
}
