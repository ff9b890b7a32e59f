using ExprGrad.Compiler;
using ExprGrad.Ops;

namespace ExprGrad;

/// <summary>
/// The value and gradient of a function, compiled once into a single fused forward-plus-reverse delegate
/// by <see cref="Grad.Compile(Func{Vec, Scalar}, int, GradOptions?)"/>. Calls allocate nothing and share no
/// mutable state: one instance is safe to use from any number of threads at once.
/// </summary>
/// <remarks>
/// A function compiled with data (<see cref="Grad.Compile(Func{Vec, Vec, Scalar}, int, int, GradOptions?)"/>)
/// takes its data at every call (<see cref="ValueAndGradient(ReadOnlySpan{double}, ReadOnlySpan{double}, Span{double})"/>),
/// or once through <see cref="Bind(ReadOnlySpan{double})"/>; the data is not differentiated. A function that branches on its values (a plain
/// <c>if</c> on a <see cref="Condition"/>) is compiled one path at a time, each checking its decisions at every call
/// (<see cref="PathCount"/>, <see cref="FallbackCount"/>).
/// </remarks>
public sealed class CompiledGradient : IGradient
{
    private readonly SpanKernelWithoutData? spanKernel; // small programs: the whole call is one delegate over the caller's spans
    private readonly SpanKernelWithoutData? storingKernel; // one whose loop stores every gradient entry while it still reads x
    private readonly CompiledProgram? program; // a function without branches
    private readonly PathCache? paths;         // a function with branches: its paths, compiled as calls need them

    internal CompiledGradient(CompiledProgram program, int dimension, int dataLength)
    {
        Dimension = dimension;
        DataLength = dataLength;
        this.program = program;
        // Not while interpreted: a program interpreted while compiling is large, never a span kernel.
        if (program.Kernel is not { } kernel) return;
        spanKernel = kernel.AccumulatesGradient ? null : kernel.SpanWithoutData;
        // A kernel whose loop stores every gradient entry needs nothing zeroed: called directly unless x and the gradient overlap.
        storingKernel = kernel.AccumulatesGradient && kernel.StoredGradient == (0, dimension) ? kernel.SpanWithoutData : null;
    }

    internal CompiledGradient(PathCache paths, int dimension, int dataLength)
    {
        Dimension = dimension;
        DataLength = dataLength;
        this.paths = paths;
    }

    /// <inheritdoc/>
    public int Dimension { get; }

    /// <summary>Length of the data span every call takes (0 for functions without data; several data vectors: their lengths added).</summary>
    public int DataLength { get; }

    /// <summary>The length of each data vector of the function, in the order they are held in the data span.</summary>
    internal int[] DataVectorLengths { get; set; } = [];

    /// <summary>
    /// Nodes of the traced forward graph after simplification (hash-consing, folding) and loop recovery; a loop counts
    /// once. For a function with branches: of the first path compiled (0 before any).
    /// </summary>
    public int NodeCount => Described?.Traced.Graph.Count ?? 0;

    /// <summary>
    /// Statements of the generated value-and-gradient code (forward and adjoint nodes after CSE; a loop body counts once).
    /// For a function with branches: of the first path compiled (0 before any). With <see cref="GradOptions.InterpretWhileCompiling"/>,
    /// waits until the code is generated (in the background, before it is compiled), as <see cref="ToCSharpString"/> does.
    /// </summary>
    public int StatementCount => Described?.Code().StatementCount ?? 0;

    /// <summary>
    /// Which compiler produced the delegate: "FastExpressionCompiler" or "System.Linq.Expressions" (with the reason for a fallback).
    /// For a function with branches: the first path's ("none yet" before any).
    /// </summary>
    public string Backend => Described?.Backend ?? "none yet (no path compiled)";

    /// <summary>
    /// Completes when calls run compiled code: at once, unless <see cref="GradOptions.InterpretWhileCompiling"/> returned this
    /// gradient interpreted while a background task compiles it; then it completes when the compiled code takes over, or
    /// ends faulted or cancelled when that compile failed or was cancelled (the calls stay interpreted, with the same results).
    /// </summary>
    public Task WhenCompiled => program?.WhenCompiled ?? Task.CompletedTask;

