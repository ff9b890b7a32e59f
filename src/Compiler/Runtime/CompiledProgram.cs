using ExprGrad.Tracer;

namespace ExprGrad.Compiler;

/// <summary>
/// One traced function compiled (a function without branches): its value-and-gradient kernel and, on first use, a
/// value-only kernel. With <see cref="GradOptions.InterpretWhileCompiling"/>, a large straight-line program starts
/// interpreted (<see cref="InterpretedSweep"/>) while a background task compiles the kernel, which then takes over.
/// </summary>
internal sealed class CompiledProgram
{
    private readonly Traced traced;
    private readonly GeneratedCode code;
    private readonly int dataLength;
    private readonly GradOptions options;
    private readonly InterpretedSweep? sweep; // until the kernel is compiled
    private CompiledKernel? kernel;           // read and written with Volatile: a background task may set it
    private CompiledKernel? valueKernel;

    /// <summary>A program whose kernel is compiled.</summary>
    public CompiledProgram(Traced traced, GeneratedCode code, CompiledKernel kernel, int dataLength, GradOptions options)
    {
        this.traced = traced;
        this.code = code;
        this.kernel = kernel;
        this.dataLength = dataLength;
        this.options = options;
        WhenCompiled = Task.CompletedTask;
    }

    /// <summary>
    /// A program interpreted by <paramref name="sweep"/> from now on and run by its kernel once a background task has
    /// compiled it (reporting to <paramref name="monitor"/>; a failed or cancelled compile leaves the sweep in charge).
    /// </summary>
    public CompiledProgram(Traced traced, GeneratedCode code, InterpretedSweep sweep, int dataLength, GradOptions options, CompileMonitor monitor)
    {
        this.traced = traced;
        this.code = code;
        this.sweep = sweep;
        this.dataLength = dataLength;
        this.options = options;
        WhenCompiled = Task.Run(async () =>
        {
            if (options.HoldBackgroundCompile is { } hold) await hold.ConfigureAwait(false);
            Volatile.Write(ref kernel, KernelCompiler.Compile(code, options.Backend, monitor));
        }, options.CancellationToken);
    }

    public Traced Traced => traced;

    public GeneratedCode Code => code;

    /// <summary>The compiled kernel, or null while the program is interpreted.</summary>
    public CompiledKernel? Kernel => Volatile.Read(ref kernel);

    public GradOptions Options => options;

    /// <summary>Completes when the compiled kernel runs the calls (at once for a program compiled before it was returned).</summary>
    public Task WhenCompiled { get; }

    /// <summary>Which compiler made the kernel, or how the program runs until it has one.</summary>
    public string Backend => Kernel?.Backend ?? (WhenCompiled.Status switch
    {
        TaskStatus.Faulted => $"interpreted (the background compile failed: {WhenCompiled.Exception!.InnerException!.Message})",
        TaskStatus.Canceled => "interpreted (the background compile was cancelled)",
        _ => "interpreted until the background compile ends",
    });

    /// <summary>f(x, data) and its gradient: by the kernel once compiled, else by the interpreted sweep.</summary>
    public double Run(ReadOnlySpan<double> x, ReadOnlySpan<double> data, Span<double> gradient)
        => Volatile.Read(ref kernel) is { } compiled ? compiled.Run(x, data, gradient) : sweep!.Run(x, data, gradient);

    /// <summary>f(x, data), by a value-only kernel compiled on first use (many users only ever ask for gradients).</summary>
    public double Value(ReadOnlySpan<double> x, ReadOnlySpan<double> data)
    {
        CompiledKernel? compiled = Kernel;
        if (compiled is null) return sweep!.Run(x, data, Scratch.Get(sweep.GradientLength));
        // A second kernel for the value alone would cost seconds of JIT on a program this large.
        if (code.StatementCount > Tuning.SeparateValueKernelLimit) return compiled.Run(x, data, Scratch.Get(compiled.Layout.GradientLength));
        CompiledKernel value = valueKernel ?? CompileValueKernel();
        return value.Run(x, data, default);
    }

    private CompiledKernel CompileValueKernel()
    {
        var compiled = Pipeline.CompileValueKernel(traced, dataLength, options);
        Interlocked.CompareExchange(ref valueKernel, compiled, null);
        return valueKernel!;
    }
}

/// <summary>A per-thread gradient buffer for value-only calls that run a value-and-gradient kernel.</summary>
internal static class Scratch
{
    [ThreadStatic] private static double[]? buffer;

    public static Span<double> Get(int length)
    {
        if (buffer is null || buffer.Length < length) buffer = new double[length];
        return buffer.AsSpan(0, length);
    }
}
