namespace ExprGrad.Compiler;

/// <summary>
/// The caller's view of a compile: progress reports and cancellation (<see cref="GradOptions.Progress"/>,
/// <see cref="GradOptions.CancellationToken"/>). Cancelling throws between units, before anything is returned, so
/// a cancelled compile leaves nothing behind: a compile keeps no state outside the <see cref="CompiledGradient"/> it returns.
/// </summary>
internal sealed class CompileMonitor(IProgress<CompileProgress>? progress, CancellationToken cancellationToken)
{
    private int done;

    /// <summary>No reports, no cancellation (compiles the user did not start, e.g. the value-only kernel on a first call).</summary>
    public static CompileMonitor None { get; } = new(null, CancellationToken.None);

    public CancellationToken CancellationToken => cancellationToken;

    public static CompileMonitor For(GradOptions options) => options.Progress is null && !options.CancellationToken.CanBeCanceled
        ? None
        : new CompileMonitor(options.Progress, options.CancellationToken);

    /// <summary>Checks for cancellation and reports the start of <paramref name="stage"/>.</summary>
    public void Start(CompileStage stage, int total = 1)
    {
        cancellationToken.ThrowIfCancellationRequested();
        Volatile.Write(ref done, 0);
        progress?.Report(new CompileProgress(stage, 0, total));
    }

    /// <summary>
    /// One more work item of <paramref name="stage"/> done (thread-safe). Does not throw: inside <c>Parallel.For</c> a
    /// cancellation is the loop's own (<see cref="ParallelOptions.CancellationToken"/>), unwrapped.
    /// </summary>
    public void Step(CompileStage stage, int total)
        => progress?.Report(new CompileProgress(stage, Interlocked.Increment(ref done), total));

    /// <summary>Throws <see cref="OperationCanceledException"/> if the compile was cancelled.</summary>
    public void ThrowIfCancelled() => cancellationToken.ThrowIfCancellationRequested();

    /// <summary>Reports the end of a step of one work item.</summary>
    public void End(CompileStage stage) => progress?.Report(new CompileProgress(stage, 1, 1));
}
