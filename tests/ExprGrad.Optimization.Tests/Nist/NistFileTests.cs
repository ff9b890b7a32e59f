using ExprGrad.TestProblems;

namespace ExprGrad.Optimization.Tests.Nist;

/// <summary>The NIST StRD reader, on the files in shared/data/nist and on synthetic files of the other shapes.</summary>
public class NistFileTests
{
    [SkippableFact]
    public void Misra1a_is_read_as_NIST_publishes_it()
    {
        string path = Path.Combine(NistData.Folder, "Misra1a.dat");
        Skip.If(!File.Exists(path), NistData.WhyUnavailable);

        NistProblem p = NistFile.Load(path);

        Assert.Equal("Misra1a", p.Name);
        Assert.Equal("Lower", p.Difficulty);
        Assert.Equal("y = b1*(1-exp[-b2*x])", p.ModelText);
        Assert.Equal(14, p.Observations);
        Assert.Equal(1, p.Predictors);
        Assert.Equal([500, 1e-4], p.Starts[0]);
        Assert.Equal([250, 5e-4], p.Starts[1]);
        Assert.Equal([2.3894212918E+02, 5.5015643181E-04], p.Certified);
        Assert.Equal([2.7070075241E+00, 7.2668688436E-06], p.CertifiedStandardDeviations);
        Assert.Equal(1.2455138894E-01, p.CertifiedResidualSumOfSquares);
        Assert.Equal([10.07, 77.6], p.Data[..2]);
        Assert.Equal([81.78, 760.0], p.Data[^2..]);
    }

    [SkippableFact]
    public void Every_file_present_reproduces_its_certified_residual_sum_of_squares()
    {
        Skip.If(NistData.Files.Count == 0, NistData.WhyUnavailable);

        foreach (string file in NistData.Files)
        {
            NistProblem p = NistFile.Load(file);
            var values = new double[p.Observations];
            p.Jacobian().Evaluate(p.Certified, values);
            double rss = values.Sum(v => v * v);

            Assert.Equal(2, p.Starts.Count);
            Assert.All(p.Starts, s => Assert.Equal(p.Parameters, s.Length));
            Assert.Contains(p.Difficulty, new[] { "Lower", "Average", "Higher" });
            // The certified values have 11 digits, so the RSS they give agrees to about 1e-9 relative.
            Assert.True(Math.Abs(rss - p.CertifiedResidualSumOfSquares) <= 1e-8 * p.CertifiedResidualSumOfSquares,
                $"{p.Name}: RSS at the certified values {rss:R}, certified {p.CertifiedResidualSumOfSquares:R}");
        }
    }

    [Fact]
    public void Two_predictors_and_a_log_response_are_read_like_Nelson()
    {
        double[][] rows = [[15.0, 1, 180], [17.0, 2, 225], [13.0, 4, 250], [12.5, 8, 275]];
        string[] lines = SyntheticNistFile.Build("Nelsonish", "Average", ["log[y] = b1 - b2*x1 * exp[-b3*x2]  +  e"],
            [(2, 2.5, 2.59, 0.02), (1e-4, 5e-9, 5.6e-9, 6e-9), (-0.01, -0.05, -0.058, 0.004)], "y           x1            x2", rows);

        NistProblem p = NistFile.Parse(lines, "Nelsonish");

        Assert.True(p.LogResponse);
        Assert.Equal(2, p.Predictors);
        Assert.Equal(3, p.RowLength);
        Assert.Equal(4, p.Observations);
        Assert.Equal("Average", p.Difficulty);
        Assert.Equal(Math.Log(17.0), p.Data[3]);
        Assert.Equal([2.0, 225], p.Data[4..6]);
        Assert.Equal([2, 1e-4, -0.01], p.Starts[0]);
    }

