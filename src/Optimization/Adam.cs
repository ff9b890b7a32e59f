namespace ExprGrad.Optimization;

/// <summary>
/// Adam (Kingma and Ba, 2015): per-coordinate steps scaled by running estimates of the gradient's mean and
/// uncentred variance, with bias correction. Robust to badly scaled coordinates; converges only to the
/// accuracy the learning rate allows, so expect a looser final gradient than <see cref="Lbfgs"/>.
/// </summary>
public static class Adam
{
    private static readonly AdamOptions Defaults = new();

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
    public static OptimizationResult Minimize(IGradient f, ReadOnlySpan<double> x0, AdamOptions? options = null,
        IProgress<OptimizationProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        options ??= Defaults;
        OptimizationRun run = OptimizationRun.Start(f, x0, options, progress, cancellationToken);
        int n = x0.Length;
        double[] x = x0.ToArray(), g = new double[n], mean = new double[n], rootMeanSquare = new double[n];
        var best = new ReturnedPoint(n, options.ReturnLastIterate);
        double beta1 = options.Beta1, beta2 = options.Beta2, beta1Power = 1, beta2Power = 1, previous = double.NaN, startGradientNorm = double.NaN;
        // The second moment v = β₂ v + (1 − β₂) g² is kept as its root √v = hypot(√β₂ √v, √(1 − β₂) g): the same
        // quantity, but finite for every finite gradient (g² overflows above ~1.3e154, which would freeze the step at 0).
        double rootBeta2 = Math.Sqrt(beta2), rootOneMinusBeta2 = Math.Sqrt(1 - beta2);
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

            beta1Power *= beta1;
            beta2Power *= beta2;
            // Bias corrections folded into the step and into ε (Kingma and Ba, end of section 2): exactly the
            // textbook x −= α m̂ / (√v̂ + ε), with two multiplications per step instead of two per coordinate.
            double step = options.LearningRate * Math.Sqrt(1 - beta2Power) / (1 - beta1Power);
            double epsilon = options.Epsilon * Math.Sqrt(1 - beta2Power);
            for (int i = 0; i < n; i++)
            {
                mean[i] = beta1 * mean[i] + (1 - beta1) * g[i];
                rootMeanSquare[i] = double.Hypot(rootBeta2 * rootMeanSquare[i], rootOneMinusBeta2 * g[i]);
                x[i] -= step * mean[i] / (rootMeanSquare[i] + epsilon);
            }
            previous = value;
            stepped = true;
        }
    }
}
