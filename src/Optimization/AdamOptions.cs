namespace ExprGrad.Optimization;

/// <summary>Settings for <see cref="Adam"/>, with the defaults of Kingma and Ba (2015).</summary>
public sealed class AdamOptions : OptimizerOptions
{
    /// <summary>Defaults: 10,000 iterations, gradient tolerance 1e-8, relative-change test off.</summary>
    public AdamOptions() : base(maxIterations: 10_000, gradientTolerance: 1e-8, relativeTolerance: 0) { }

    /// <summary>Step size α.</summary>
    public double LearningRate { get; init; } = 0.001;

    /// <summary>Decay rate β₁ of the first-moment (mean) estimate, in [0, 1).</summary>
    public double Beta1 { get; init; } = 0.9;

    /// <summary>Decay rate β₂ of the second-moment (uncentred variance) estimate, in [0, 1).</summary>
    public double Beta2 { get; init; } = 0.999;

    /// <summary>ε added to the root of the second moment so a zero gradient does not divide by zero.</summary>
    public double Epsilon { get; init; } = 1e-8;

    internal override void Validate(int dimension)
    {
        base.Validate(dimension);
        Require(LearningRate > 0 && double.IsFinite(LearningRate), nameof(LearningRate), LearningRate, "must be finite and positive");
        Require(Beta1 >= 0 && Beta1 < 1, nameof(Beta1), Beta1, "must be in [0, 1)");
        Require(Beta2 >= 0 && Beta2 < 1, nameof(Beta2), Beta2, "must be in [0, 1)");
        Require(Epsilon > 0 && double.IsFinite(Epsilon), nameof(Epsilon), Epsilon, "must be finite and positive");
    }
}