    [Fact]
    public void A_model_over_several_lines_after_a_pi_line_is_joined_like_ENSO_and_Roszman1()
    {
        double[][] rows = [[1.0, 1], [2.0, 2], [3.0, 3]];
        string[] lines = SyntheticNistFile.Build("Ensoish", "Higher",
            ["y = b1 + b2*cos( 2*pi*x/12 )", "       + b3*sin( 2*pi*x/b4 )", "       - arctan[b5/(x-b6)]/pi  +  e"],
            [(1, 2, 1.5, 0.1), (1, 2, 1.5, 0.1), (1, 2, 1.5, 0.1), (40, 45, 44, 1), (1, 2, 1.5, 0.1), (-100, -150, -180, 10)], "y  x", rows, piLine: true);
        // Written with CRLF endings, as a copy made on Windows would be.
        string path = Path.Combine(Path.GetTempPath(), $"ensoish-{Guid.NewGuid():N}.dat");
        File.WriteAllText(path, string.Join("\r\n", lines) + "\r\n");
        try
        {
            NistProblem p = NistFile.Load(path);

            Assert.Equal("y = b1 + b2*cos( 2*pi*x/12 ) + b3*sin( 2*pi*x/b4 ) - arctan[b5/(x-b6)]/pi", p.ModelText);
            Assert.Equal(6, p.Parameters);
            Assert.Equal("Higher", p.Difficulty);
            Assert.Equal(3, p.Observations);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void A_synthetic_two_predictor_problem_is_fitted_exactly()
    {
        // Data made from the model itself: Levenberg-Marquardt must recover the parameters (zero residual).
        double[] truth = [2.6, 0.05, 0.01];
        double[][] rows = [.. Enumerable.Range(0, 12).Select(i =>
        {
            double x1 = 1 + i % 4 * 3, x2 = 10 + 15 * (i / 4);
            return new[] { Math.Exp(truth[0] - truth[1] * x1 * Math.Exp(-truth[2] * x2)), x1, x2 };
        })];
        string[] lines = SyntheticNistFile.Build("Synthetic", "Average", ["log[y] = b1 - b2*x1 * exp[-b3*x2]  +  e"],
            [(2, 2.5, truth[0], 0), (0.1, 0.04, truth[1], 0), (0.02, 0.012, truth[2], 0)], "y x1 x2", rows);
        NistProblem p = NistFile.Parse(lines, "Synthetic");

        foreach (double[] start in p.Starts)
        {
            OptimizationResult fit = LevenbergMarquardt.Minimize(p.Jacobian(), start);
            Assert.True(LogRelativeError.OfRun(fit.X, p.Certified) >= 9, $"{fit}: {string.Join(", ", fit.X)}");
        }
    }

    [Theory]
    [InlineData("Starting Values", "the header line 'Starting Values (lines a to b)'")]
    [InlineData("Model:", "a 'Model:' line")]
    [InlineData("Residual Sum of Squares:", "'Residual Sum of Squares:'")]
    public void A_file_without_a_NIST_section_is_rejected_naming_it(string section, string message)
    {
        string[] lines = SyntheticNistFile.Build("Broken", "Lower", ["y = b1*x  +  e"], [(1, 2, 1.5, 0.1)], "y x", [[1.0, 1], [2.0, 2]]);
        lines = [.. lines.Select(l => l.Contains(section, StringComparison.Ordinal) ? l.Replace(section, "Something else", StringComparison.Ordinal) : l)];

        var e = Assert.Throws<FormatException>(() => NistFile.Parse(lines, "Broken"));

        Assert.Contains(message, e.Message);
        Assert.StartsWith("Broken: ", e.Message);
    }

    [Fact]
    public void A_data_row_with_the_wrong_number_of_columns_is_rejected()
    {
        string[] lines = SyntheticNistFile.Build("Ragged", "Lower", ["y = b1*x  +  e"], [(1, 2, 1.5, 0.1)], "y x", [[1.0, 1], [2.0, 2]]);
        lines[^1] += "   7";

        var e = Assert.Throws<FormatException>(() => NistFile.Parse(lines, "Ragged"));

        Assert.Contains("has 3 values; expected 2", e.Message);
    }
}
