namespace ExprGrad.Optimization;

/// <summary>
/// Settings for <see cref="Lbfgs"/>: limited-memory BFGS with a strong-Wolfe line search. Immutable; set what
/// you need with an object initializer: <c>new LbfgsOptions { HistorySize = 20, GradientTolerance = 1e-10 }</c>.
/// </summary>
public sealed class LbfgsOptions : OptimizerOptions
{
    /// <summary>
    /// Defaults: <see cref="OptimizerOptions.MaxIterations"/> 1,000, <see cref="OptimizerOptions.GradientTolerance"/>
    /// 1e-8, <see cref="OptimizerOptions.RelativeTolerance"/> 1e-12, and the defaults written on each setting below.
    /// </summary>
    public LbfgsOptions() : base(maxIterations: 1_000, gradientTolerance: 1e-8, relativeTolerance: 1e-12) { }

    /// <summary>
    /// Number of (step, gradient change) pairs kept to model the inverse Hessian, at least 1. The pairs are
    /// stored in two arrays of Dimension × (HistorySize + 1) doubles, allocated when the run starts; a size
    /// that cannot fit in one array is rejected up front. Default 10.
    /// </summary>
    public int HistorySize { get; init; } = 10;

    /// <summary>Wolfe constant c₁ (sufficient decrease), in (0, <see cref="Curvature"/>); default 1e-4.</summary>
    public double SufficientDecrease { get; init; } = 1e-4;

    /// <summary>Wolfe constant c₂ (strong curvature condition |φ'(t)| ≤ c₂ |φ'(0)|), in (c₁, 1); default 0.9.</summary>
    public double Curvature { get; init; } = 0.9;

    /// <summary>Most evaluations one line search may spend before the search counts as failed; at least 1, default 25.</summary>
    public int MaxLineSearchEvaluations { get; init; } = 25;

    internal override void Validate(int dimension)
    {
        base.Validate(dimension);
        Require(HistorySize >= 1, nameof(HistorySize), HistorySize, "must be at least 1");
        long largest = Array.MaxLength / Math.Max(dimension, 1) - 1;
        Require(HistorySize <= largest, nameof(HistorySize), HistorySize,
            $"is too large for Dimension {dimension}: the history is stored in arrays of Dimension × (HistorySize + 1) doubles, at most Array.MaxLength = {Array.MaxLength}, so it can be at most {largest}");
        Require(SufficientDecrease > 0 && SufficientDecrease < 1, nameof(SufficientDecrease), SufficientDecrease, "must be in (0, 1)");
        Require(Curvature > SufficientDecrease && Curvature < 1, nameof(Curvature), Curvature, "must be in (SufficientDecrease, 1)");
        Require(MaxLineSearchEvaluations >= 1, nameof(MaxLineSearchEvaluations), MaxLineSearchEvaluations, "must be at least 1");
    }
}
