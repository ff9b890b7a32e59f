namespace ExprGrad.Optimization;

/// <summary>Settings for <see cref="Momentum"/>: heavy-ball or Nesterov momentum with a fixed learning rate.</summary>
public sealed class MomentumOptions : OptimizerOptions
{
    /// <summary>Defaults: 10,000 iterations, gradient tolerance 1e-8, relative-change test off.</summary>
    public MomentumOptions() : base(maxIterations: 10_000, gradientTolerance: 1e-8, relativeTolerance: 0) { }

    /// <summary>Step size η multiplying the velocity.</summary>
    public double LearningRate { get; init; } = 0.01;

    /// <summary>Momentum coefficient μ in [0, 1): the share of the previous velocity kept each step.</summary>
    public double Momentum { get; init; } = 0.9;

    /// <summary>Use Nesterov's look-ahead form instead of the heavy ball.</summary>
    public bool Nesterov { get; init; }

    internal override void Validate(int dimension)
    {
        base.Validate(dimension);
        Require(LearningRate > 0 && double.IsFinite(LearningRate), nameof(LearningRate), LearningRate, "must be finite and positive");
        Require(Momentum >= 0 && Momentum < 1, nameof(Momentum), Momentum, "must be in [0, 1)");
    }
}
