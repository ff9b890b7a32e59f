using System.Linq.Expressions;
using System.Text;
using FastExpressionCompiler;

namespace ExprGrad.Compiler;

/// <summary>
/// Compiles a <see cref="Kernel"/>'s units with the chosen backend and runs each once, so JIT work and JIT
/// errors happen here, not on the user's first call.
/// </summary>
internal static class KernelCompiler
{
    public const string Fast = "FastExpressionCompiler";
    public const string System = "System.Linq.Expressions";

    public static CompiledKernel Compile(Kernel kernel, CompilerBackend backend)
    {
        if (kernel.Span is { } span)
        {
            SpanKernel? fast = backend == CompilerBackend.SystemLinqExpressions ? null : span.CompileFast(ifFastFailedReturnNull: true);
            if (fast is null && backend == CompilerBackend.FastExpressionCompiler) throw Declined(0, 1, kernel);
            SpanKernel compiled = fast ?? span.Compile();
            compiled(new double[kernel.Dimension], new double[kernel.GradientLength]);
            return new CompiledKernel([], compiled, 0, BackendName(backend, fast is null));
        }
        var delegates = new Action<double[]>[kernel.Units.Count];
        bool fellBack = false;
        for (int u = 0; u < delegates.Length; u++)
        {
            var lambda = kernel.Units[u];
            Action<double[]>? compiled = backend == CompilerBackend.SystemLinqExpressions ? null : lambda.CompileFast(ifFastFailedReturnNull: true);
            if (compiled is null)
            {
                if (backend == CompilerBackend.FastExpressionCompiler) throw Declined(u, delegates.Length, kernel);
                fellBack |= backend == CompilerBackend.Auto;
                compiled = lambda.Compile();
            }
            delegates[u] = compiled;
        }
        var warmUp = new double[kernel.WorkspaceSize];
        foreach (var unit in delegates) unit(warmUp);
        return new CompiledKernel(delegates, null, kernel.WorkspaceSize, BackendName(backend, fellBack));
    }

    private static string BackendName(CompilerBackend backend, bool fellBack)
        => backend == CompilerBackend.SystemLinqExpressions ? System : fellBack ? $"{System} (fallback: {Fast} declined)" : Fast;

    private static InvalidOperationException Declined(int unit, int units, Kernel kernel) => new(
        $"FastExpressionCompiler could not compile unit {unit} of {units} ({kernel.StatementCount} statements in all) " +
        "and the options require it (GradOptions.Backend = FastExpressionCompiler). Use CompilerBackend.Auto to fall back.");

    /// <summary>The generated code as C#, unit by unit, with deterministic names.</summary>
    public static string ToCSharp(Kernel kernel)
    {
        var text = new StringBuilder();
        if (kernel.Span is { } span) text.AppendLine(span.ToCSharpString());
        foreach (var unit in kernel.Units) text.AppendLine(unit.ToCSharpString());
        return text.ToString().Replace("\r\n", "\n");
    }
}

/// <summary>Compiled code: a span kernel, or units and the workspace size they need.</summary>
internal sealed record CompiledKernel(Action<double[]>[] Units, SpanKernel? Span, int WorkspaceSize, string Backend)
{
    /// <summary>Runs the units in order over <paramref name="workspace"/>.</summary>
    public void Run(double[] workspace)
    {
        var units = Units;
        for (int u = 0; u < units.Length; u++) units[u](workspace);
    }
}
