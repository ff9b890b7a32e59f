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
        var delegates = new Action<double[]>[kernel.Units.Count];
        bool fellBack = false;
        for (int u = 0; u < delegates.Length; u++)
        {
            var lambda = kernel.Units[u];
            Action<double[]>? compiled = backend == CompilerBackend.SystemLinqExpressions ? null : lambda.CompileFast(ifFastFailedReturnNull: true);
            if (compiled is null)
            {
                if (backend == CompilerBackend.FastExpressionCompiler)
                    throw new InvalidOperationException(
                        $"FastExpressionCompiler could not compile unit {u} of {delegates.Length} ({kernel.StatementCount} statements in all) " +
                        "and the options require it (GradOptions.Backend = FastExpressionCompiler). Use CompilerBackend.Auto to fall back.");
                fellBack |= backend == CompilerBackend.Auto;
                compiled = lambda.Compile();
            }
            delegates[u] = compiled;
        }
        var warmUp = new double[kernel.WorkspaceSize];
        foreach (var unit in delegates) unit(warmUp);
        string name = backend == CompilerBackend.SystemLinqExpressions ? System : fellBack ? $"{System} (fallback: {Fast} declined)" : Fast;
        return new CompiledKernel(delegates, kernel.WorkspaceSize, name);
    }

    /// <summary>The generated code as C#, unit by unit, with deterministic names.</summary>
    public static string ToCSharp(Kernel kernel)
    {
        var text = new StringBuilder();
        foreach (var unit in kernel.Units) text.AppendLine(unit.ToCSharpString());
        return text.ToString().Replace("\r\n", "\n");
    }
}

/// <summary>Compiled units and the workspace size they need.</summary>
internal sealed record CompiledKernel(Action<double[]>[] Units, int WorkspaceSize, string Backend)
{
    /// <summary>Runs the units in order over <paramref name="workspace"/>.</summary>
    public void Run(double[] workspace)
    {
        var units = Units;
        for (int u = 0; u < units.Length; u++) units[u](workspace);
    }
}
