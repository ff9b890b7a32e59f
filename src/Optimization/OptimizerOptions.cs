namespace ExprGrad.Optimization;

/// <summary>
/// The stopping rules every optimizer shares. Each optimizer has its own options type deriving from this
/// one, with defaults suited to it (the relative-change test is off for momentum and Adam, whose values do
/// not decrease monotonically).
/// </summary>
public abstract class OptimizerOptions
{
    private protected OptimizerOptions(int maxIterations, double gradientTolerance, double relativeTolerance)
    {
        MaxIterations = maxIterations;
        GradientTolerance = gradientTolerance;
        RelativeTolerance = relativeTolerance;
    }

    /// <summary>Most steps to take before stopping with <see cref="StopReason.IterationLimit"/>.</summary>
    public int MaxIterations { get; init; }

    /// <summary>
    /// Stop with <see cref="StopReason.GradientConverged"/> once the gradient's Euclidean norm is at most this
    /// (an absolute test: scale it to your function).
    /// </summary>
    public double GradientTolerance { get; init; }

    /// <summary>
    /// Stop with <see cref="StopReason.RelativeChangeConverged"/> once one step changes f by at most this
    /// times max(|f_previous|, |f|); 0 turns the test off. Purely relative, so it never stops a run that is
    /// still making steady progress towards f* = 0; there the gradient test decides.
    /// </summary>
    public double RelativeTolerance { get; init; }

    /// <summary>The gradient test: true when the norm is at most <see cref="GradientTolerance"/>.</summary>
    internal bool GradientIsSmall(double gradientNorm) => gradientNorm <= GradientTolerance;

    /// <summary>The relative-change test between two successive values (never true when switched off).</summary>
    internal bool ChangeIsSmall(double previous, double current) =>
        RelativeTolerance > 0 &&
        Math.Abs(previous - current) <= RelativeTolerance * Math.Max(Math.Abs(previous), Math.Abs(current));

    /// <summary>Throws an <see cref="ArgumentException"/> naming the first setting that is out of range.</summary>
    internal virtual void Validate()
    {
        Require(MaxIterations >= 0, nameof(MaxIterations), MaxIterations, "must be at least 0");
        Require(GradientTolerance >= 0 && double.IsFinite(GradientTolerance), nameof(GradientTolerance), GradientTolerance, "must be finite and at least 0");
        Require(RelativeTolerance >= 0 && RelativeTolerance < 1, nameof(RelativeTolerance), RelativeTolerance, "must be in [0, 1)");
    }

    /// <summary>The shared wording of every option check, so messages name the type, the setting and its value.</summary>
    private protected void Require(bool condition, string setting, double value, string rule)
    {
        if (!condition)
            throw new ArgumentException($"{GetType().Name}.{setting} {rule} (was {value:R}).", "options");
    }
}
