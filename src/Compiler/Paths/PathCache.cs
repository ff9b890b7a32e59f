using System.Text;
using ExprGrad.Ops;
using ExprGrad.Tracer;

namespace ExprGrad.Compiler;

/// <summary>
/// The compiled paths of a function with branches. A call tries the paths compiled so far, in the order they were
/// compiled; each checks its guards in its own code and declines a point whose decisions differ. A point no path accepts
/// gets its path traced, compiled and kept, up to <see cref="GradOptions.MaxPaths"/>; past that, tape mode answers
/// (<see cref="FallbackCount"/>).
/// </summary>
/// <remarks>
/// Readers take the array of paths without a lock: it is never changed, only replaced by a longer one (a volatile write
/// after the new path is fully built), so a caller sees whole paths or none. Compiling is serialised by one lock: a caller
/// missing while another compiles waits, then first tries the paths added meanwhile, so a path is compiled once.
/// </remarks>
internal sealed class PathCache
{
    private readonly Func<Vec, Vec[], Scalar> function;
    private readonly int[] dataLengths;
    private readonly int dataLength;
    private readonly GradOptions options;
    private readonly TapeFallback fallback;
    private readonly object compiling = new();
    private CompiledPath[] paths;
    private long fallbacks;

    /// <summary>
    /// A cache for <paramref name="function"/> of data vectors with lengths <paramref name="dataLengths"/> (held one after the
    /// other in a call's data), holding <paramref name="first"/> if given.
    /// </summary>
    public PathCache(Func<Vec, Vec[], Scalar> function, int dimension, int[] dataLengths, GradOptions options, CompiledPath? first)
    {
        this.function = function;
        this.dataLengths = dataLengths;
        dataLength = dataLengths.Sum();
        this.options = options;
        fallback = new TapeFallback(function, dimension, dataLengths, options.NanSafe);
        paths = first is null ? [] : [first];
    }

    /// <summary>The paths compiled so far, in order.</summary>
    public IReadOnlyList<CompiledPath> Paths => Volatile.Read(ref paths);

    /// <summary>Calls answered by tape mode.</summary>
    public long FallbackCount => Interlocked.Read(ref fallbacks);

    /// <summary>
    /// Traces the path <paramref name="function"/> takes at (<paramref name="x"/>, <paramref name="data"/>), twice: a
    /// function whose decisions read more than its arguments (a random number, a clock, a counter changed by earlier calls)
    /// may take another path the second time, and is refused then, rather than compiled into a path its guards cannot
    /// describe.
    /// </summary>
    /// <exception cref="InvalidOperationException">The two traces differ.</exception>
    public static Traced Trace(Func<Vec, Vec[], Scalar> function, ReadOnlySpan<double> x, ReadOnlySpan<double> data, int[] dataLengths)
    {
        Traced first = FunctionTracer.TraceAt(function, x, data, dataLengths);
        Traced second = FunctionTracer.TraceAt(function, x, data, dataLengths);
        if (!first.SameAs(second))
            throw new InvalidOperationException(
                "The function took two different paths when traced twice at the same point, so its decisions depend on more than its " +
                "inputs and data (a random number, the time, a variable changed by earlier calls). Grad.Compile can only guard " +
                "decisions on the Scalars it traces: make the function deterministic, pass the changing value as data, or use " +
                "Grad.Tape, which runs the function at every call.");
        return first;
    }

    /// <summary>Compiles the path of <paramref name="traced"/> (steps 2 to 4, with its guards).</summary>
    public static CompiledPath Compile(Traced traced, int dataLength, GradOptions options, CompileMonitor monitor)
    {
        var (compiled, code, kernel) = Pipeline.CompileCode(traced, dataLength, options, monitor);
        return new CompiledPath(compiled, code, kernel, dataLength, options);
    }

    /// <summary>The value and gradient at (x, data) from the first path whose guards hold, compiling it if none does.</summary>
    public double ValueAndGradient(ReadOnlySpan<double> x, ReadOnlySpan<double> data, Span<double> gradient)
    {
        CompiledPath[] known = Volatile.Read(ref paths);
        for (int i = 0; i < known.Length; i++)
            if (known[i].TryRun(x, data, gradient, out double value)) return value;
        return Miss(known.Length, x, data, gradient);
    }

    /// <summary>f(x, data) from the first path whose guards hold (its value-only kernel); compiling the path if none does.</summary>
    public double Value(ReadOnlySpan<double> x, ReadOnlySpan<double> data)
    {
        CompiledPath[] known = Volatile.Read(ref paths);
        for (int i = 0; i < known.Length; i++)
            if (known[i].TryValue(x, data, out double value)) return value;
        return Miss(known.Length, x, data, Scratch.Get(fallback.Dimension));
    }

    private double Miss(int tried, ReadOnlySpan<double> x, ReadOnlySpan<double> data, Span<double> gradient)
    {
        if (tried < options.MaxPaths)
        {
            lock (compiling)
            {
                CompiledPath[] known = paths;
                for (int i = tried; i < known.Length; i++) // compiled by another caller while this one waited
                    if (known[i].TryRun(x, data, gradient, out double value)) return value;
                if (known.Length < options.MaxPaths)
                {
                    // The function's own exceptions and compile errors reach the caller here, and nothing is kept.
                    // A call compiles without the options' progress and cancellation (they belong to Grad.Compile).
                    CompiledPath path = Compile(Trace(function, x, data, dataLengths), dataLength, options, CompileMonitor.None);
                    Volatile.Write(ref paths, [.. known, path]);
                    if (path.TryRun(x, data, gradient, out double value)) return value;
                    // A path that declines its own point: a sum's value computed while tracing and the compiled loop's (another
                    // summation order, with GradOptions.Parallel) fell on two sides of a decision. The path stays (its guards are
                    // right wherever they hold); this call goes to the tape.
                }
            }
        }
        Interlocked.Increment(ref fallbacks);
        return fallback.ValueAndGradient(x, data, gradient);
    }

    /// <summary>Every path's guards, each followed by what <paramref name="describe"/> says of it (its code, a summary).</summary>
    public string Describe(Func<CompiledPath, string> describe)
    {
        CompiledPath[] known = Volatile.Read(ref paths);
        if (known.Length == 0) return "// no path compiled yet: a call compiles the path its point takes\n";
        var text = new StringBuilder();
        for (int i = 0; i < known.Length; i++) text.Append(known[i].Header(i + 1, known.Length)).Append(describe(known[i]));
        return text.ToString();
    }
}
