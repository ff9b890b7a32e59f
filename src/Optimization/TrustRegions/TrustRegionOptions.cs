namespace ExprGrad.Optimization;

/// <summary>
/// Settings for <see cref="TrustRegion"/>: Newton-CG with Steihaug's truncated conjugate gradients. Immutable;
/// set what you need with an object initializer: <c>new TrustRegionOptions { InitialRadius = 10 }</c>.
/// </summary>
public sealed class TrustRegionOptions : OptimizerOptions
{
    /// <summary>
    /// Defaults: <see cref="OptimizerOptions.MaxIterations"/> 1,000, <see cref="OptimizerOptions.GradientTolerance"/>
    /// 1e-8, <see cref="OptimizerOptions.RelativeTolerance"/> 1e-12, and the defaults written on each setting below.
    /// </summary>
    public TrustRegionOptions() : base(maxIterations: 1_000, gradientTolerance: 1e-8, relativeTolerance: 1e-12) { }

    /// <summary>
    /// The first trust-region radius, in the units of x: the longest first step. Later radii follow the agreement
    /// between f and its quadratic model (× ¼ on poor agreement, × 2 on good agreement at the boundary).
    /// Finite and positive; default 1.
    /// </summary>
    public double InitialRadius { get; init; } = 1;

    /// <summary>
    /// Most Hessian-vector products one iteration's conjugate-gradient solve may use; null (the default) for
    /// Dimension, where CG is exact in exact arithmetic. At least 1.
    /// </summary>
    public int? MaxConjugateGradientIterations { get; init; }

    internal override void Validate(int dimension)
    {
        base.Validate(dimension);
        Require(InitialRadius > 0 && double.IsFinite(InitialRadius), nameof(InitialRadius), InitialRadius, "must be finite and positive");
        Require(MaxConjugateGradientIterations is null or >= 1, nameof(MaxConjugateGradientIterations),
            MaxConjugateGradientIterations ?? 0, "must be null or at least 1");
    }
}
