using static System.FormattableString;

namespace ExprGrad.Checking;

/// <summary>
/// The numeric derivative of f along one coordinate, with an estimate of its own error and a test for a kink.
/// </summary>
/// <remarks>
/// <para>Step: h = cbrt(eps) max(|x_i|, 1) (about 6e-6 at |x_i| &lt;= 1). A central difference errs by truncation
/// h^2 |f'''| / 6 plus round-off eps |f| / h; this h balances the two, so the difference is accurate to about
/// eps^(2/3) ~ 4e-11 relative to the scales of f and f''' (the textbook choice, Numerical Recipes §5.7). Scaling by
/// |x_i| keeps the step a fixed fraction of the coordinate (x = 1e8 gets h ~ 600); the 1 keeps it from
/// vanishing at x_i = 0. The stencil points are formed first and the differences divided by their actual
/// distances, so the rounding of x_i + h does not enter.</para>
/// <para>Richardson: D(h) and D(2h) are both taken; D(h) + (D(h) - D(2h)) / 3 cancels the h^2 term, and
/// |D(h) - D(2h)| / 3 (the error of D(h) alone) bounds the truncation error of the result. A step of eps^(1/5),
/// optimal for the extrapolated formula, would widen the stencil 100-fold and straddle more kinks: we need the
/// error estimate more than the last digits.</para>
/// <para>Kink: the second difference J(h) = D+(h) - D-(h) of a smooth f is h f'' + O(h^3), so J(2h) = 2 J(h) up
/// to h^3 f''''; a kink inside the stencil breaks that proportion by the size of its jump in slope. Where the
/// function is not finite on one side (a domain edge) a second-order one-sided difference is used instead.</para>
/// </remarks>
internal static class CentralDifference
{
    /// <summary>Machine epsilon of double (2^-52); note that <see cref="double.Epsilon"/> is the smallest subnormal.</summary>
    public const double MachineEpsilon = 2.220446049250313e-16;

    private static readonly double StepFactor = Math.Cbrt(MachineEpsilon);

    // f's own evaluation error, in ulps of the largest value seen: a few ops each rounding once, with margin.
    private const double RoundOffUlps = 8;

    /// <summary>The numeric derivative of <paramref name="f"/> along coordinate <paramref name="i"/> of <paramref name="x"/>.</summary>
    /// <param name="f">Evaluates f; <paramref name="x"/> is changed during the call and restored.</param>
    /// <param name="x">The point (a scratch copy the caller owns).</param>
    /// <param name="i">The coordinate.</param>
    /// <param name="f0">f(x).</param>
    /// <param name="options">Tolerances (they set how large a kink must be to be told from noise).</param>
    public static Estimate At(Func<double[], double> f, double[] x, int i, double f0, GradCheckOptions options)
    {
        double xi = x[i];
        double h = StepFactor * Math.Max(Math.Abs(xi), 1);
        Span<double> at = [xi - 2 * h, xi - h, xi + h, xi + 2 * h];
        Span<double> fs = stackalloc double[4];
        for (int k = 0; k < 4; k++)
        {
            x[i] = at[k];
            fs[k] = f(x);
        }
        x[i] = xi;
        double largest = Math.Abs(f0);
        foreach (double value in fs) if (double.IsFinite(value)) largest = Math.Max(largest, Math.Abs(value));
        double roundOff = RoundOffUlps * MachineEpsilon * largest / h;
        bool below = double.IsFinite(fs[0]) && double.IsFinite(fs[1]), above = double.IsFinite(fs[2]) && double.IsFinite(fs[3]);
        if (!below || !above) return OneSided(i, xi, f0, at, fs, below, above, roundOff);

        double d1 = (fs[2] - fs[1]) / (at[2] - at[1]), d2 = (fs[3] - fs[0]) / (at[3] - at[0]);
        double numeric = d1 + (d1 - d2) / 3;
        double error = Math.Abs(d1 - d2) / 3 + 2 * roundOff;

        double up1 = (fs[2] - f0) / (at[2] - xi), down1 = (f0 - fs[1]) / (xi - at[1]);
        double up2 = (fs[3] - f0) / (at[3] - xi), down2 = (f0 - fs[0]) / (xi - at[0]);
        double noise = 8 * roundOff + options.AbsoluteTolerance
            + options.RelativeTolerance * Math.Max(Math.Max(Math.Abs(up1), Math.Abs(down1)), Math.Max(Math.Abs(up2), Math.Abs(down2)));
        bool kink = !(Math.Abs((up2 - down2) - 2 * (up1 - down1)) <= noise);
        double low = Math.Min(Math.Min(up1, down1), Math.Min(up2, down2)), high = Math.Max(Math.Max(up1, down1), Math.Max(up2, down2));
        return new Estimate(numeric, error, kink, low - noise, high + noise, null);
    }

    private static Estimate OneSided(int i, double xi, double f0, ReadOnlySpan<double> at, ReadOnlySpan<double> fs, bool below, bool above, double roundOff)
    {
        if (!below && !above)
            return new Estimate(double.NaN, double.NaN, false, double.NaN, double.NaN,
                Invariant($"f is not finite on either side of x[{i}] = {xi:R} (at x[{i}] ± {at[2] - xi:G3}): no difference can be taken"));
        // Second order: f'(x) = (-3 f(x) + 4 f(x + s) - f(x + 2s)) / (2s) + O(s^2); its gap to the first-order
        // quotient (error s f'' / 2) is a conservative error estimate.
        (double near, double far, double s) = above ? (fs[2], fs[3], at[2] - xi) : (fs[1], fs[0], at[1] - xi);
        double numeric = (-3 * f0 + 4 * near - far) / (2 * s);
        double firstOrder = (near - f0) / s;
        string side = above ? "below" : "above";
        return new Estimate(numeric, Math.Abs(numeric - firstOrder) + 4 * roundOff, false, double.NaN, double.NaN,
            Invariant($"one-sided difference: f is not finite {side} x[{i}] (at x[{i}] {(above ? "-" : "+")} {Math.Abs(s):G3}), a domain edge?"));
    }

    /// <summary>A numeric derivative, its estimated error, and at a kink the range of the one-sided quotients.</summary>
    public readonly record struct Estimate(double Numeric, double Error, bool AtKink, double Low, double High, string? Note);
}
