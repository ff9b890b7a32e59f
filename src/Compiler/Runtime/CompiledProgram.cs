using ExprGrad.Tracer;

namespace ExprGrad.Compiler;

/// <summary>
/// One traced function compiled (a function without branches): its value-and-gradient kernel and, on first use, a
/// value-only kernel. With <see cref="GradOptions.InterpretWhileCompiling"/>, a large straight-line program starts
/// interpreted (<see cref="InterpretedSweep"/>) while background tasks generate and compile the kernel, which then takes over.
/// </summary>
internal sealed class CompiledProgram
{
    private readonly Traced traced;
    private readonly Task<GeneratedCode> code; // completed, or generating in the background (interpreted programs)
    private readonly int dataLength;
    private readonly GradOptions options;
    private readonly InterpretedSweep? sweep; // until the kernel is compiled
    private CompiledKernel? kernel;           // read and written with Volatile: a background task may set it
    private CompiledKernel? valueKernel;

    /// <summary>A program whose kernel is compiled.</summary>
    public CompiledProgram(Traced traced, GeneratedCode code, CompiledKernel kernel, int dataLength, GradOptions options)
    {
        this.traced = traced;
        this.code = Task.FromResult(code);
        this.kernel = kernel;
        this.dataLength = dataLength;
        this.options = options;
        WhenCompiled = Task.CompletedTask;
    }

    /// <summary>
    /// A program interpreted by <paramref name="sweep"/> from now on, and run by its kernel once background tasks have
    /// generated its code and compiled it (reporting to <paramref name="monitor"/>; a failed or cancelled compile leaves the
    /// sweep in charge). The code is generated whatever the cancellation (it is short, and <see cref="Code"/> waits for it).
    /// </summary>
    public CompiledProgram(Traced traced, GradientProgram program, InterpretedSweep sweep, int dataLength, GradOptions options, CompileMonitor monitor)
    {
        this.traced = traced;
        this.sweep = sweep;
        this.dataLength = dataLength;
        this.options = options;
        var generating = new CompileMonitor(options.Progress, CancellationToken.None);
        code = Task.Run(() => Pipeline.Generate(program, dataLength, options, generating));
        WhenCompiled = Task.Run(async () =>
        {
            GeneratedCode generated = await code.ConfigureAwait(false);
            if (options.HoldBackgroundCompile is { } hold) await hold.ConfigureAwait(false);
            Volatile.Write(ref kernel, KernelCompiler.Compile(generated, options.Backend, monitor));
        }, options.CancellationToken);
    }

    public Traced Traced => traced;

    /// <summary>The generated code (for an interpreted program: waits until the background task has generated it).</summary>
    public GeneratedCode Code => code.GetAwaiter().GetResult();

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
        if (Code.StatementCount > Tuning.SeparateValueKernelLimit) return compiled.Run(x, data, Scratch.Get(compiled.Layout.GradientLength));
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
