namespace ExprGrad.Optimization;

/// <summary>Settings for <see cref="GradientDescent"/>: steepest descent with an Armijo backtracking line search.</summary>
public sealed class GradientDescentOptions : OptimizerOptions
{
    /// <summary>Defaults: 10,000 iterations, gradient tolerance 1e-8, relative tolerance 1e-12.</summary>
    public GradientDescentOptions() : base(maxIterations: 10_000, gradientTolerance: 1e-8, relativeTolerance: 1e-12) { }

    /// <summary>The first trial step length along −g (later iterations start from twice the last accepted step).</summary>
    public double InitialStep { get; init; } = 1.0;

    /// <summary>Armijo constant c₁: accept a step t when f(x − t g) ≤ f(x) − c₁ t |g|².</summary>
    public double SufficientDecrease { get; init; } = 1e-4;

    /// <summary>Factor a rejected step is multiplied by, in (0, 1).</summary>
    public double ShrinkFactor { get; init; } = 0.5;

    /// <summary>Most evaluations one line search may spend before stopping with <see cref="StopReason.LineSearchFailed"/>.</summary>
    public int MaxLineSearchEvaluations { get; init; } = 60;

    internal override void Validate(int dimension)
    {
        base.Validate(dimension);
        Require(InitialStep > 0 && double.IsFinite(InitialStep), nameof(InitialStep), InitialStep, "must be finite and positive");
        Require(SufficientDecrease > 0 && SufficientDecrease < 1, nameof(SufficientDecrease), SufficientDecrease, "must be in (0, 1)");
        Require(ShrinkFactor > 0 && ShrinkFactor < 1, nameof(ShrinkFactor), ShrinkFactor, "must be in (0, 1)");
        Require(MaxLineSearchEvaluations >= 1, nameof(MaxLineSearchEvaluations), MaxLineSearchEvaluations, "must be at least 1");
    }
}
