using System.Linq.Expressions;
using ExprGrad.Compiler;
using ExprGrad.Ops;
using ExprGrad.Tracer;

namespace ExprGrad;

/// <summary>
/// The entry point: gradients of <c>Func&lt;Vec, Scalar&gt;</c> functions, compiled
/// (<see cref="Compile(Func{Vec, Scalar}, int, GradOptions?)"/>), by tape-based reverse mode
/// (<see cref="Tape(Func{Vec, Scalar}, int, GradOptions?)"/>) or by forward mode (<see cref="Forward(Func{Vec, Scalar}, int)"/>);
/// quoted C# expressions over doubles compile with
/// <see cref="CompileExpression(Expression{Func{double[], double}}, int, GradOptions?)"/>.
/// </summary>
public static partial class Grad
{
    /// <summary>
    /// Traces <paramref name="function"/> once and compiles value and gradient into one fused delegate.
    /// The function runs here, on symbolic values. If it branches on them (an <c>if</c>, <c>?:</c>, <c>&amp;&amp;</c>,
    /// <c>||</c> or loop condition on a <see cref="Condition"/>), nothing is compiled yet: each call compiles the path its
    /// point takes, the first time a point takes it, and every call checks the path's decisions (see
    /// <see cref="GradOptions.MaxPaths"/>; <see cref="Compile(Func{Vec, Scalar}, int, ReadOnlySpan{double}, GradOptions?)"/>
    /// compiles the first path now). The body computes with <see cref="Scalar"/>s (<c>Scalar.Max(x[0], 0)</c>, not
    /// <c>Math.Max</c>, which does not take them: that is a compile-time error of the caller's code); a C# expression over
    /// doubles compiles with <see cref="CompileExpression(Expression{Func{double[], double}}, int, GradOptions?)"/>.
    /// </summary>
    /// <exception cref="ArgumentNullException"><paramref name="function"/> is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="dimension"/> is less than 1, or too large for any workspace array.</exception>
    /// <exception cref="InvalidOperationException">The function branches inside a Scalar.Sum body or misuses a Scalar.</exception>
    public static CompiledGradient Compile(Func<Vec, Scalar> function, int dimension, GradOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(function);
        return Compile((x, _) => function(x), dimension, 0, options);
    }

    /// <summary>
    /// <see cref="Compile(Func{Vec, Scalar}, int, GradOptions?)"/>, tracing the function at <paramref name="examplePoint"/>: a
    /// function that branches on its values gets the path of that point compiled now (its compile time and errors, and the
    /// function's own exceptions at that point, surface here); other paths compile when a call needs them. A function
    /// without branches compiles exactly as without the point.
    /// </summary>
    /// <exception cref="ArgumentException"><paramref name="examplePoint"/> does not have length <paramref name="dimension"/>.</exception>
    /// <exception cref="InvalidOperationException">The function branches inside a Scalar.Sum body, misuses a Scalar, or takes
    /// two different paths when traced twice at the point (it reads a random number or other state).</exception>
    public static CompiledGradient Compile(Func<Vec, Scalar> function, int dimension, ReadOnlySpan<double> examplePoint, GradOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(function);
        return Compile((x, _) => function(x), dimension, 0, examplePoint, [], options);
    }

    /// <summary>
    /// Traces a function of inputs and data once and compiles value and gradient (with respect to the inputs
    /// only) into one delegate; the data is passed at every call
    /// (<see cref="CompiledGradient.ValueAndGradient(ReadOnlySpan{double}, ReadOnlySpan{double}, Span{double})"/>)
    /// or bound once (<see cref="CompiledGradient.Bind(ReadOnlySpan{double})"/>), so new data never needs a recompile.
    /// </summary>
    /// <example><code>
    /// var g = Grad.Compile((Vec w, Vec data) =&gt; Scalar.Sum(n, i =&gt; Scalar.Square(w[0] * data[2 * i] + w[1] - data[2 * i + 1])),
    ///     dimension: 2, dataLength: 2 * n);
    /// double loss = g.ValueAndGradient(w, data, gradient);
    /// </code></example>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="dimension"/> is less than 1 or <paramref name="dataLength"/> is
    /// negative.</exception>
    public static CompiledGradient Compile(Func<Vec, Vec, Scalar> function, int dimension, int dataLength, GradOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(function);
        Arguments.CheckCompiledSize(dimension, dataLength);
        // 1. Trace: run the function once on symbolic inputs and data. A branch on them ends the trace (null): the function
        //    has paths, each traced and compiled the first time a call's point takes it.
        return Build(() => FunctionTracer.TryTrace(function, dimension, dataLength), dimension, dataLength, options, OfVectors(function));
    }

