namespace ExprGrad.Optimization;

/// <summary>
/// Levenberg-Marquardt for nonlinear least squares: minimises ½‖r(x)‖² = ½ Σ rᵢ(x)² given the residuals r and
/// their Jacobian J. Moré's scaled trust-region form (Moré, "The Levenberg-Marquardt algorithm: implementation
/// and theory", 1978), as in MINPACK's lmder: variables scaled by the column norms of J, a trust radius
/// updated by the ratio of actual to predicted reduction, and every step solved from a pivoted QR of J
/// (never from JᵀJ), so rank-deficient and badly scaled problems keep their accuracy.
/// </summary>
/// <example>
/// <code>
/// // y ≈ b₀ (1 − exp(−b₁ t)) at m points: residuals rᵢ(b) = yᵢ − b₀ (1 − exp(−b₁ tᵢ)), Jacobian m × 2.
/// OptimizationResult fit = LevenbergMarquardt.Minimize(residuals, [500, 1e-4]);
/// double rss = 2 * fit.Value;
/// </code>
/// </example>
public static class LevenbergMarquardt
{
    private static readonly LevenbergMarquardtOptions Defaults = new();

    // A step is accepted when it achieves this share of the reduction the linear model predicts (Moré's 1e-4).
    private const double AcceptanceRatio = 1e-4;

