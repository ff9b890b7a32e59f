namespace ExprGrad.Optimization;

/// <summary>
/// Settings for <see cref="Momentum"/>: heavy-ball or Nesterov momentum with a fixed learning rate. Immutable;
/// set what you need with an object initializer: <c>new MomentumOptions { LearningRate = 0.05, Nesterov = true }</c>.
/// </summary>
public sealed class MomentumOptions : OptimizerOptions
{
    /// <summary>
    /// Defaults: <see cref="OptimizerOptions.MaxIterations"/> 10,000, <see cref="OptimizerOptions.GradientTolerance"/>
    /// 1e-8, <see cref="OptimizerOptions.RelativeTolerance"/> 0 (off: values are not monotone), and the defaults
    /// written on each setting below.
    /// </summary>
    public MomentumOptions() : base(maxIterations: 10_000, gradientTolerance: 1e-8, relativeTolerance: 0) { }

    /// <summary>
    /// Step size η multiplying the velocity, in the units of x per unit of gradient (so it must suit the
    /// function's scale: above 2 / (largest curvature) the run diverges). Finite and positive; default 0.01.
    /// </summary>
    public double LearningRate { get; init; } = 0.01;

    /// <summary>Momentum coefficient μ in [0, 1): the share of the previous velocity kept each step; default 0.9.</summary>
    public double Momentum { get; init; } = 0.9;

    /// <summary>Use Nesterov's look-ahead form instead of the heavy ball; default false.</summary>
    public bool Nesterov { get; init; }

    /// <inheritdoc cref="AdamOptions.ReturnLastIterate"/>
    public bool ReturnLastIterate { get; init; }

    internal override void Validate(int dimension)
    {
        base.Validate(dimension);
        Require(LearningRate > 0 && double.IsFinite(LearningRate), nameof(LearningRate), LearningRate, "must be finite and positive");
        Require(Momentum >= 0 && Momentum < 1, nameof(Momentum), Momentum, "must be in [0, 1)");
    }
}
