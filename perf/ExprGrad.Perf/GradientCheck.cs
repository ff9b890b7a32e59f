namespace ExprGrad.Perf;

/// <summary>
/// The check every approach passes before it is timed: value and gradient equal the hand-written ones to
/// <see cref="Tolerance"/> relative, |a - b| / max(1, |a|, |b|). A wrong result gets no time.
/// </summary>
internal static class GradientCheck
{
    /// <summary>Largest relative difference to the hand-written result that counts as correct.</summary>
    public const double Tolerance = 1e-8;

    /// <summary>Null when <paramref name="g"/>'s value at <paramref name="x"/> is <paramref name="expected"/>, else what differs.</summary>
    public static string? Value(IGradient g, double[] x, double expected)
    {
        double value = g.Value(x);
        return Relative(value, expected) <= Tolerance ? null : $"value {value:R}, expected {expected:R}";
    }

    /// <summary>Null when <paramref name="g"/>'s value and gradient at <paramref name="x"/> are the expected ones, else the first difference.</summary>
    public static string? Gradient(IGradient g, double[] x, double expectedValue, double[] expected)
    {
        var gradient = new double[g.Dimension];
        double value = g.ValueAndGradient(x, gradient);
        if (Relative(value, expectedValue) > Tolerance) return $"value {value:R}, expected {expectedValue:R}";
        for (int i = 0; i < gradient.Length; i++)
            if (Relative(gradient[i], expected[i]) > Tolerance) return $"gradient[{i}] = {gradient[i]:R}, expected {expected[i]:R}";
        return null;
    }

    private static double Relative(double a, double b) => Math.Abs(a - b) / Math.Max(1, Math.Max(Math.Abs(a), Math.Abs(b)));
}