    /// <summary>
    /// <see cref="Compile(Func{Vec, Vec, Scalar}, int, int, GradOptions?)"/>, tracing the function at <paramref name="examplePoint"/>
    /// and <paramref name="exampleData"/>: a function that branches on its values gets the path of that point compiled now;
    /// one without branches compiles exactly as without the point.
    /// </summary>
    /// <exception cref="ArgumentException">A span does not have the length given.</exception>
    /// <exception cref="InvalidOperationException">The function branches inside a Scalar.Sum body, misuses a Scalar, or takes
    /// two different paths when traced twice at the point.</exception>
    public static CompiledGradient Compile(Func<Vec, Vec, Scalar> function, int dimension, int dataLength, ReadOnlySpan<double> examplePoint,
        ReadOnlySpan<double> exampleData, GradOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(function);
        Arguments.CheckCompiledSize(dimension, dataLength);
        Arguments.CheckLength(examplePoint.Length, dimension, nameof(examplePoint));
        if (exampleData.Length != dataLength)
            throw new ArgumentException($"The span 'exampleData' has length {exampleData.Length}, but dataLength is {dataLength}.", nameof(exampleData));
        // 1. Trace at the point: the graph of a symbolic trace, with the decisions of the path this point takes.
        double[] x = examplePoint.ToArray(), data = exampleData.ToArray();
        return Build(() => PathCache.Trace(OfVectors(function), x, data, [dataLength]), dimension, dataLength, options, OfVectors(function));
    }

    /// <summary>
    /// Compiles a quoted C# expression over an input array, e.g. <c>Grad.CompileExpression(x =&gt; x[0] * Math.Sin(x[1]), 2)</c>:
    /// arithmetic, <see cref="Math"/> calls that have an op, <c>x[i]</c>, <c>?:</c> on comparisons, conversions to
    /// double, constants and captured variables. What does not read x (captured values and arithmetic on them, an
    /// index) is read now, with C#'s semantics, and must be exactly a double (a long only up to 2^53 in magnitude).
    /// </summary>
    /// <exception cref="NotSupportedException">The expression uses something else, or a captured value that is not exactly a double; the message
    /// names it.</exception>
    /// <exception cref="ArgumentException">An index is outside the dimension, or reading a captured value throws.</exception>
    public static CompiledGradient CompileExpression(Expression<Func<double[], double>> function, int dimension, GradOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(function);
        Arguments.CheckCompiledSize(dimension, 0);
        // 1. Quote: turn the expression tree into the same kind of graph a trace builds.
        return Build(() => ExpressionQuoter.Quote(function, dimension), dimension, 0, options);
    }

    /// <summary>
    /// Compiles a quoted function of one double, e.g. <c>Grad.CompileExpression((double x) =&gt; x * Math.Sin(x))</c> (dimension 1).
    /// </summary>
    /// <exception cref="NotSupportedException">The expression uses something without a derivative; the message names it.</exception>
    public static CompiledGradient CompileExpression(Expression<Func<double, double>> function, GradOptions? options = null)
        => CompileScalars(function, options);

    /// <summary>Compiles a quoted function of two doubles, e.g. <c>Grad.CompileExpression((double x, double y) =&gt; x * Math.Sin(y))</c>.</summary>
    /// <exception cref="NotSupportedException">The expression uses something without a derivative; the message names it.</exception>
    public static CompiledGradient CompileExpression(Expression<Func<double, double, double>> function, GradOptions? options = null)
        => CompileScalars(function, options);

    /// <summary>Compiles a quoted function of three doubles.</summary>
    /// <exception cref="NotSupportedException">The expression uses something without a derivative; the message names it.</exception>
    public static CompiledGradient CompileExpression(Expression<Func<double, double, double, double>> function, GradOptions? options = null)
        => CompileScalars(function, options);

    /// <summary>Compiles a quoted function of four doubles.</summary>
    /// <exception cref="NotSupportedException">The expression uses something without a derivative; the message names it.</exception>
    public static CompiledGradient CompileExpression(Expression<Func<double, double, double, double, double>> function, GradOptions? options = null)
        => CompileScalars(function, options);

    /// <summary>Reverse mode on a tape recorded at every call (the classic baseline).</summary>
    /// <param name="function">The function; it runs at every call, so it may branch on values.</param>
    /// <param name="dimension">Number of inputs.</param>
    /// <param name="options">Only <see cref="GradOptions.NanSafe"/> applies.</param>
    public static IGradient Tape(Func<Vec, Scalar> function, int dimension, GradOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(function);
        Arguments.CheckDimension(dimension, limit: Tracer.Tape.MaxNodes,
            why: "nodes a tape can hold (one per input, three input slots each in one array)");
        return new TapeGradient(function, dimension, (options ?? GradOptions.Default).NanSafe);
    }

