namespace ExprGrad.Optimization;

/// <summary>
/// One iteration's report to an <see cref="IProgress{T}"/>. A struct, so reporting allocates nothing
/// (unless the <see cref="IProgress{T}"/> implementation itself does, as <see cref="Progress{T}"/> does).
/// </summary>
/// <param name="Iteration">Iterations completed so far (1 for the first report).</param>
/// <param name="Value">f at the current point.</param>
/// <param name="GradientNorm">Euclidean norm of the gradient at the current point.</param>
public readonly record struct OptimizationProgress(int Iteration, double Value, double GradientNorm);
