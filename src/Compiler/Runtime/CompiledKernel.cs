namespace ExprGrad.Compiler;

/// <summary>Compiled code: a span kernel, or units and the workspace layout they need.</summary>
internal sealed record CompiledKernel(Action<double[]>[] Units, SpanKernel? Span, Layout Layout, bool AccumulatesGradient, string Backend)
{
    public int WorkspaceSize => Layout.WorkspaceSize;

    /// <summary>
    /// Runs the code on a per-thread workspace: copies <paramref name="x"/> and <paramref name="data"/> in,
    /// runs the units, copies the gradient out, returns the value.
    /// </summary>
    public double Run(ReadOnlySpan<double> x, ReadOnlySpan<double> data, Span<double> gradient)
    {
        if (Span is { } span) return AccumulatesGradient ? RunAccumulating(span, x, data, gradient) : span(x, data, gradient);
        double[] w = Workspace.Get(Layout.WorkspaceSize);
        x.CopyTo(w);
        data.CopyTo(w.AsSpan(Layout.Data));
        if (AccumulatesGradient) Array.Clear(w, Layout.Gradient, Layout.GradientLength);
        var units = Units;
        for (int u = 0; u < units.Length; u++) units[u](w);
        w.AsSpan(Layout.Gradient, Layout.GradientLength).CopyTo(gradient);
        return w[Layout.Value];
    }

    /// <summary>A span kernel whose loops add into the gradient as they run: zero it first, and never read x or data through it.</summary>
    private static double RunAccumulating(SpanKernel span, ReadOnlySpan<double> x, ReadOnlySpan<double> data, Span<double> gradient)
    {
        if (x.Overlaps(gradient) || data.Overlaps(gradient))
        {
            double[] copy = Workspace.Get(x.Length + data.Length);
            x.CopyTo(copy);
            data.CopyTo(copy.AsSpan(x.Length));
            x = copy.AsSpan(0, x.Length);
            data = copy.AsSpan(x.Length, data.Length);
        }
        gradient.Clear();
        return span(x, data, gradient);
    }
}
