namespace ExprGrad.Optimization;

/// <summary>
/// The stopping rules every optimizer shares. Each optimizer has its own options type deriving from this
/// one, with defaults suited to it (the relative-change test is off for momentum and Adam, whose values do
/// not decrease monotonically). Options are immutable (<c>init</c> setters), so one instance may be shared
/// by runs on many threads; every setting is checked when a run starts, and one out of range throws an
/// <see cref="ArgumentException"/> naming it.
/// </summary>
public abstract class OptimizerOptions
{
    private protected OptimizerOptions(int maxIterations, double gradientTolerance, double relativeTolerance)
    {
        MaxIterations = maxIterations;
        GradientTolerance = gradientTolerance;
        RelativeTolerance = relativeTolerance;
    }

    /// <summary>
    /// Most steps to take before stopping with <see cref="StopReason.IterationLimit"/>; at least 0 (0 evaluates
    /// the start only). The default depends on the optimizer (see its options type).
    /// </summary>
    public int MaxIterations { get; init; }

    /// <summary>
    /// Stop with <see cref="StopReason.GradientConverged"/> once the gradient's Euclidean norm is at most this
    /// (an absolute test: scale it to your function). Finite and at least 0; default 1e-8.
    /// </summary>
    public double GradientTolerance { get; init; }

    /// <summary>
    /// Stop with <see cref="StopReason.RelativeChangeConverged"/> once one step changes f by at most this
    /// times max(|f_previous|, |f|) <em>and</em> the gradient is no longer large: |g| ≤ ∛(this) · (1 + |f|)
    /// (Gill, Murray and Wright, <i>Practical Optimization</i>, §8.2.3) and |g| ≤ |g(x₀)|. A small change
    /// on a steep slope is a stall (or, with |f| huge, an objective running away to −∞), not convergence.
    /// 0 turns the test off. Purely relative, so it never stops a run that is still making steady progress
    /// towards f* = 0; there the gradient test decides. In [0, 1); the default depends on the optimizer.
    /// </summary>
    public double RelativeTolerance { get; init; }

    /// <summary>
    /// Stop with <see cref="StopReason.Unbounded"/> once f at an accepted point is at most this (f = −∞
    /// included). Default −1e20 (the "objective range" of interior-point and SQP codes such as Knitro): far
    /// below any value an ordinary loss takes, far above where doubles lose the step's contribution to f.
    /// Must be negative; <see cref="double.NegativeInfinity"/> stops only at f = −∞.
    /// </summary>
    public double UnboundedThreshold { get; init; } = -1e20;

    /// <summary>The gradient test: true when the norm is at most <see cref="GradientTolerance"/>.</summary>
    internal bool GradientIsSmall(double gradientNorm) => gradientNorm <= GradientTolerance;

    /// <summary>
    /// The relative-change test between two successive values, gated by the gradient's size at the new
    /// point against f and against the gradient at the start (never true when switched off).
    /// </summary>
    internal bool ChangeIsSmall(double previous, double current, double gradientNorm, double startGradientNorm) =>
        RelativeTolerance > 0 &&
        Math.Abs(previous - current) <= RelativeTolerance * Math.Max(Math.Abs(previous), Math.Abs(current)) &&
        gradientNorm <= Math.Cbrt(RelativeTolerance) * (1 + Math.Abs(current)) &&
        gradientNorm <= startGradientNorm;

    /// <summary>The unbounded test: f has fallen to <see cref="UnboundedThreshold"/> or below.</summary>
    internal bool IsUnbounded(double value) => value <= UnboundedThreshold;

    /// <summary>Why a run that takes steps only from a usable start ends at the start, or null to go on.</summary>
    internal StopReason? StopAtStart(double value, double gradientNorm) =>
        IsUnbounded(value) ? StopReason.Unbounded
        : !double.IsFinite(value) || !double.IsFinite(gradientNorm) ? StopReason.NonFiniteValue
        : GradientIsSmall(gradientNorm) ? StopReason.GradientConverged
        : null;

    /// <summary>
    /// Throws an <see cref="ArgumentException"/> naming the first setting that is out of range, or that
    /// cannot work for a problem of <paramref name="dimension"/> variables.
    /// </summary>
    internal virtual void Validate(int dimension)
    {
        Require(MaxIterations >= 0, nameof(MaxIterations), MaxIterations, "must be at least 0");
        Require(GradientTolerance >= 0 && double.IsFinite(GradientTolerance), nameof(GradientTolerance), GradientTolerance, "must be finite and at least 0");
        Require(RelativeTolerance >= 0 && RelativeTolerance < 1, nameof(RelativeTolerance), RelativeTolerance, "must be in [0, 1)");
        Require(UnboundedThreshold < 0, nameof(UnboundedThreshold), UnboundedThreshold, "must be negative (−∞ allowed)");
    }

    /// <summary>Throws an <see cref="ArgumentException"/> naming the setting unless <paramref name="condition"/> holds.</summary>
    private protected void Require(bool condition, string setting, double value, string rule) =>
        OptionRules.Require(condition, this, setting, value, rule);
}
