namespace ExprGrad.Workloads.Tests;

/// <summary>Checks a hand gradient against central differences of the hand primal.</summary>
internal static class FiniteDifference
{
    /// <summary>
    /// Asserts, for every checked i, with the relative step h = step * max(1, |x_i|) and
    /// fd_i = (f(x + h e_i) - f(x - h e_i)) / 2h, that |g_i - fd_i| / max(1, |g_i| + |fd_i|) &lt; tolerance.
    /// The error of a central difference is about h^2 |f'''| + eps |f| / h, so the tolerance depends on
    /// how large f is: each caller states its own.
    /// </summary>
    public static void Check(Workload workload, double[] x, double step, double tolerance)
    {
        var gradient = new double[workload.Dimension];
        workload.ValueAndGradient(x, gradient);
        var shifted = (double[])x.Clone();
        double worst = 0;
        int worstIndex = -1;
        foreach (int i in Coordinates(x.Length))
        {
            double h = step * Math.Max(1, Math.Abs(x[i]));
            shifted[i] = x[i] + h;
            double up = workload.Value(shifted);
            shifted[i] = x[i] - h;
            double down = workload.Value(shifted);
            shifted[i] = x[i];
            double fd = (up - down) / (2 * h);
            double error = Math.Abs(gradient[i] - fd) / Math.Max(1, Math.Abs(gradient[i]) + Math.Abs(fd));
            if (error > worst) (worst, worstIndex) = (error, i);
        }
        Assert.True(worst < tolerance,
            $"{workload.Name}: hand gradient entry {worstIndex} is off from central differences by {worst:E2} (tolerance {tolerance:E0}).");
    }

    /// <summary>
    /// Every coordinate up to 1,000 inputs; beyond that (Rosenbrock n=10,000), the first and last 100 and every
    /// 37th between: each costs two full evaluations, and the middle coordinates all run the same code.
    /// </summary>
    private static IEnumerable<int> Coordinates(int dimension)
    {
        for (int i = 0; i < dimension; i++)
            if (dimension <= 1000 || i < 100 || i >= dimension - 100 || i % 37 == 0)
                yield return i;
    }

    /// <summary>A seeded random point near the start: each entry moved by a uniform draw in [-0.5, 0.5).</summary>
    public static double[] NearStart(Workload workload, int seed)
    {
        double[] x = workload.StartPoint();
        var random = new Random(seed);
        for (int i = 0; i < x.Length; i++) x[i] += random.NextDouble() - 0.5;
        return x;
    }
}
