namespace ExprGrad.Workloads.Tests;

/// <summary>Checks a hand gradient with <see cref="GradCheck"/>: central differences of the hand primal and the Taylor test.</summary>
internal static class FiniteDifference
{
    /// <summary>
    /// Asserts that <paramref name="workload"/>'s hand gradient passes <see cref="GradCheck.Run"/> at <paramref name="x"/>
    /// with its default tolerances: GradCheck chooses each coordinate's step and estimates the numeric derivative's own
    /// error, so the large objectives (Rosenbrock n=10,000 and the 1k GMMs are O(1e4) to O(1e6), where round-off
    /// dominates a fixed step) need no tolerance of their own.
    /// </summary>
    public static void Check(Workload workload, double[] x)
    {
        GradCheckReport report = GradCheck.Run(workload, x);
        Assert.True(report.Passed, $"{workload.Name}: the hand gradient fails GradCheck\n{Shorten(report.ToString())}");
    }

    // A report lists every coordinate: 10,000 rows would hide the failing one in a test log.
    private static string Shorten(string report) => report.Length <= 20_000 ? report : report[..20_000] + "\n...";

    /// <summary>A seeded random point near the start: each entry moved by a uniform draw in [-0.5, 0.5).</summary>
    public static double[] NearStart(Workload workload, int seed)
    {
        double[] x = workload.StartPoint();
        var random = new Random(seed);
        for (int i = 0; i < x.Length; i++) x[i] += random.NextDouble() - 0.5;
        return x;
    }
}
