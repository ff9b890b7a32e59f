namespace ExprGrad.Optimization;

/// <summary>
/// Settings for <see cref="Adam"/>, with the defaults of Kingma and Ba (2015). Set what you need with an
/// object initializer and share the instance freely (it is immutable):
/// <c>new AdamOptions { LearningRate = 0.01, MaxIterations = 5_000 }</c>.
/// </summary>
public sealed class AdamOptions : OptimizerOptions
{
    /// <summary>
    /// Defaults: <see cref="OptimizerOptions.MaxIterations"/> 10,000, <see cref="OptimizerOptions.GradientTolerance"/>
    /// 1e-8, <see cref="OptimizerOptions.RelativeTolerance"/> 0 (off: Adam's values are not monotone), and the
    /// defaults written on each setting below.
    /// </summary>
    public AdamOptions() : base(maxIterations: 10_000, gradientTolerance: 1e-8, relativeTolerance: 0) { }

    /// <summary>Step size α: each coordinate moves by about α per step. Finite and positive; default 0.001.</summary>
    public double LearningRate { get; init; } = 0.001;

    /// <summary>Decay rate β₁ of the first-moment (mean) estimate, in [0, 1); default 0.9.</summary>
    public double Beta1 { get; init; } = 0.9;

    /// <summary>Decay rate β₂ of the second-moment (uncentred variance) estimate, in [0, 1); default 0.999.</summary>
    public double Beta2 { get; init; } = 0.999;

    /// <summary>
    /// ε added to the root of the second moment so a zero gradient does not divide by zero. Finite and
    /// positive; default 1e-8.
    /// </summary>
    public double Epsilon { get; init; } = 1e-8;

    /// <summary>
    /// What a run stopped by anything but convergence (iteration limit, cancellation, a non-finite value)
    /// returns: false (the default), the lowest point evaluated; true, the last point evaluated (after a
    /// non-finite value, the last finite one). Set it for stochastic gradients, e.g. an <see cref="IGradient"/>
    /// that passes the next minibatch on each call: each value is then a different batch's loss, and the
    /// "lowest" is the point that met the easiest batch, not a better point. The default suits a deterministic
    /// function, where a fixed step can overshoot and the lowest point is the better answer, and keeps earlier
    /// results unchanged. <see cref="OptimizationResult.Value"/> is then the last batch's loss.
    /// </summary>
    public bool ReturnLastIterate { get; init; }

    internal override void Validate(int dimension)
    {
        base.Validate(dimension);
        Require(LearningRate > 0 && double.IsFinite(LearningRate), nameof(LearningRate), LearningRate, "must be finite and positive");
        Require(Beta1 >= 0 && Beta1 < 1, nameof(Beta1), Beta1, "must be in [0, 1)");
        Require(Beta2 >= 0 && Beta2 < 1, nameof(Beta2), Beta2, "must be in [0, 1)");
        Require(Epsilon > 0 && double.IsFinite(Epsilon), nameof(Epsilon), Epsilon, "must be finite and positive");
    }
}
