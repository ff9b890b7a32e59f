namespace ExprGrad.Optimization;

/// <summary>The few dense-vector operations the optimizers need, on spans, allocation-free.</summary>
internal static class SpanMath
{
    /// <summary>2⁻⁵², the spacing of doubles at 1 (<see cref="double.Epsilon"/> is the smallest subnormal instead).</summary>
    public const double MachineEpsilon = 2.220446049250313e-16;

    /// <summary>The smallest positive normal double.</summary>
    public const double SmallestNormal = 2.2250738585072014e-308;

    public static double Dot(ReadOnlySpan<double> a, ReadOnlySpan<double> b)
    {
        double sum = 0;
        for (int i = 0; i < a.Length; i++) sum += a[i] * b[i];
        return sum;
    }

    /// <summary>
    /// The Euclidean norm, correct for every finite vector: the plain sum of squares when it neither
    /// overflows (entries above ~1.3e154) nor loses digits to underflow, otherwise the sum of squares of the
    /// entries divided by the largest one (as LAPACK's dnrm2 guards it). NaN in, NaN out; an infinite entry gives +∞.
    /// </summary>
    public static double Norm(ReadOnlySpan<double> a)
    {
        double sum = Dot(a, a);
        if (double.IsNaN(sum)) return double.NaN;
        if (sum >= SmallestSafeSquareSum && sum <= double.MaxValue) return Math.Sqrt(sum);
        double largest = 0;
        foreach (double v in a) largest = Math.Max(largest, Math.Abs(v));
        if (largest == 0 || double.IsInfinity(largest)) return largest;
        double scaled = 0;
        foreach (double v in a)
        {
            double ratio = v / largest;
            scaled += ratio * ratio;
        }
        return largest * Math.Sqrt(scaled);
    }

    // Below this a sum of squares may have lost its small entries' digits to subnormal squares.
    private const double SmallestSafeSquareSum = 1e-280;

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