    /// <summary>Minimizes ½‖r(x)‖² from <paramref name="x0"/>.</summary>
    /// <param name="residuals">The residuals r and their Jacobian; any number of outputs (fewer than the
    /// dimension too).</param>
    /// <param name="x0">The start point; its length must equal <see cref="IJacobian.Dimension"/>.</param>
    /// <param name="options">Settings; null for the defaults.</param>
    /// <param name="progress">
    /// Told after every accepted step (value ½‖r‖², gradient norm ‖Jᵀr‖), by a call made on this thread before the
    /// next step; an <see cref="IProgress{T}"/> such as <see cref="Progress{T}"/> may run its handler later,
    /// elsewhere (see <see cref="OptimizationProgress"/>).
    /// </param>
    /// <param name="cancellationToken">Stops the run before the next trial step; the result is the point reached
    /// so far (the lowest, since only steps that decrease ½‖r‖² are accepted).</param>
    /// <returns>
    /// The point reached and why the run stopped. <see cref="OptimizationResult.Value"/> is ½‖r(X)‖² (half the
    /// residual sum of squares), <see cref="OptimizationResult.GradientNorm"/> is ‖J(X)ᵀ r(X)‖,
    /// <see cref="OptimizationResult.Evaluations"/> counts calls of either <see cref="IJacobian"/>.Evaluate overload
    /// (trial points are evaluated without the Jacobian; an accepted one is evaluated again with it).
    /// </returns>
    /// <exception cref="ArgumentException">residuals is null, x0 has the wrong length or a non-finite entry, or an
    /// option is out of range.</exception>
    /// <remarks>
    /// Stopping rules, in the order tested (ε = 2.2e-16 is the floor of every tolerance):
    /// <list type="number">
    /// <item><see cref="StopReason.GradientConverged"/>: r = 0, or maxⱼ |Jⱼ·r| / (‖Jⱼ‖ ‖r‖) ≤ GradientTolerance.</item>
    /// <item><see cref="StopReason.RelativeChangeConverged"/>: after a step, the actual and the predicted relative
    /// reductions of ‖r‖² are both ≤ RelativeTolerance.</item>
    /// <item><see cref="StopReason.StepConverged"/>: the trust radius Δ ≤ StepTolerance · ‖D x‖.</item>
    /// <item><see cref="StopReason.NonFiniteValue"/>: the radius collapsed while trial points kept giving NaN or
    /// infinite residuals or Jacobians (or the start did); <see cref="StopReason.Cancelled"/>;
    /// <see cref="StopReason.IterationLimit"/>.</item>
    /// </list>
    /// Setup allocates the workspace (a few m × n and n × n arrays); iterations allocate nothing.
    /// </remarks>
    public static OptimizationResult Minimize(IJacobian residuals, ReadOnlySpan<double> x0, LevenbergMarquardtOptions? options = null,
        IProgress<OptimizationProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        options ??= Defaults;
        OptimizationRun run = OptimizationRun.Start(residuals, x0, options, progress, cancellationToken);
        var w = new LeastSquaresWorkspace(residuals.Outputs, residuals.Dimension);
        int n = w.Dimension;
        double[] x = x0.ToArray(), xTrial = new double[n], step = new double[n], scale = new double[n];
        double gradientTolerance = Math.Max(options.GradientTolerance, SpanMath.MachineEpsilon);
        double relativeTolerance = Math.Max(options.RelativeTolerance, SpanMath.MachineEpsilon);
        double stepTolerance = Math.Max(options.StepTolerance, SpanMath.MachineEpsilon);

        run.CountEvaluation();
        residuals.Evaluate(x, w.Values, w.Jacobian);
        if (!w.Prepare()) return Finish(run, w, x, StopReason.NonFiniteValue);
        double radius = 0, lambda = 0, scaledNorm = 0;

        while (true)
        {
            if (w.ResidualNorm == 0 || w.LargestCosine <= gradientTolerance) return Finish(run, w, x, StopReason.GradientConverged);
            if (run.CancellationRequested) return Finish(run, w, x, StopReason.Cancelled);
            if (run.Iterations >= options.MaxIterations) return Finish(run, w, x, StopReason.IterationLimit);

            w.Factor();
            bool firstIteration = run.Iterations == 0;
            // Moré's scaling: each variable measured in units of its column's norm, never shrinking, so a step
            // bound means the same on a variable of size 1e-9 as on one of size 1e3.
            for (int j = 0; j < n; j++)
                scale[j] = firstIteration ? (w.ColumnNorms[j] == 0 ? 1 : w.ColumnNorms[j]) : Math.Max(scale[j], w.ColumnNorms[j]);
            if (firstIteration)
            {
                scaledNorm = ScaledNorm(scale, x, xTrial);
                radius = scaledNorm == 0 ? options.InitialStepBound : options.InitialStepBound * scaledNorm;
            }

            bool lastTrialNonFinite = false;
            while (true)
            {
                lambda = w.Step.Solve(scale, radius, lambda, step);
                double stepNorm = ScaledNorm(scale, step, xTrial);
                if (firstIteration) radius = Math.Min(radius, stepNorm);
                SpanMath.AddScaled(x, 1, step, xTrial);
                run.CountEvaluation();
                residuals.Evaluate(xTrial, w.TrialValues);
                double trialNorm = SpanMath.Norm(w.TrialValues), norm = w.ResidualNorm;
                bool trialFinite = double.IsFinite(trialNorm);

                // Reductions of ‖r‖² relative to ‖r‖², actual and as the linear model predicts; the model's
                // is written so that it cannot overflow or cancel (Moré's eq. 4.4).
                double actual = trialFinite && 0.1 * trialNorm < norm ? 1 - (trialNorm / norm) * (trialNorm / norm) : -1;
                double modelPart = w.Step.JacobianTimesNorm(step) / norm, dampingPart = Math.Sqrt(lambda) * stepNorm / norm;
                double predicted = modelPart * modelPart + 2 * dampingPart * dampingPart;
                double slope = -(modelPart * modelPart + dampingPart * dampingPart);
                double ratio = predicted != 0 ? actual / predicted : 0;

                if (ratio <= 0.25)
                {
                    // Shrink towards the minimiser of the quadratic through f(0), f'(0) and f(p), within [0.1, 0.5].
                    double shrink = actual >= 0 ? 0.5 : 0.5 * slope / (slope + 0.5 * actual);
                    if (!trialFinite || 0.1 * trialNorm >= norm || shrink < 0.1) shrink = 0.1;
                    radius = shrink * Math.Min(radius, 10 * stepNorm);
                    lambda /= shrink;
                }
                else if (lambda == 0 || ratio >= 0.75)
                {
                    radius = 2 * stepNorm;
                    lambda *= 0.5;
                }

                bool accepted = false;
                lastTrialNonFinite = !trialFinite;
                if (ratio >= AcceptanceRatio)
                {
                    run.CountEvaluation();
                    residuals.Evaluate(xTrial, w.TrialValues, w.TrialJacobian);
                    if (w.AcceptTrial())
                    {
                        accepted = true;
                        (x, xTrial) = (xTrial, x);
                        scaledNorm = ScaledNorm(scale, x, xTrial);
                        run.CompleteIteration(w.Value, w.GradientNorm, x);
                    }
                    else
                    {
                        // Finite residuals but a NaN or infinite Jacobian: as untrustworthy as a NaN value.
                        lastTrialNonFinite = true;
                        radius = 0.1 * Math.Min(radius, stepNorm);
                        lambda *= 10;
                    }
                }

                if (Math.Abs(actual) <= relativeTolerance && predicted <= relativeTolerance && 0.5 * ratio <= 1)
                    return Refine(run, w, residuals, options, scale, ref x, ref xTrial, step, StopReason.RelativeChangeConverged);
                if (radius <= stepTolerance * scaledNorm)
                    return lastTrialNonFinite ? Finish(run, w, x, StopReason.NonFiniteValue)
                        : Refine(run, w, residuals, options, scale, ref x, ref xTrial, step, StopReason.StepConverged);
                if (accepted) break;
                if (run.CancellationRequested) return Finish(run, w, x, StopReason.Cancelled);
            }
        }
    }