    /// <summary>
    /// Code paths compiled so far: 1 for a function without branches; for one with branches, one per set of decisions met
    /// by the calls so far, at most <see cref="GradOptions.MaxPaths"/>.
    /// </summary>
    public int PathCount => paths?.Paths.Count ?? 1;

    /// <summary>Calls answered by tape mode because <see cref="GradOptions.MaxPaths"/> paths were compiled already (0 without branches).</summary>
    public long FallbackCount => paths?.FallbackCount ?? 0;

    // What NodeCount, StatementCount and Backend describe: the program, or the first path compiled. (An interpreted program
    // generates its code in the background: only StatementCount waits for it.)
    private (Tracer.Traced Traced, Func<GeneratedCode> Code, string Backend)? Described
        => program is { } p ? (p.Traced, () => p.Code, p.Backend)
            : paths!.Paths is [var first, ..] ? (first.Traced, () => first.Code, first.Kernel.Backend) : null;

    /// <inheritdoc/>
    /// <exception cref="InvalidOperationException">The function takes data: pass it, or <see cref="Bind(ReadOnlySpan{double})"/> it first.</exception>
    public double Value(ReadOnlySpan<double> x)
    {
        if (x.Length != Dimension || DataLength != 0) ThrowBadCall(x.Length, Dimension);
        return ValueCore(x, default);
    }

    /// <inheritdoc/>
    /// <exception cref="InvalidOperationException">The function takes data: pass it, or <see cref="Bind(ReadOnlySpan{double})"/> it first.</exception>
    public double ValueAndGradient(ReadOnlySpan<double> x, Span<double> gradient)
    {
        // The hot path of small functions: one comparison per argument, then the kernel (the checks'
        // messages are built in a method of their own, so this one stays small enough to inline).
        if (x.Length != Dimension || gradient.Length != Dimension || DataLength != 0) ThrowBadCall(x.Length, gradient.Length);
        if (spanKernel is { } kernel) return kernel(x, gradient);
        return storingKernel is { } storing && !x.Overlaps(gradient) ? storing(x, gradient) : Run(x, default, gradient);
    }

    private double Run(ReadOnlySpan<double> x, ReadOnlySpan<double> data, Span<double> gradient)
        => program is not null ? program.Run(x, data, gradient) : paths!.ValueAndGradient(x, data, gradient);

    [System.Diagnostics.CodeAnalysis.DoesNotReturn]
    private void ThrowBadCall(int xLength, int gradientLength)
    {
        Arguments.CheckLength(xLength, Dimension, "x");
        Arguments.CheckLength(gradientLength, Dimension, "gradient");
        NoData();
        throw new InvalidOperationException("unreachable");
    }

    /// <summary>Evaluates f(x, data).</summary>
    /// <exception cref="ArgumentException">A span does not have the length this function was compiled for.</exception>
    public double Value(ReadOnlySpan<double> x, ReadOnlySpan<double> data)
    {
        Arguments.CheckLength(x.Length, Dimension, nameof(x));
        Arguments.CheckDataLength(data.Length, DataLength);
        return ValueCore(x, data);
    }

    private double ValueCore(ReadOnlySpan<double> x, ReadOnlySpan<double> data)
        => program is not null ? program.Value(x, data) : paths!.Value(x, data);

    /// <summary>Evaluates f(x, data) and writes its gradient with respect to x into <paramref name="gradient"/>.</summary>
    /// <returns>f(x, data).</returns>
    /// <exception cref="ArgumentException">A span does not have the length this function was compiled for.</exception>
    public double ValueAndGradient(ReadOnlySpan<double> x, ReadOnlySpan<double> data, Span<double> gradient)
    {
        Arguments.CheckLength(x.Length, Dimension, nameof(x));
        Arguments.CheckLength(gradient.Length, Dimension, nameof(gradient));
        Arguments.CheckDataLength(data.Length, DataLength);
        return Run(x, data, gradient);
    }

    /// <summary>This function with its data fixed (copied now), as an <see cref="IGradient"/> for optimizers.</summary>
    /// <exception cref="ArgumentException"><paramref name="data"/> does not have length <see cref="DataLength"/>.</exception>
    public IGradient Bind(ReadOnlySpan<double> data)
    {
        Arguments.CheckDataLength(data.Length, DataLength);
        return new BoundGradient(this, data.ToArray());
    }

