using ExprGrad.Tracer;

namespace ExprGrad.Compiler;

/// <summary>
/// One traced function compiled (a function without branches): its value-and-gradient kernel and, on first use, a
/// value-only kernel.
/// </summary>
internal sealed class CompiledProgram(Traced traced, GeneratedCode code, CompiledKernel kernel, int dataLength, GradOptions options)
{
    private CompiledKernel? valueKernel;

    public Traced Traced => traced;

    public GeneratedCode Code => code;

    public CompiledKernel Kernel => kernel;

    public GradOptions Options => options;

    /// <summary>f(x, data), by a value-only kernel compiled on first use (many users only ever ask for gradients).</summary>
    public double Value(ReadOnlySpan<double> x, ReadOnlySpan<double> data)
    {
        // A second kernel for the value alone would cost seconds of JIT on a program this large.
        if (code.StatementCount > Tuning.SeparateValueKernelLimit) return kernel.Run(x, data, Scratch.Get(kernel.Layout.GradientLength));
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
