using System.Runtime.CompilerServices;

namespace ExprGrad.Workloads.Tests;

/// <summary>The checks shared by the random program's written-out hand gradients (the single method and the split one).</summary>
internal static class WrittenOutChecks
{
    /// <summary>A written-out value and gradient: writes the gradient at <paramref name="x"/> and returns the value.</summary>
    public delegate double ValueAndGradient(ReadOnlySpan<double> x, Span<double> gradient);

    /// <summary>The start point for seed 0, else a seeded random point near it.</summary>
    public static double[] At(RandomProgram program, int seed) => seed == 0 ? program.StartPoint() : FiniteDifference.NearStart(program, seed);

    /// <summary>
    /// Asserts that the checked-in file at <paramref name="relativePath"/> (from the repository root) is
    /// <paramref name="generated"/>; with EXPRGRAD_UPDATE_GOLDEN=1 it first rewrites the file.
    /// </summary>
    public static void MatchesGenerator(string relativePath, string generated,
        [CallerArgumentExpression(nameof(generated))] string generator = "")
    {
        string path = Path.Combine(SourceDirectory(), "..", "..", relativePath);
        if (Environment.GetEnvironmentVariable("EXPRGRAD_UPDATE_GOLDEN") == "1") File.WriteAllText(path, generated);
        Assert.True(File.ReadAllText(path) == generated, $"{relativePath} differs from {generator}; regenerate it (see its header).");
    }

    /// <summary>Asserts that every entry of <paramref name="valueAndGradient"/>'s gradient at <paramref name="x"/> is within 1e-6 of the central difference of its value.</summary>
    public static void MatchesCentralDifferences(double[] x, ValueAndGradient valueAndGradient)
    {
        double[] gradient = new double[x.Length], scratch = new double[x.Length];
        valueAndGradient(x, gradient);
        for (int i = 0; i < x.Length; i++)
        {
            // h = 1e-5: truncation O(h^2 f''') and round-off O(eps |f| / h) both stay near 1e-9 here.
            const double h = 1e-5;
            double saved = x[i];
            x[i] = saved + h;
            double up = valueAndGradient(x, scratch);
            x[i] = saved - h;
            double down = valueAndGradient(x, scratch);
            x[i] = saved;
            Entry((up - down) / (2 * h), gradient[i], 1e-6, $"gradient[{i}] vs central difference");
        }
    }

    /// <summary>Asserts every entry within <paramref name="tolerance"/> (see Entry), each named <c>gradient[i] vs <paramref name="against"/></c>.</summary>
    public static void Entries(double[] expected, double[] actual, double tolerance, string against)
    {
        Assert.Equal(expected.Length, actual.Length);
        for (int i = 0; i < expected.Length; i++) Entry(expected[i], actual[i], tolerance, $"gradient[{i}] vs {against}");
    }

    /// <summary>
    /// |expected - actual| / max(1, |expected|) &lt;= tolerance: relative to the larger of |expected| and 1, so an
    /// entry near 0 is compared absolutely.
    /// </summary>
    private static void Entry(double expected, double actual, double tolerance, string what)
    {
        double error = Math.Abs(expected - actual) / Math.Max(1, Math.Abs(expected));
        Assert.True(error <= tolerance, $"{what}: expected {expected:R}, got {actual:R}; error {error:E2} exceeds {tolerance:E0}.");
    }

    private static string SourceDirectory([CallerFilePath] string path = "") => Path.GetDirectoryName(path)!;
}
