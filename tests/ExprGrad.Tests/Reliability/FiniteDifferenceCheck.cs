using static ExprGrad.Tests.Ops.OpCases;

namespace ExprGrad.Tests.Reliability;

/// <summary>
/// Checks gradients against central finite differences of a program's plain-double reference, and counts the
/// components it had to skip. Thread-safe: CsCheck samples on several threads.
/// </summary>
/// <remarks>
/// Step h = 1e-5 max(1, |x_i|). The central difference errs by truncation O(h^2 f''') ~ 1e-10 f''' plus
/// round-off O(eps |f| / h) ~ 1e-11 |f|, so |fd - g| &lt;= 1e-4 max(1, |g|, |f|) leaves a wide margin for smooth
/// programs while any wrong rule (a missing factor, a wrong sign) is off by O(|g|). Skipped, and counted:
/// <list type="bullet">
/// <item>points within 1e-3 of atan2's or hypot's singular origin (derivatives of order 1/r);</item>
/// <item>components whose stencil (x ± h, x ± h/2) straddles a kink: a kink within 1e-3 of the point, where the
/// side taken (of a tie, a comparison, a sign) is not the same at every stencil point. Two equal expressions
/// such as Min(t, Abs(t)) at t &gt; 0 tie without a kink: they take the same side everywhere and are checked;</item>
/// <item>points with |f| &gt; 1e6 (round-off dominates);</item>
/// <item>components whose differences at h and h/2 disagree by more than the tolerance (the function varies on
/// the scale of h there, so neither difference means anything). As truncation dominates, fd(h) - fd(h/2) is
/// 3/4 of fd(h)'s own error, so the disagreement is scaled by 4/3: a difference whose estimated error exceeds
/// the tolerance cannot judge a gradient (sin(exp(3 x)) at x = 1.9 has f''' ~ 1e9, and fd(h) misses by 1.1
/// tolerances while fd(h) - fd(h/2) is 0.86 of one).</item>
/// </list>
/// </remarks>
public sealed class FiniteDifferenceCheck
{
    public const double Tolerance = 1e-4, KinkRadius = 1e-3, HugeValue = 1e6, ValueTolerance = 1e-10;

    private long components, nearKink, huge, unstable;

    public double SkipRate => (double)(nearKink + huge + unstable) / Math.Max(1, components);

    public string Summary => $"{components} gradient components: skipped {nearKink} near a kink or singular point, " +
        $"{huge} with |f| > 1e6, {unstable} unstable (h vs h/2); skip rate {SkipRate:P2}";

    /// <summary>Checks <paramref name="value"/> and <paramref name="gradient"/> of <paramref name="program"/> at <paramref name="x"/>.</summary>
    public void Check(RandomProgram program, double[] x, double value, double[] gradient, string describe)
    {
        Interlocked.Add(ref components, x.Length);
        var at = ReferenceAlgebra.Evaluate(program, x);
        double f = at.Value;
        if (at.SingularDistance < KinkRadius) { Interlocked.Add(ref nearKink, x.Length); return; }
        if (Math.Abs(f) > HugeValue) { Interlocked.Add(ref huge, x.Length); return; }
        if (at.KinkDistance >= KinkRadius)   // nearer, a last-bit difference of the textbook formulas may take the other branch
            AssertClose(f, value, ValueTolerance, $"value against the plain-double reference\n{describe}\n");
        for (int i = 0; i < x.Length; i++)
        {
            double h = 1e-5 * Math.Max(1, Math.Abs(x[i]));
            var (fd, straddlesH) = Central(program, x, i, h, at);
            var (half, straddlesHalf) = Central(program, x, i, h / 2, at);
            if (at.KinkDistance < KinkRadius && (straddlesH || straddlesHalf)) { Interlocked.Increment(ref nearKink); continue; }
            double bound = Tolerance * Math.Max(1, Math.Max(Math.Abs(gradient[i]), Math.Abs(f)));
            if (!(4.0 / 3 * Math.Abs(fd - half) <= bound)) { Interlocked.Increment(ref unstable); continue; }
            Assert.True(Math.Abs(fd - gradient[i]) <= bound,
                $"d/dx{i}: gradient {Show(gradient[i])}, central difference {Show(fd)} (h = {Show(h)}; at h/2: {Show(half)}), " +
                $"allowed {Show(bound)}\n{describe}\n");
        }
    }

    /// <summary>The central difference along x_i, and whether a kink's side changes between the stencil and the point.</summary>
    private static (double Difference, bool Straddles) Central(RandomProgram program, double[] x, int i, double h, ReferenceAlgebra at)
    {
        double[] plus = (double[])x.Clone(), minus = (double[])x.Clone();
        plus[i] += h;
        minus[i] -= h;
        // Stopped values stay those at the point: the gradient treats them as constants.
        var (up, down) = (ReferenceAlgebra.Evaluate(program, plus, at.Stopped), ReferenceAlgebra.Evaluate(program, minus, at.Stopped));
        bool straddles = !up.Branches.SequenceEqual(at.Branches) || !down.Branches.SequenceEqual(at.Branches);
        return ((up.Value - down.Value) / (plus[i] - minus[i]), straddles);
    }
}
