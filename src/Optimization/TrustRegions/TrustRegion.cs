namespace ExprGrad.Optimization;

/// <summary>
/// Newton's method in a trust region, with the Newton system solved inexactly by Steihaug's conjugate gradients
/// on Hessian-vector products (Nocedal and Wright, <i>Numerical Optimization</i>, 2nd ed., algorithms 4.1 and
/// 7.2: "Newton-CG trust region"). Never forms the Hessian; handles indefinite Hessians by stepping to the
/// boundary along negative curvature; converges quadratically near a minimiser where the Hessian is positive
/// definite.
/// </summary>
/// <example>
/// <code>
/// IHessian h = ...;   // e.g. a CompiledHessian, or your own IHessian
/// OptimizationResult r = TrustRegion.Minimize(h, [-1.2, 1.0]);
/// </code>
/// </example>
public static class TrustRegion
{
    private static readonly TrustRegionOptions Defaults = new();

    // A step is accepted when f decreases by at least this share of the model's predicted decrease (η in
    // algorithm 4.1); small, so any real progress counts. The radius shrinks below a ratio of ¼ and grows above ¾.
    private const double AcceptanceRatio = 1e-4;

    /// <summary>Minimizes <paramref name="f"/> from <paramref name="x0"/>.</summary>
    /// <param name="f">The function, its gradient and Hessian-vector products (the dense Hessian is not used).</param>
    /// <param name="x0">The start point; its length must equal <see cref="IGradient.Dimension"/>.</param>
    /// <param name="options">Settings; null for the defaults.</param>
    /// <param name="progress">
    /// Told after every accepted step, by a call made on this thread before the next step; an
    /// <see cref="IProgress{T}"/> such as <see cref="Progress{T}"/> may run its handler later, elsewhere (see
    /// <see cref="OptimizationProgress"/>).
    /// </param>
    /// <param name="cancellationToken">Stops the run before the next step; the result is the point reached so far
    /// (the lowest, since only steps that decrease f are accepted).</param>
    /// <returns>
    /// The point reached and why the run stopped; never throws for a bad function value.
    /// <see cref="OptimizationResult.Evaluations"/> counts <see cref="IGradient.ValueAndGradient"/> and
    /// <see cref="IHessian.HessianVectorProduct"/> calls. Stops with the tests of <see cref="OptimizerOptions"/>,
    /// with <see cref="StopReason.NonFiniteValue"/> when a Hessian-vector product at the current point is NaN or
    /// infinite (or the radius collapses on non-finite trials), and with <see cref="StopReason.NoProgress"/> when the
    /// radius shrinks below the rounding level of x.
    /// </returns>
    /// <exception cref="ArgumentException">f is null, x0 has the wrong length or a non-finite entry, or an option is out of range.</exception>
    public static OptimizationResult Minimize(IHessian f, ReadOnlySpan<double> x0, TrustRegionOptions? options = null,
        IProgress<OptimizationProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        options ??= Defaults;
        OptimizationRun run = OptimizationRun.Start(f, x0, options, progress, cancellationToken);
        int n = x0.Length, maxInner = options.MaxConjugateGradientIterations ?? Math.Max(n, 1);
        double[] x = x0.ToArray(), g = new double[n], xTrial = new double[n], gTrial = new double[n];
        var cg = new SteihaugConjugateGradient(n);

        double value = run.Evaluate(x, g);
        double gradientNorm = SpanMath.Norm(g), startGradientNorm = gradientNorm;
        if (options.StopAtStart(value, gradientNorm) is StopReason atStart) return run.Finish(x, value, gradientNorm, atStart);
        double radius = options.InitialRadius;

        while (true)
        {
            if (run.CancellationRequested) return run.Finish(x, value, gradientNorm, StopReason.Cancelled);
            if (run.Iterations >= options.MaxIterations) return run.Finish(x, value, gradientNorm, StopReason.IterationLimit);

            if (!cg.Solve(f, run, x, g, gradientNorm, radius, maxInner)) return run.Finish(x, value, gradientNorm, StopReason.NonFiniteValue);
            double[] step = cg.Step;
            double predicted = -(SpanMath.Dot(g, step) + 0.5 * SpanMath.Dot(step, cg.HessianTimesStep));
            double stepNorm = SpanMath.Norm(step);
            SpanMath.AddScaled(x, 1, step, xTrial);
            double trialValue = run.Evaluate(xTrial, gTrial);
            bool trialFinite = double.IsFinite(trialValue) && SpanMath.AllFinite(gTrial);
            // Both reductions carry rounding errors of order ε|f|; near a minimiser they are nothing else, and their
            // ratio is noise that would shrink the radius to nothing. The safeguard δ (Conn, Gould and Toint,
            // Trust-Region Methods, §17.4.2) makes such a ratio 1 while leaving real reductions unchanged.
            double roundoff = 10 * SpanMath.MachineEpsilon * Math.Max(1, Math.Abs(value));
            double ratio = trialFinite && predicted > 0 ? (value - trialValue + roundoff) / (predicted + roundoff) : double.NegativeInfinity;

            if (ratio < 0.25) radius = 0.25 * stepNorm;
            else if (ratio > 0.75 && cg.OnBoundary) radius = Math.Min(2 * radius, double.MaxValue);

            if (ratio > AcceptanceRatio)
            {
                (x, xTrial) = (xTrial, x);
                (g, gTrial) = (gTrial, g);
                double previous = value;
                value = trialValue;
                gradientNorm = SpanMath.Norm(g);
                run.CompleteIteration(value, gradientNorm, x);

                if (options.IsUnbounded(value)) return run.Finish(x, value, gradientNorm, StopReason.Unbounded);
                if (options.GradientIsSmall(gradientNorm)) return run.Finish(x, value, gradientNorm, StopReason.GradientConverged);
                if (options.ChangeIsSmall(previous, value, gradientNorm, startGradientNorm))
                    return run.Finish(x, value, gradientNorm, StopReason.RelativeChangeConverged);
            }
            else if (radius <= SpanMath.MachineEpsilon * SpanMath.Norm(x) || radius < SpanMath.SmallestNormal)
            {
                return run.Finish(x, value, gradientNorm, trialFinite ? StopReason.NoProgress : StopReason.NonFiniteValue);
            }
        }
    }
}
