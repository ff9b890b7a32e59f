using System.Globalization;

namespace ExprGrad.Optimization;

/// <summary>What an optimizer returns: the point it stopped at, how it got there, and why it stopped.</summary>
public sealed class OptimizationResult
{
    /// <summary>Creates a result; optimizers build these, the constructor is public for adapters and tests.</summary>
    public OptimizationResult(double[] x, double value, double gradientNorm, int iterations, int evaluations, StopReason reason)
    {
        ArgumentNullException.ThrowIfNull(x);
        X = x;
        Value = value;
        GradientNorm = gradientNorm;
        Iterations = iterations;
        Evaluations = evaluations;
        Reason = reason;
    }

    /// <summary>The point returned (a fresh array owned by the caller).</summary>
    public double[] X { get; }

    /// <summary>f(<see cref="X"/>).</summary>
    public double Value { get; }

    /// <summary>Euclidean norm of the gradient at <see cref="X"/>.</summary>
    public double GradientNorm { get; }

    /// <summary>Steps taken (accepted steps for the line-search methods).</summary>
    public int Iterations { get; }

    /// <summary>Calls of <see cref="IGradient.ValueAndGradient"/>, including the one at the start point.</summary>
    public int Evaluations { get; }

    /// <summary>Why the optimizer stopped.</summary>
    public StopReason Reason { get; }

    /// <summary>True when <see cref="Reason"/> is one of the two convergence tests.</summary>
    public bool Converged => Reason is StopReason.GradientConverged or StopReason.RelativeChangeConverged;

    /// <inheritdoc/>
    public override string ToString() => string.Create(CultureInfo.InvariantCulture,
        $"{Reason}: f = {Value:R}, |g| = {GradientNorm:G3}, {Iterations} iterations, {Evaluations} evaluations");
}