    /// <summary>
    /// The generated value-and-gradient code as C#, with deterministic names (<c>v7</c> is node 7, <c>v7_bar</c> its adjoint);
    /// for a function with branches, each path compiled so far, headed by its guards.
    /// </summary>
    /// <remarks>Large programs give large texts (24 MB for 320,000 statements): <see cref="ToCSharpSummary"/> describes them.</remarks>
    public string ToCSharpString() => program?.Code.ToCSharpString() ?? paths!.Describe(path => path.Code.ToCSharpString());

    /// <summary>
    /// The generated code in numbers, cheap at any size: statements in all, per unit and per loop (how each loop runs:
    /// inline, as a delegate, in parallel blocks, its body in chunks), then the first <paramref name="lines"/> lines of
    /// the first unit's C# (<see cref="ToCSharpString"/> writes all of it); for a function with branches, each path compiled
    /// so far, headed by its guards.
    /// </summary>
    /// <param name="lines">How many lines of code to show (0: none).</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="lines"/> is negative.</exception>
    public string ToCSharpSummary(int lines = 40)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(lines);
        return program is not null ? CodeSummary.Write(program.Code, lines) : paths!.Describe(path => CodeSummary.Write(path.Code, lines));
    }

    /// <summary>
    /// The value-and-gradient program as a Graphviz DOT picture: forward nodes, adjoint nodes (<c>v7_bar</c>) and the
    /// outputs told apart by colour, each loop a box holding its body. Past 300 nodes loops are drawn as one box each,
    /// then only the nodes computed last before the outputs, and the picture says so. For a function with branches: of the
    /// first path compiled.
    /// </summary>
    /// <exception cref="InvalidOperationException">The function branches and no path of it is compiled yet.</exception>
    public string ToDot()
    {
        var (traced, options) = program is not null ? (program.Traced, program.Options)
            : paths!.Paths is [var first, ..] ? (first.Traced, first.Options)
            : throw new InvalidOperationException(
                "No path of this function is compiled yet: call it at a point (or compile it with an example point) first.");
        return Pipeline.Program(traced, options).Picture(traced.Graph.Count).ToDot();
    }

    private ReadOnlySpan<double> NoData()
    {
        if (DataLength != 0)
            throw new InvalidOperationException(
                $"This function takes {DataLength} data values: call ValueAndGradient(x, data, gradient) / Value(x, data), " +
                "or Bind(data) to get an IGradient.");
        return default;
    }

    /// <summary>
    /// This function with its data vectors fixed (copied now), from one array per vector, e.g. <c>Bind(t, y)</c> for a
    /// function compiled as <c>(Vec b, Vec t, Vec y) =&gt; ...</c>; an <see cref="IGradient"/> for optimizers.
    /// </summary>
    /// <exception cref="ArgumentException">The number of arrays or an array's length is not what the function was compiled for.</exception>
    public IGradient Bind(params double[][] data)
    {
        ArgumentNullException.ThrowIfNull(data);
        int[] lengths = DataVectorLengths.Length > 0 || DataLength == 0 ? DataVectorLengths : [DataLength];
        string expected = $"{lengths.Length} data vector{(lengths.Length == 1 ? "" : "s")} (lengths {string.Join(", ", lengths)})";
        if (data.Length != lengths.Length)
            throw new ArgumentException($"Bind got {data.Length} arrays, but this function takes {expected}: pass one array per data vector, in order.", nameof(data));
        var all = new double[DataLength];
        for (int k = 0, start = 0; k < data.Length; start += lengths[k++])
        {
            if (data[k] is not { } vector) throw new ArgumentNullException(nameof(data), $"Data vector {k + 1} (array {k} passed to Bind) is null.");
            if (vector.Length != lengths[k])
                throw new ArgumentException($"Data vector {k + 1} has length {vector.Length}, but this function takes {expected}.", nameof(data));
            vector.CopyTo(all, start);
        }
        return new BoundGradient(this, all);
    }

    /// <summary>A compiled function with its data fixed.</summary>
    private sealed class BoundGradient(CompiledGradient function, double[] data) : IGradient
    {
        public int Dimension => function.Dimension;
        public double Value(ReadOnlySpan<double> x) => function.Value(x, data);
        public double ValueAndGradient(ReadOnlySpan<double> x, Span<double> gradient) => function.ValueAndGradient(x, data, gradient);
    }
}
