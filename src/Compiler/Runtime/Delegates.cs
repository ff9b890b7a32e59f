namespace ExprGrad.Compiler;

/// <summary>
/// Iterations [<paramref name="start"/>, <paramref name="end"/>) of a loop: inputs and data from <paramref name="w"/>, everything it computes in
/// <paramref name="p"/>.
/// </summary>
internal delegate void LoopRunner(double[] w, double[] p, int start, int end);

/// <summary>One chunk of iteration <paramref name="i"/> of a split loop body.</summary>
internal delegate void LoopChunk(double[] w, double[] p, int i);

/// <summary>A small program's value and gradient, reading and writing the caller's spans.</summary>
internal delegate double SpanKernel(ReadOnlySpan<double> x, ReadOnlySpan<double> data, Span<double> gradient);

/// <summary>A small program without data: <see cref="SpanKernel"/> without the (empty) data span, one argument less on the hot path.</summary>
internal delegate double SpanKernelWithoutData(ReadOnlySpan<double> x, Span<double> gradient);
