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

    /// <summary>f(<see cref="X"/>); for <see cref="LevenbergMarquardt"/> the objective it minimises, ½‖r(X)‖² (half the residual sum of squares).</summary>
    public double Value { get; }

    /// <summary>Euclidean norm of the gradient at <see cref="X"/>; for <see cref="LevenbergMarquardt"/>, of ½‖r‖²'s gradient Jᵀr.</summary>
    public double GradientNorm { get; }

    /// <summary>Steps taken (accepted steps for the line-search and trust-region methods).</summary>
    public int Iterations { get; }

    /// <summary>
    /// Calls of the function, including the one at the start point: <see cref="IGradient.ValueAndGradient"/>, plus
    /// <see cref="IHessian.HessianVectorProduct"/> for <see cref="TrustRegion"/>; either
    /// <see cref="IJacobian"/>.Evaluate overload for <see cref="LevenbergMarquardt"/>.
    /// </summary>
    public int Evaluations { get; }

    /// <summary>Why the optimizer stopped.</summary>
    public StopReason Reason { get; }

    /// <summary>
    /// True when <see cref="Reason"/> is a convergence test: <see cref="StopReason.GradientConverged"/>,
    /// <see cref="StopReason.RelativeChangeConverged"/> or <see cref="StopReason.StepConverged"/>.
    /// </summary>
    public bool Converged => Reason is StopReason.GradientConverged or StopReason.RelativeChangeConverged or StopReason.StepConverged;

    /// <inheritdoc/>
    public override string ToString() => string.Create(CultureInfo.InvariantCulture,
        $"{Reason}: f = {Value:R}, |g| = {GradientNorm:G3}, {Iterations} iterations, {Evaluations} evaluations");
}
