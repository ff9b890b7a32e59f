namespace ExprGrad.Optimization;

/// <summary>
/// Steepest descent with an Armijo backtracking line search. Simple and robust, but slow on ill-conditioned
/// problems: prefer <see cref="Lbfgs"/> unless you need its simplicity.
/// </summary>
public static class GradientDescent
{
    private static readonly GradientDescentOptions Defaults = new();

    // Each line search starts from twice the last accepted step, so the step can grow back after a
    // region that forced it down, while most iterations still cost one or two evaluations.
    private const double StepGrowth = 2;

    /// <summary>Minimizes <paramref name="f"/> from <paramref name="x0"/>.</summary>
    /// <param name="f">The function and its gradient.</param>
    /// <param name="x0">The start point; its length must equal <see cref="IGradient.Dimension"/>.</param>
    /// <param name="options">Settings; null for the defaults.</param>
    /// <param name="progress">
    /// Told after every iteration, by a call made on this thread before the next step; an
    /// <see cref="IProgress{T}"/> such as <see cref="Progress{T}"/> may run its handler later, elsewhere (see
    /// <see cref="OptimizationProgress"/>).
    /// </param>
    /// <param name="cancellationToken">Stops the run at the next iteration; the result is the point reached so far
    /// (the lowest, since every accepted step decreases f).</param>
    /// <returns>The point reached and why the run stopped; never throws for a bad function value.</returns>
    /// <exception cref="ArgumentException">f is null, x0 has the wrong length or a non-finite entry, or an option is out of range.</exception>
    public static OptimizationResult Minimize(IGradient f, ReadOnlySpan<double> x0, GradientDescentOptions? options = null,
        IProgress<OptimizationProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        options ??= Defaults;
        OptimizationRun run = OptimizationRun.Start(f, x0, options, progress, cancellationToken);
        int n = x0.Length;
        double[] x = x0.ToArray(), g = new double[n], xTrial = new double[n], gTrial = new double[n], direction = new double[n];

        double value = run.Evaluate(x, g);
        double gradientNorm = SpanMath.Norm(g), startGradientNorm = gradientNorm;
        if (options.StopAtStart(value, gradientNorm) is StopReason atStart) return run.Finish(x, value, gradientNorm, atStart);

        // Trial steps are multiples of −g (the option's unit), searched along the unit vector −g/|g| whose
        // slope −|g| stays finite for every finite gradient (|g|² overflows above ~1.3e154).
        double stepAlongGradient = options.InitialStep;
        while (true)
        {
            if (run.CancellationRequested) return run.Finish(x, value, gradientNorm, StopReason.Cancelled);
            if (run.Iterations >= options.MaxIterations) return run.Finish(x, value, gradientNorm, StopReason.IterationLimit);

            for (int i = 0; i < n; i++) direction[i] = -g[i] / gradientNorm;
            LineSearchOutcome step = BacktrackingLineSearch.Search(run, options, x, value, direction,
                -gradientNorm, stepAlongGradient * gradientNorm, xTrial, gTrial);
            if (!step.Accepted) return run.Finish(x, value, gradientNorm, step.FailureReason);

            (x, xTrial) = (xTrial, x);
            (g, gTrial) = (gTrial, g);
            double previous = value;
            stepAlongGradient = StepGrowth * step.Step / gradientNorm;
            value = step.Value;
            gradientNorm = SpanMath.Norm(g);
            run.CompleteIteration(value, gradientNorm, x);

            if (options.IsUnbounded(value)) return run.Finish(x, value, gradientNorm, StopReason.Unbounded);
            if (options.GradientIsSmall(gradientNorm)) return run.Finish(x, value, gradientNorm, StopReason.GradientConverged);
            if (options.ChangeIsSmall(previous, value, gradientNorm, startGradientNorm)) return run.Finish(x, value, gradientNorm, StopReason.RelativeChangeConverged);
        }
    }
}
