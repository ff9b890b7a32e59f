using ExprGrad.Tracer;

namespace ExprGrad.Compiler;

/// <summary>
/// A compiled program of a Jacobian or Hessian (steps 3 and 4 of the pipeline on a <see cref="GradientProgram"/>): its
/// code reads x, the function's data followed by <see cref="ExtraLength"/> more values (a direction, seeds), and fills an
/// output vector of <see cref="OutputLength"/> entries.
/// </summary>
internal sealed class ProgramKernel
{
    private readonly CompiledKernel kernel;
    private readonly GeneratedCode code;

    private ProgramKernel(GeneratedCode code, CompiledKernel kernel, int dataLength, int extraLength)
    {
        this.code = code;
        this.kernel = kernel;
        DataLength = dataLength;
        ExtraLength = extraLength;
    }

    /// <summary>Generates and compiles <paramref name="program"/> (library code: whatever records around this call stays out).</summary>
    public static ProgramKernel Compile(GradientProgram program, int dataLength, int extraLength, GradOptions options, CompileMonitor monitor)
    {
        using var library = Ops.Recorder.Enter(null);
        monitor.Start(CompileStage.Generating);
        GeneratedCode code = CodeGenerator.Generate(program, dataLength + extraLength, options);
        monitor.End(CompileStage.Generating);
        return new ProgramKernel(code, KernelCompiler.Compile(code, options.Backend, monitor), dataLength, extraLength);
    }

    public int DataLength { get; }

    public int ExtraLength { get; }

    public int OutputLength => code.GradientLength;

    public int StatementCount => code.StatementCount;

    public string Backend => kernel.Backend;

    public string ToCSharpString() => code.ToCSharpString();

    /// <summary>
    /// Runs the code on x and the data followed by <paramref name="extra"/> (the same array at every call when it is fixed,
    /// which lets a thread keep it after its data); fills <paramref name="outputs"/>; returns the program's value.
    /// </summary>
    public double Run(ReadOnlySpan<double> x, ReadOnlySpan<double> data, ReadOnlySpan<double> extra, double[]? fixedExtra, Span<double> outputs)
        => kernel.Run(x, CallBuffers.Data(data, extra, fixedExtra), outputs);
}
