namespace ExprGrad.Optimization;

/// <summary>
/// A line search for the strong Wolfe conditions, φ(t) = f(x + t d):
/// φ(t) ≤ φ(0) + c₁ t φ'(0) and |φ'(t)| ≤ c₂ |φ'(0)|.
/// Nocedal and Wright, Numerical Optimization (2nd ed.), algorithms 3.5 (bracket) and 3.6 (zoom), with
/// safeguarded cubic interpolation inside the bracket.
/// </summary>
/// <remarks>
/// When the evaluation budget runs out the search still accepts the best point that satisfied the
/// sufficient-decrease condition, if there is one: near a minimum, rounding can make the curvature
/// condition unreachable, and a guaranteed decrease is better progress than a failure.
/// </remarks>
internal static class StrongWolfeLineSearch
{
    // Growth of the trial step while no bracket is found yet.
    private const double Expansion = 4;

    // Interpolated points closer than this share of the bracket to its ends are replaced by a bisection,
    // so the bracket always shrinks by a fixed factor.
    private const double EndMargin = 0.1;

    // A NaN or infinite end says only that the step was too long, not where the minimum is: back off
    // quickly towards the good end instead of interpolating.
    private const double NonFiniteBackoff = 0.25;

    public static LineSearchOutcome Search(OptimizationRun run, LbfgsOptions options,
        ReadOnlySpan<double> x, double value, ReadOnlySpan<double> direction, double slope, double initialStep,
        Span<double> xTrial, Span<double> gradientTrial)
    {
        var phi = new Phi(run, x, direction, xTrial, gradientTrial);
        double c1 = options.SufficientDecrease, curvatureBound = -options.Curvature * slope;
        int budget = options.MaxLineSearchEvaluations;

        // 1. Bracket: grow the step until it overshoots (too high, or the slope turns non-negative).
        Point previous = new(0, value, slope);
        double step = initialStep;
        for (int i = 0; ; i++)
        {
            if (i == budget) return Fallback(ref phi, previous, lastNonFinite: false);
            Point trial = phi.At(step);
            if (!trial.IsFinite || trial.Value > value + c1 * step * slope || (i > 0 && trial.Value >= previous.Value))
                return Zoom(ref phi, previous, trial, value, slope, c1, curvatureBound, budget - i - 1);
            if (Math.Abs(trial.Slope) <= curvatureBound) return LineSearchOutcome.Accept(trial.Step, trial.Value);
            if (trial.Slope >= 0) return Zoom(ref phi, trial, previous, value, slope, c1, curvatureBound, budget - i - 1);
            previous = trial;
            step *= Expansion;
        }
    }

    /// <summary>
    /// Algorithm 3.6: <paramref name="low"/> satisfies sufficient decrease and is the lowest point so far;
    /// the minimizer we want lies between <paramref name="low"/> and <paramref name="high"/>.
    /// </summary>
    private static LineSearchOutcome Zoom(ref Phi phi, Point low, Point high, double value, double slope,
        double c1, double curvatureBound, int budget)
    {
        bool lastNonFinite = !high.IsFinite;
        for (int i = 0; i < budget; i++)
        {
            double width = high.Step - low.Step;
            if (Math.Abs(width) <= 1e-15 * Math.Max(Math.Abs(low.Step), Math.Abs(high.Step))) break;
            double step = high.IsFinite ? Interpolate(low, high) : low.Step + NonFiniteBackoff * width;

            Point trial = phi.At(step);
            lastNonFinite = !trial.IsFinite;
            if (!trial.IsFinite || trial.Value > value + c1 * step * slope || trial.Value >= low.Value)
            {
                high = trial;
                continue;
            }
            if (Math.Abs(trial.Slope) <= curvatureBound) return LineSearchOutcome.Accept(trial.Step, trial.Value);
            if (trial.Slope * width >= 0) high = low;
            low = trial;
        }
        return Fallback(ref phi, low, lastNonFinite);
    }

    /// <summary>Accepts <paramref name="low"/> when it is a real step with sufficient decrease; otherwise fails.</summary>
    private static LineSearchOutcome Fallback(ref Phi phi, Point low, bool lastNonFinite)
    {
        if (low.Step <= 0) return LineSearchOutcome.Fail(lastNonFinite);
        // The trial buffers hold the last point tried, which may not be low: evaluate low again to fill them.
        Point again = phi.At(low.Step);
        return again.IsFinite ? LineSearchOutcome.Accept(again.Step, again.Value) : LineSearchOutcome.Fail(true);
    }

    /// <summary>
    /// The minimizer of the cubic matching value and slope at both ends (Nocedal and Wright, eq. 3.59),
    /// or the midpoint when that cubic has no minimizer well inside the bracket.
    /// </summary>
    private static double Interpolate(Point a, Point b)
    {
        double d1 = a.Slope + b.Slope - 3 * (a.Value - b.Value) / (a.Step - b.Step);
        double radicand = d1 * d1 - a.Slope * b.Slope;
        double step = double.NaN;
        if (radicand >= 0)
        {
            double d2 = Math.CopySign(Math.Sqrt(radicand), b.Step - a.Step);
            step = b.Step - (b.Step - a.Step) * (b.Slope + d2 - d1) / (b.Slope - a.Slope + 2 * d2);
        }
        double lo = Math.Min(a.Step, b.Step), hi = Math.Max(a.Step, b.Step), margin = EndMargin * (hi - lo);
        return step >= lo + margin && step <= hi - margin ? step : 0.5 * (a.Step + b.Step);
    }

    /// <summary>One evaluated trial: step length, φ and φ'.</summary>
    private readonly record struct Point(double Step, double Value, double Slope)
    {
        public bool IsFinite => double.IsFinite(Value) && double.IsFinite(Slope);
    }

    /// <summary>φ(t) = f(x + t d) and φ'(t) = ∇f(x + t d)·d, written into the caller's trial buffers.</summary>
    private readonly ref struct Phi(OptimizationRun run, ReadOnlySpan<double> x, ReadOnlySpan<double> direction,
        Span<double> xTrial, Span<double> gradientTrial)
    {
        private readonly ReadOnlySpan<double> x = x;
        private readonly ReadOnlySpan<double> direction = direction;
        private readonly Span<double> xTrial = xTrial;
        private readonly Span<double> gradientTrial = gradientTrial;

        public Point At(double step)
        {
            SpanMath.AddScaled(x, step, direction, xTrial);
            double value = run.Evaluate(xTrial, gradientTrial);
            return new Point(step, value, SpanMath.Dot(gradientTrial, direction));
        }
    }
}
