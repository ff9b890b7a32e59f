namespace ExprGrad.Optimization.Tests;

/// <summary>One of the optimizers on an <see cref="IGradient"/> behind a common call, so behaviour they share is tested once for all.</summary>
public sealed record Optimizer(string Name,
    Func<IGradient, double[], int, IProgress<OptimizationProgress>?, CancellationToken, OptimizationResult> Run)
{
    public OptimizationResult Minimize(IGradient f, double[] x0, int maxIterations = 100_000,
        IProgress<OptimizationProgress>? progress = null, CancellationToken cancellationToken = default)
        => Run(f, x0, maxIterations, progress, cancellationToken);

    public override string ToString() => Name;

    public static readonly Optimizer GradientDescent = new(nameof(Optimization.GradientDescent), (f, x0, max, p, c) =>
        Optimization.GradientDescent.Minimize(f, x0, new GradientDescentOptions { MaxIterations = max }, p, c));

    public static readonly Optimizer HeavyBall = new("Momentum", (f, x0, max, p, c) =>
        Optimization.Momentum.Minimize(f, x0, new MomentumOptions { MaxIterations = max, LearningRate = 0.02 }, p, c));

    public static readonly Optimizer Nesterov = new("Nesterov", (f, x0, max, p, c) =>
        Optimization.Momentum.Minimize(f, x0, new MomentumOptions { MaxIterations = max, LearningRate = 0.02, Nesterov = true }, p, c));

    public static readonly Optimizer Adam = new(nameof(Optimization.Adam), (f, x0, max, p, c) =>
        Optimization.Adam.Minimize(f, x0, new AdamOptions { MaxIterations = max, LearningRate = 0.05 }, p, c));

    public static readonly Optimizer Lbfgs = new(nameof(Optimization.Lbfgs), (f, x0, max, p, c) =>
        Optimization.Lbfgs.Minimize(f, x0, new LbfgsOptions { MaxIterations = max }, p, c));

    /// <summary>
    /// Newton-CG on the function's own Hessian-vector products when it has them (the hand-written functions),
    /// else on finite differences of its gradient.
    /// </summary>
    public static readonly Optimizer TrustRegion = new(nameof(Optimization.TrustRegion), (f, x0, max, p, c) =>
        Optimization.TrustRegion.Minimize(f as IHessian ?? (f is null ? null! : new FiniteDifferenceHessian(f)), x0,
            new TrustRegionOptions { MaxIterations = max }, p, c));

    public static TheoryData<Optimizer> All => [GradientDescent, HeavyBall, Nesterov, Adam, Lbfgs, TrustRegion];
}

/// <summary>Records every report, synchronously (unlike <see cref="Progress{T}"/>, which posts to a context).</summary>
public sealed class RecordingProgress(Action<OptimizationProgress>? onReport = null) : IProgress<OptimizationProgress>
{
    public List<OptimizationProgress> Reports { get; } = [];

    public void Report(OptimizationProgress value)
    {
        Reports.Add(value);
        onReport?.Invoke(value);
    }
}