    /// <summary>Reverse mode on a tape for a function of inputs and fixed data (copied now; not differentiated).</summary>
    public static IGradient Tape(Func<Vec, Vec, Scalar> function, int dimension, ReadOnlySpan<double> data, GradOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(function);
        Vec constants = Constants(data);
        return Tape(x => function(x, constants), dimension, options);
    }

    /// <summary>Forward mode for a function of inputs and fixed data (copied now; not differentiated).</summary>
    public static IGradient Forward(Func<Vec, Vec, Scalar> function, int dimension, ReadOnlySpan<double> data)
    {
        ArgumentNullException.ThrowIfNull(function);
        Vec constants = Constants(data);
        return Forward(x => function(x, constants), dimension);
    }

    // The data of tape and forward mode are constants, owned by no recording: valid in every eager call, on any
    // thread (a compiled trace cannot read them through a loop index: it gathers only from its own vectors).
    private static Vec Constants(ReadOnlySpan<double> data)
    {
        var items = new Scalar[data.Length];
        for (int i = 0; i < items.Length; i++) items[i] = data[i];
        return new Vec(items, items.Length, null, 1);
    }

    /// <summary>Forward mode: one dual-number pass of the function per input direction.</summary>
    public static IGradient Forward(Func<Vec, Scalar> function, int dimension)
    {
        ArgumentNullException.ThrowIfNull(function);
        Arguments.CheckDimension(dimension);
        return new ForwardGradient(function, dimension);
    }

    /// <summary>
    /// The <paramref name="order"/>-th derivative (1 to 4) of a scalar function at <paramref name="x"/>: the
    /// function is recorded with values (so it may branch) and its graph differentiated
    /// <paramref name="order"/> times by the same op rules every mode uses.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="order"/> is not in 1..4.</exception>
    public static double Derivative(Func<Scalar, Scalar> function, double x, int order = 1)
    {
        ArgumentNullException.ThrowIfNull(function);
        if (order is < 1 or > 4)
            throw new ArgumentOutOfRangeException(nameof(order), order, "The derivative order must be 1, 2, 3 or 4.");
        var graph = new Graph([x]);
        Scalar result;
        using (Recorder.Enter(graph)) result = function(graph.Input(0));
        int node = graph.IdOfResult(result);
        using (Recorder.Enter(null)) // library code from here: a recording around this call is not this graph's
            for (int k = 0; k < order; k++) node = TangentTransform.Apply(graph, node, 0);
        graph.Seal();
        return graph.ValueOf(node);
    }

    private static CompiledGradient CompileScalars(LambdaExpression function, GradOptions? options)
    {
        ArgumentNullException.ThrowIfNull(function);
        return Build(() => ExpressionQuoter.Quote(function, function.Parameters.Count), function.Parameters.Count, 0, options);
    }

    // 1. (tracing or quoting) reported as a step of its own, then 2. to 4.: the reverse transform, code generation and
    // compilation (Pipeline).
    // 1. (the trace given) and 2. to 4. (Pipeline), reported to the options' progress. A symbolic trace that met a branch
    // (null) gives a function with paths, compiled as calls need them; a path traced at an example point is compiled now.
    // A function with branches (of data vectors with dataLengths, or one of dataLength) gets its paths compiled as calls need them.
    private static CompiledGradient Build(Func<Traced?> trace, int dimension, int dataLength, GradOptions? options,
        Func<Vec, Vec[], Scalar>? function = null, int[]? dataLengths = null)
    {
        options ??= GradOptions.Default;
        var monitor = CompileMonitor.For(options);
        monitor.Start(CompileStage.Tracing);
        Traced? traced = trace();
        monitor.End(CompileStage.Tracing);
        if (traced is not null && traced.Decisions.Count == 0) return Pipeline.Compile(traced, dimension, dataLength, options, monitor);
        CompiledPath? first = traced is null ? null : PathCache.Compile(traced, dataLength, options, monitor);
        return new CompiledGradient(new PathCache(function!, dimension, dataLengths ?? [dataLength], options, first), dimension, dataLength);
    }

    /// <summary>A function of one data vector as a function of data vectors.</summary>
    private static Func<Vec, Vec[], Scalar> OfVectors(Func<Vec, Vec, Scalar> function) => (x, data) => function(x, data[0]);
}
