using ExprGrad.Tracer;

namespace ExprGrad.Compiler;

/// <summary>
/// One path of a function with branches: the graph traced at a point, its decisions (the guards), and its code compiled
/// with the guards checked inside (<see cref="GuardChecks"/>); a value-only kernel with the same guards on first use.
/// </summary>
internal sealed class CompiledPath(Traced traced, GeneratedCode code, CompiledKernel kernel, int dataLength, GradOptions options)
{
    private CompiledKernel? valueKernel;

    public Traced Traced => traced;

    public GeneratedCode Code => code;

    public CompiledKernel Kernel => kernel;

    public GradOptions Options => options;

    /// <summary>
    /// Runs the path at (x, data) if its guards hold there: then writes the gradient, sets <paramref name="value"/> and returns
    /// true; else returns false with <paramref name="gradient"/> untouched. Allocates nothing.
    /// </summary>
    public bool TryRun(ReadOnlySpan<double> x, ReadOnlySpan<double> data, Span<double> gradient, out double value)
        => RunGuarded(kernel, x, data, gradient, out value);

    /// <summary>f(x, data) if the path's guards hold there, by a value-only kernel compiled on first use.</summary>
    public bool TryValue(ReadOnlySpan<double> x, ReadOnlySpan<double> data, out double value)
    {
        // A second kernel for the value alone would cost seconds of JIT on a program this large.
        if (code.StatementCount > Tuning.SeparateValueKernelLimit) return RunGuarded(kernel, x, data, Scratch.Get(kernel.Layout.GradientLength), out value);
        return RunGuarded(valueKernel ?? CompileValueKernel(), x, data, default, out value);
    }

    private CompiledKernel CompileValueKernel()
    {
        var compiled = Pipeline.CompileValueKernel(traced, dataLength, options);
        Interlocked.CompareExchange(ref valueKernel, compiled, null);
        return valueKernel!;
    }

    private static bool RunGuarded(CompiledKernel kernel, ReadOnlySpan<double> x, ReadOnlySpan<double> data, Span<double> gradient, out double value)
    {
        if (kernel.GuardedSpan is { } span)
        {
            if (!kernel.AccumulatesGradient) return span(x, data, gradient, out value);
            // Loops scatter into the gradient while they run: into private cells, copied out once every guard has held.
            Span<double> cells = Workspace.Get(gradient.Length).AsSpan(0, gradient.Length);
            cells.Clear();
            if (!span(x, data, cells, out value)) return false;
            cells.CopyTo(gradient);
            return true;
        }
        Layout layout = kernel.Layout;
        if (layout.MissCell == Layout.NoCell)
        {
            value = kernel.Run(x, data, gradient); // a path without decisions
            return true;
        }
        double[] w = Workspace.Get(layout.WorkspaceSize);
        x.CopyTo(w);
        data.CopyTo(w.AsSpan(layout.Data));
        w[layout.MissCell] = 0;
        if (kernel.AccumulatesGradient) Array.Clear(w, layout.Gradient, layout.GradientLength);
        foreach (Action<double[]> unit in kernel.Units)
        {
            unit(w);
            if (w[layout.MissCell] != 0)
            {
                value = 0;
                return false;
            }
        }
        w.AsSpan(layout.Gradient, layout.GradientLength).CopyTo(gradient);
        value = w[layout.Value];
        return true;
    }

    /// <summary>The path's number and guards as a C# comment line.</summary>
    public string Header(int number, int count)
    {
        Graph g = traced.Graph;
        string guards = traced.Decisions.Count == 0 ? "none" : string.Join(", ",
            traced.Decisions.Select(d => $"v{d.Node} = {g[d.Node].Op.Name}({Operand(g, g[d.Node].Operand(0))}, {Operand(g, g[d.Node].Operand(1))}) is {(d.Holds ? "true" : "false")}"));
        return $"// path {number} of {count}, guards: {guards}\n";
    }

    private static string Operand(Graph g, int id) => g[id].Kind switch
    {
        NodeKind.Constant => g[id].ConstantValue.ToString("R", System.Globalization.CultureInfo.InvariantCulture),
        NodeKind.Input => $"x{g[id].InputIndex}",
        _ => $"v{id}",
    };
}
