namespace ExprGrad;

/// <summary>Options of <see cref="GradCheck.Run(IGradient, ReadOnlySpan{double}, GradCheckOptions?)"/>; every default is documented.</summary>
public sealed record GradCheckOptions
{
    /// <summary>
    /// A coordinate passes when <see cref="GradCheckRow.RelativeError"/> is at most this (default 1e-6). The numeric
    /// derivative of a smooth function is accurate to about 1e-10 relative, so 1e-6 leaves room for functions with
    /// large higher derivatives while a wrong rule (a lost factor, a wrong sign) misses by far more.
    /// </summary>
    public double RelativeTolerance { get; init; } = 1e-6;

    /// <summary>
    /// Below this size (default 1e-8) differences count absolutely: together with the numeric derivative's own
    /// error estimate it floors the denominator of <see cref="GradCheckRow.RelativeError"/>, so a derivative that
    /// should be 0 is not failed for a numeric 1e-12.
    /// </summary>
    public double AbsoluteTolerance { get; init; } = 1e-8;

    /// <summary>Seed of the random direction of the Taylor test (default 0): the same seed gives the same report.</summary>
    public int DirectionSeed { get; init; }

    /// <summary>
    /// The Taylor test passes when the remainder shrinks at least like h^this (default 1.5): a right gradient gives
    /// order 2 (3 where the curvature along the direction is 0), a wrong one gives order 1.
    /// </summary>
    public double MinimumTaylorOrder { get; init; } = 1.5;

    /// <summary>The default options.</summary>
    public static GradCheckOptions Default { get; } = new();

    internal void Validate()
    {
        if (!(RelativeTolerance > 0) || double.IsInfinity(RelativeTolerance))
            throw new ArgumentOutOfRangeException(nameof(RelativeTolerance), RelativeTolerance, "The relative tolerance must be positive and finite.");
        if (!(AbsoluteTolerance >= 0) || double.IsInfinity(AbsoluteTolerance))
            throw new ArgumentOutOfRangeException(nameof(AbsoluteTolerance), AbsoluteTolerance, "The absolute tolerance must be zero or positive and finite.");
        if (!(MinimumTaylorOrder > 0) || double.IsInfinity(MinimumTaylorOrder))
            throw new ArgumentOutOfRangeException(nameof(MinimumTaylorOrder), MinimumTaylorOrder, "The minimum Taylor order must be positive and finite.");
    }
}
