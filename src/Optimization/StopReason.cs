namespace ExprGrad.Optimization;

/// <summary>Why an optimizer stopped.</summary>
public enum StopReason
{
    /// <summary>The gradient norm fell to <see cref="OptimizerOptions.GradientTolerance"/> or below.</summary>
    GradientConverged,

    /// <summary>
    /// One iteration changed the value by at most <see cref="OptimizerOptions.RelativeTolerance"/> times
    /// max(|f_previous|, |f|).
    /// </summary>
    RelativeChangeConverged,

    /// <summary><see cref="OptimizerOptions.MaxIterations"/> iterations ran without converging.</summary>
    IterationLimit,

    /// <summary>The line search found no acceptable step (often: the point is as good as rounding allows).</summary>
    LineSearchFailed,

    /// <summary>The cancellation token was signalled; the result is the best point found so far.</summary>
    Cancelled,

    /// <summary>
    /// The function or its gradient was NaN or infinite where a step could not avoid it; the result is the
    /// last finite point (or the start, with its non-finite value, when the start itself was not finite).
    /// </summary>
    NonFiniteValue,

    /// <summary>
    /// f at an accepted point fell to <see cref="OptimizerOptions.UnboundedThreshold"/> (default −1e20) or
    /// below, f = −∞ included: the objective is unbounded below, or its minimum lies beyond the threshold.
    /// The result is that point; <see cref="OptimizationResult.Converged"/> is false.
    /// </summary>
    Unbounded,

    /// <summary>
    /// <see cref="LevenbergMarquardt"/>: the trust-region radius, which bounds every further step, fell to
    /// <see cref="LevenbergMarquardtOptions.StepTolerance"/> times the scaled norm of x: x is known to about that
    /// relative precision. A convergence test.
    /// </summary>
    StepConverged,

    /// <summary>
    /// <see cref="TrustRegion"/>: the trust region shrank to the rounding level of x without finding a step that
    /// decreases f. Often the point is as good as rounding allows (as with <see cref="LineSearchFailed"/>), but
    /// it can also mean the Hessian disagrees with the gradient; not counted as convergence.
    /// </summary>
    NoProgress,
}
