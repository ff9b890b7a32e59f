namespace ExprGrad.Optimization;

/// <summary>
/// Settings for <see cref="GradientDescent"/>: steepest descent with an Armijo backtracking line search.
/// Immutable; set what you need with an object initializer: <c>new GradientDescentOptions { MaxIterations = 50_000 }</c>.
/// </summary>
public sealed class GradientDescentOptions : OptimizerOptions
{
    /// <summary>
    /// Defaults: <see cref="OptimizerOptions.MaxIterations"/> 10,000, <see cref="OptimizerOptions.GradientTolerance"/>
    /// 1e-8, <see cref="OptimizerOptions.RelativeTolerance"/> 1e-12, and the defaults written on each setting below.
    /// </summary>
    public GradientDescentOptions() : base(maxIterations: 10_000, gradientTolerance: 1e-8, relativeTolerance: 1e-12) { }

    /// <summary>
    /// The first trial step t of x − t g, a multiple of the gradient (later iterations start from twice the last
    /// accepted multiple). Finite and positive; default 1.
    /// </summary>
    public double InitialStep { get; init; } = 1.0;

    /// <summary>Armijo constant c₁: accept a step t when f(x − t g) ≤ f(x) − c₁ t |g|². In (0, 1); default 1e-4.</summary>
    public double SufficientDecrease { get; init; } = 1e-4;

    /// <summary>Factor a rejected step is multiplied by, in (0, 1); default 0.5.</summary>
    public double ShrinkFactor { get; init; } = 0.5;

    /// <summary>
    /// Most evaluations one line search may spend before stopping with <see cref="StopReason.LineSearchFailed"/>;
    /// at least 1, default 60.
    /// </summary>
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