    /// <summary>
    /// Gauss-Newton refinement once a convergence test has passed. Near a minimiser ½‖r‖² resolves x only to
    /// about √ε of its scale (a step of that size changes f at the rounding level), so the tests above stop
    /// there; but the Gauss-Newton step, computed from J and r rather than from differences of f, still knows the
    /// next digits. Refinement takes such steps (λ = 0) while the first is below 1e-4·‖Dx‖, each is at most 0.9 of
    /// the one two before it, and ‖r‖ does not grow beyond rounding; it stops at the first that fails, keeping the
    /// last accepted point, or once a step is below ε·‖Dx‖.
    /// </summary>
    private static OptimizationResult Refine(OptimizationRun run, LeastSquaresWorkspace w, IJacobian residuals,
        LevenbergMarquardtOptions options, double[] scale, ref double[] x, ref double[] xTrial, double[] step, StopReason reason)
    {
        // Gauss-Newton's error map need not be normal, so one step may outgrow the last: each step is compared
        // with the one two before it.
        double previous = FirstRefinementStep, beforePrevious = FirstRefinementStep / RefinementContraction;
        for (int k = 0; k < MaxRefinementSteps && run.Iterations < options.MaxIterations; k++)
        {
            w.Prepare();
            w.Factor();
            w.Step.Solve(scale, double.MaxValue, 0, step);
            double scaledNorm = ScaledNorm(scale, x, xTrial), relativeStep = ScaledNorm(scale, step, xTrial) / scaledNorm;
            if (relativeStep <= SpanMath.MachineEpsilon || !(relativeStep <= RefinementContraction * beforePrevious)) break;
            SpanMath.AddScaled(x, 1, step, xTrial);
            run.CountEvaluation();
            residuals.Evaluate(xTrial, w.TrialValues, w.TrialJacobian);
            double trialNorm = SpanMath.Norm(w.TrialValues);
            if (!(trialNorm <= w.ResidualNorm * (1 + RefinementRise)) || !w.AcceptTrial()) break;
            (x, xTrial) = (xTrial, x);
            run.CompleteIteration(w.Value, w.GradientNorm, x);
            (beforePrevious, previous) = (previous, relativeStep);
        }
        return Finish(run, w, x, reason);
    }

    // Refinement is for the last digits, not for finding the minimiser: a first Gauss-Newton step longer than
    // this share of ‖Dx‖ means the tests above stopped for another reason, and is not taken.
    private const double FirstRefinementStep = 1e-4;

    // Each refinement step must be at most this share of the one two before. Gauss-Newton converges linearly on a
    // problem with large residuals (Thurber: each step ~0.67 of the last), so 0.9 keeps such a problem refining
    // and stops once the steps are rounding noise, which does not shrink.
    private const double RefinementContraction = 0.9;

    // From 1e-4 to ε at the slowest contraction accepted: more steps mean they are not converging.
    private const int MaxRefinementSteps = 40;

    // How much ‖r‖ may grow in a refinement step: rounding in the residuals, not a real increase.
    private const double RefinementRise = 1e-12;

    private static double ScaledNorm(ReadOnlySpan<double> scale, ReadOnlySpan<double> v, Span<double> scratch)
    {
        for (int j = 0; j < v.Length; j++) scratch[j] = scale[j] * v[j];
        return SpanMath.Norm(scratch);
    }

    private static OptimizationResult Finish(OptimizationRun run, LeastSquaresWorkspace w, double[] x, StopReason reason) =>
        run.Finish(x, w.Value, w.GradientNorm, reason);
}
