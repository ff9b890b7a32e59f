namespace ExprGrad.Optimization;

/// <summary>
/// Settings for <see cref="LevenbergMarquardt"/>. Its tests are MINPACK's (Moré, Garbow and Hillstrom, 1980),
/// all scale-free, which is why it does not share <see cref="OptimizerOptions"/>' absolute gradient test.
/// Immutable; set what you need with an object initializer:
/// <c>new LevenbergMarquardtOptions { MaxIterations = 200 }</c>. The defaults drive a fit as far as double
/// precision allows (MINPACK's own defaults, √ε ≈ 1.5e-8, stop 7 or 8 digits earlier).
/// </summary>
public sealed class LevenbergMarquardtOptions
{
    /// <summary>Most accepted steps (one Jacobian each) before stopping with <see cref="StopReason.IterationLimit"/>; at least 0, default 1,000.</summary>
    public int MaxIterations { get; init; } = 1_000;

    /// <summary>
    /// Stop with <see cref="StopReason.GradientConverged"/> once the residual vector is this close to orthogonal to
    /// every column of J: maxⱼ |Jⱼ·r| / (‖Jⱼ‖ ‖r‖) ≤ this (a cosine, so independent of the scale of r and x), or
    /// when r = 0. In [0, 1); default 1e-15.
    /// </summary>
    public double GradientTolerance { get; init; } = 1e-15;

    /// <summary>
    /// Stop with <see cref="StopReason.RelativeChangeConverged"/> once both the actual and the predicted relative
    /// reduction of ‖r‖² in a step are at most this (and the step's actual reduction is at most twice the
    /// predicted one). In [0, 1); default 1e-15. Below ε ≈ 2.2e-16 the test is the same as at ε.
    /// </summary>
    public double RelativeTolerance { get; init; } = 1e-15;

    /// <summary>
    /// Stop with <see cref="StopReason.StepConverged"/> once the trust-region radius Δ, which bounds the next step,
    /// is at most this times ‖D x‖ (D: the column norms of J, the scaling of the variables). In [0, 1);
    /// default 1e-15. Below ε the test is the same as at ε.
    /// </summary>
    public double StepTolerance { get; init; } = 1e-15;

    /// <summary>
    /// The first trust-region radius is this times ‖D x₀‖ (this itself when x₀ = 0): 100 (MINPACK's factor) lets
    /// the first step go far; use 0.1 to 1 for a cautious start near the solution. Finite and positive.
    /// </summary>
    public double InitialStepBound { get; init; } = 100;

    /// <summary>Throws an <see cref="ArgumentException"/> naming the first setting that is out of range.</summary>
    internal void Validate()
    {
        Require(MaxIterations >= 0, nameof(MaxIterations), MaxIterations, "must be at least 0");
        Require(GradientTolerance is >= 0 and < 1, nameof(GradientTolerance), GradientTolerance, "must be in [0, 1)");
        Require(RelativeTolerance is >= 0 and < 1, nameof(RelativeTolerance), RelativeTolerance, "must be in [0, 1)");
        Require(StepTolerance is >= 0 and < 1, nameof(StepTolerance), StepTolerance, "must be in [0, 1)");
        Require(InitialStepBound > 0 && double.IsFinite(InitialStepBound), nameof(InitialStepBound), InitialStepBound, "must be finite and positive");
    }

    private void Require(bool condition, string setting, double value, string rule) =>
        OptionRules.Require(condition, this, setting, value, rule);
}
