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
/// still at that iteration; <see cref="Iteration"/>, <see cref="Value"/> and <see cref="GradientNorm"/> are
/// copies and stay valid, <see cref="Point"/> does not (it may even be read while the optimizer writes it).</item>
/// </list>
/// </remarks>
/// <param name="Iteration">Iterations completed so far (1 for the first report).</param>
/// <param name="Value">f at the current point (for a minibatch gradient: that call's batch loss).</param>
/// <param name="GradientNorm">Euclidean norm of the gradient at the current point.</param>
/// <param name="Point">
/// The current point: a read-only view of the optimizer's own array, so reporting allocates nothing. Valid only
/// while <see cref="IProgress{T}.Report"/> runs: the optimizer overwrites the array after the call returns. Read
/// it there (e.g. to evaluate a validation loss) or copy it with <c>Point.ToArray()</c>; do not read it from a
/// <see cref="Progress{T}"/> handler, which runs later. Empty in reports built by hand.
/// </param>
public readonly record struct OptimizationProgress(int Iteration, double Value, double GradientNorm, ReadOnlyMemory<double> Point = default);
