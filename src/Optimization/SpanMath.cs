namespace ExprGrad.Optimization;

/// <summary>The few dense-vector operations the optimizers need, on spans, allocation-free.</summary>
internal static class SpanMath
{
    public static double Dot(ReadOnlySpan<double> a, ReadOnlySpan<double> b)
    {
        double sum = 0;
        for (int i = 0; i < a.Length; i++) sum += a[i] * b[i];
        return sum;
    }

    public static double Norm(ReadOnlySpan<double> a) => Math.Sqrt(Dot(a, a));

    /// <summary>result = x + step · direction.</summary>
    public static void AddScaled(ReadOnlySpan<double> x, double step, ReadOnlySpan<double> direction, Span<double> result)
    {
        for (int i = 0; i < x.Length; i++) result[i] = x[i] + step * direction[i];
    }

    /// <summary>result = a − b.</summary>
    public static void Subtract(ReadOnlySpan<double> a, ReadOnlySpan<double> b, Span<double> result)
    {
        for (int i = 0; i < a.Length; i++) result[i] = a[i] - b[i];
    }

    public static bool AllFinite(ReadOnlySpan<double> a)
    {
        foreach (double v in a)
            if (!double.IsFinite(v)) return false;
        return true;
    }
}
