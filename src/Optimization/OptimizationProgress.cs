namespace ExprGrad.Optimization;

/// <summary>
/// One iteration's report to an <see cref="IProgress{T}"/>. A struct, so reporting allocates nothing
/// (unless the <see cref="IProgress{T}"/> implementation itself does, as <see cref="Progress{T}"/> does).
/// </summary>
/// <remarks>
/// <para>
/// The optimizer calls <see cref="IProgress{T}.Report"/> on its own thread after each iteration and waits
/// for that call to return before the next step. What happens inside the call is up to the implementation:
/// </para>
/// <list type="bullet">
/// <item>A class of your own implementing <see cref="IProgress{T}"/> runs synchronously: when
/// <c>Report</c> runs, the optimizer is at that iteration, and cancelling a token there stops the run at the
/// next iteration.</item>
/// <item><see cref="Progress{T}"/> posts each report to the <see cref="SynchronizationContext"/> captured
/// when it was created, or to the thread pool when there is none (console apps, tests), and returns at
/// once. Its handler runs later, asynchronously, possibly on another thread and in another order: by then
/// the optimizer may be many iterations further on or have returned. A handler must not assume the run is
/// still at that iteration; the values in the report are copies and stay valid.</item>
/// </list>
/// </remarks>
/// <param name="Iteration">Iterations completed so far (1 for the first report).</param>
/// <param name="Value">f at the current point.</param>
/// <param name="GradientNorm">Euclidean norm of the gradient at the current point.</param>
public readonly record struct OptimizationProgress(int Iteration, double Value, double GradientNorm);
