namespace ExprGrad.Optimization;

/// <summary>
/// Gradient descent with momentum, heavy-ball or Nesterov, at a fixed learning rate. In the form used by
/// most deep-learning libraries: v ← μ v + g, then x ← x − η v (heavy ball) or x ← x − η (g + μ v)
/// (Nesterov), so the gradient is always taken at the point whose value is reported.
/// </summary>
public static class Momentum
{
    private static readonly MomentumOptions Defaults = new();

    /// <summary>Minimizes <paramref name="f"/> from <paramref name="x0"/>.</summary>
    /// <param name="f">The function and its gradient.</param>
    /// <param name="x0">The start point; its length must equal <see cref="IGradient.Dimension"/>.</param>
    /// <param name="options">Settings; null for the defaults.</param>
    /// <param name="progress">
    /// Told after every iteration, by a call made on this thread before the next step; an
    /// <see cref="IProgress{T}"/> such as <see cref="Progress{T}"/> may run its handler later, elsewhere (see
    /// <see cref="OptimizationProgress"/>).
    /// </param>
    /// <param name="cancellationToken">Stops the run at the next iteration; the result is the lowest point evaluated so far
    /// (with <c>ReturnLastIterate</c>, the last).</param>
    /// <returns>
    /// The converged point, or, when stopped for any other reason, the lowest point evaluated (with
    /// <c>ReturnLastIterate</c>: the last one; after a non-finite value: the last finite one); never throws for a
    /// bad function value.
    /// </returns>
    /// <exception cref="ArgumentException">f is null, x0 has the wrong length or a non-finite entry, or an option is out of range.</exception>
    public static OptimizationResult Minimize(IGradient f, ReadOnlySpan<double> x0, MomentumOptions? options = null,
        IProgress<OptimizationProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        options ??= Defaults;
        OptimizationRun run = OptimizationRun.Start(f, x0, options, progress, cancellationToken);
        int n = x0.Length;
        double[] x = x0.ToArray(), g = new double[n], velocity = new double[n];
        var best = new ReturnedPoint(n, options.ReturnLastIterate);
        double rate = options.LearningRate, mu = options.Momentum, previous = double.NaN, startGradientNorm = double.NaN;
        bool stepped = false;

        while (true)
        {
            double value = run.Evaluate(x, g);
            double gradientNorm = SpanMath.Norm(g);
            bool unbounded = options.IsUnbounded(value);
            if (!unbounded && (!double.IsFinite(value) || !double.IsFinite(gradientNorm)))
                return best.Exists ? run.Finish(best.X, best.Value, best.GradientNorm, StopReason.NonFiniteValue)
                                   : run.Finish(x, value, gradientNorm, StopReason.NonFiniteValue);
            best.Offer(x, value, gradientNorm);
            if (stepped) run.CompleteIteration(value, gradientNorm, x);
            else startGradientNorm = gradientNorm;
            if (unbounded) return run.Finish(x, value, gradientNorm, StopReason.Unbounded);

            if (options.GradientIsSmall(gradientNorm)) return run.Finish(x, value, gradientNorm, StopReason.GradientConverged);
            if (stepped && options.ChangeIsSmall(previous, value, gradientNorm, startGradientNorm)) return run.Finish(x, value, gradientNorm, StopReason.RelativeChangeConverged);
            if (run.CancellationRequested) return run.Finish(best.X, best.Value, best.GradientNorm, StopReason.Cancelled);
            if (run.Iterations >= options.MaxIterations) return run.Finish(best.X, best.Value, best.GradientNorm, StopReason.IterationLimit);

            for (int i = 0; i < n; i++)
            {
                velocity[i] = mu * velocity[i] + g[i];
                x[i] -= rate * (options.Nesterov ? g[i] + mu * velocity[i] : velocity[i]);
            }
            previous = value;
            stepped = true;
        }
    }
}
