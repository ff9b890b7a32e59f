namespace ExprGrad.Optimization;

/// <summary>
/// The bookkeeping every optimizer loop shares: argument checks, counting evaluations and iterations,
/// progress reports, cancellation and the result. Created once per call; nothing here allocates per iteration.
/// </summary>
internal sealed class OptimizationRun
{
    private readonly IGradient? function;
    private readonly IProgress<OptimizationProgress>? progress;
    private readonly CancellationToken cancellationToken;

    private OptimizationRun(IGradient? function, IProgress<OptimizationProgress>? progress, CancellationToken cancellationToken)
    {
        this.function = function;
        this.progress = progress;
        this.cancellationToken = cancellationToken;
    }

    public int Evaluations { get; private set; }
    public int Iterations { get; private set; }
    public bool CancellationRequested => cancellationToken.IsCancellationRequested;

    /// <summary>Checks the arguments every optimizer takes, with messages that name the problem.</summary>
    public static OptimizationRun Start(IGradient? f, ReadOnlySpan<double> x0, OptimizerOptions options,
        IProgress<OptimizationProgress>? progress, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(f);
        CheckStart(x0, f.Dimension, "the function has");
        options.Validate(f.Dimension);
        return new OptimizationRun(f, progress, cancellationToken);
    }

    /// <summary>The same checks for a least-squares run on residuals; evaluations are counted by <see cref="CountEvaluation"/>.</summary>
    public static OptimizationRun Start(IJacobian? residuals, ReadOnlySpan<double> x0, LevenbergMarquardtOptions options,
        IProgress<OptimizationProgress>? progress, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(residuals);
        CheckStart(x0, residuals.Dimension, "the residuals have");
        if (residuals.Outputs < 0)
            throw new ArgumentException($"The residuals report {residuals.Outputs} outputs; Outputs must be at least 0.", nameof(residuals));
        options.Validate();
        return new OptimizationRun(null, progress, cancellationToken);
    }

    private static void CheckStart(ReadOnlySpan<double> x0, int dimension, string owner)
    {
        if (x0.Length != dimension)
            throw new ArgumentException(
                $"x0 has length {x0.Length} but {owner} Dimension {dimension}; they must be equal.", nameof(x0));
        for (int i = 0; i < x0.Length; i++)
            if (!double.IsFinite(x0[i]))
                throw new ArgumentException($"x0[{i}] is {x0[i]}; every entry of the start point must be finite.", nameof(x0));
    }

    /// <summary>f(x) with its gradient, counted.</summary>
    public double Evaluate(ReadOnlySpan<double> x, Span<double> gradient)
    {
        Evaluations++;
        return function!.ValueAndGradient(x, gradient);
    }

    /// <summary>Counts one evaluation made by the optimizer itself (residuals, Hessian-vector products).</summary>
    public void CountEvaluation() => Evaluations++;

    /// <summary>Counts a completed iteration and reports it, with a read-only view of the optimizer's current point.</summary>
    public void CompleteIteration(double value, double gradientNorm, double[] point)
    {
        Iterations++;
        progress?.Report(new OptimizationProgress(Iterations, value, gradientNorm, point));
    }

    public OptimizationResult Finish(ReadOnlySpan<double> x, double value, double gradientNorm, StopReason reason) =>
        new(x.ToArray(), value, gradientNorm, Iterations, Evaluations, reason);
}
