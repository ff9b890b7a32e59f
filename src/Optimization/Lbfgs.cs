namespace ExprGrad.Optimization;

/// <summary>
/// Limited-memory BFGS (Nocedal and Wright, algorithm 7.5) with a strong-Wolfe line search: the default
/// choice for smooth problems with up to millions of variables.
/// </summary>
/// <example>
/// <code>
/// IGradient rosenbrock = Grad.Compile(x => Square(1 - x[0]) + 100 * Square(x[1] - Square(x[0])), 2);
/// OptimizationResult r = Lbfgs.Minimize(rosenbrock, [-1.2, 1.0]);
/// // r.X ≈ [1, 1], r.Reason == StopReason.GradientConverged
/// </code>
/// </example>
public static class Lbfgs
{
    private static readonly LbfgsOptions Defaults = new();

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
    public static OptimizationResult Minimize(IGradient f, ReadOnlySpan<double> x0, LbfgsOptions? options = null,
        IProgress<OptimizationProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        options ??= Defaults;
        OptimizationRun run = OptimizationRun.Start(f, x0, options, progress, cancellationToken);
        int n = x0.Length;
        double[] x = x0.ToArray(), g = new double[n], xTrial = new double[n], gTrial = new double[n], direction = new double[n];
        var memory = new LbfgsMemory(n, options.HistorySize);

        double value = run.Evaluate(x, g);
        double gradientNorm = SpanMath.Norm(g), startGradientNorm = gradientNorm;
        if (options.StopAtStart(value, gradientNorm) is StopReason atStart) return run.Finish(x, value, gradientNorm, atStart);

        while (true)
        {
            if (run.CancellationRequested) return run.Finish(x, value, gradientNorm, StopReason.Cancelled);
            if (run.Iterations >= options.MaxIterations) return run.Finish(x, value, gradientNorm, StopReason.IterationLimit);

            LineSearchOutcome step = SearchAlongModel(run, options, memory, x, value, g, gradientNorm, direction, xTrial, gTrial);
            if (!step.Accepted && memory.Count > 0)
            {
                // An outdated curvature model can point almost uphill: forget it and retry along −g once.
                memory.Clear();
                step = SearchAlongModel(run, options, memory, x, value, g, gradientNorm, direction, xTrial, gTrial);
            }
            if (!step.Accepted) return run.Finish(x, value, gradientNorm, step.FailureReason);

            memory.Add(x, xTrial, g, gTrial);
            (x, xTrial) = (xTrial, x);
            (g, gTrial) = (gTrial, g);
            double previous = value;
            value = step.Value;
            gradientNorm = SpanMath.Norm(g);
            run.CompleteIteration(value, gradientNorm, x);

            if (options.IsUnbounded(value)) return run.Finish(x, value, gradientNorm, StopReason.Unbounded);
            if (options.GradientIsSmall(gradientNorm)) return run.Finish(x, value, gradientNorm, StopReason.GradientConverged);
            if (options.ChangeIsSmall(previous, value, gradientNorm, startGradientNorm)) return run.Finish(x, value, gradientNorm, StopReason.RelativeChangeConverged);
        }
    }

    /// <summary>One line search along −H g, or along −g when there is no usable model.</summary>
    private static LineSearchOutcome SearchAlongModel(OptimizationRun run, LbfgsOptions options, LbfgsMemory memory,
        double[] x, double value, double[] g, double gradientNorm, double[] direction, double[] xTrial, double[] gTrial)
    {
        double slope = double.NaN;
        if (memory.Count > 0)
        {
            memory.Direction(g, direction);
            slope = SpanMath.Dot(g, direction);
        }
        // The unit step is the natural one for a quasi-Newton direction; along the gradient there is no scale
        // yet, so the first trial moves a distance of at most 1. That direction is the unit vector −g/|g|, whose
        // slope −|g| is finite for every finite gradient (|g|² overflows above ~1.3e154).
        double initialStep = 1;
        if (!(slope < 0))
        {
            memory.Clear();
            for (int i = 0; i < g.Length; i++) direction[i] = -g[i] / gradientNorm;
            slope = -gradientNorm;
            initialStep = Math.Min(1, gradientNorm);
        }
        return StrongWolfeLineSearch.Search(run, options, x, value, direction, slope, initialStep, xTrial, gTrial);
    }
}
