namespace ExprGrad.Compiler;

/// <summary>Compiled code: a span kernel, or units and the workspace layout they need.</summary>
internal sealed record CompiledKernel(Action<double[]>[] Units, SpanKernel? Span, Layout Layout, bool AccumulatesGradient, string Backend,
    bool CallsUserCode = false)
{
    /// <summary>The span kernel of a path with guards (then <see cref="Span"/> is null); run it with <see cref="CompiledPath.TryRun"/>.</summary>
    public PathKernel? GuardedSpan { get; init; }

    /// <summary>The span kernel of a program without data, without the data argument (then <see cref="Span"/> calls it).</summary>
    public SpanKernelWithoutData? SpanWithoutData { get; init; }

    /// <summary>Gradient entries [Start, Start + Length) the span kernel stores before anything else writes them: not zeroed first.</summary>
    public (int Start, int Length) StoredGradient { get; init; }

    public int WorkspaceSize => Layout.WorkspaceSize;

    /// <summary>
    /// Runs the code on a per-thread workspace: copies <paramref name="x"/> and <paramref name="data"/> in,
    /// runs the units, copies the gradient out, returns the value.
    /// </summary>
    /// <remarks>
    /// Code that calls the user's delegates runs with the workspace level raised (<see cref="Workspace.Enter"/>): compiled
    /// code they run on this thread gets arrays of its own. An exception from them leaves nothing behind that a later
    /// call reads: every call writes its workspace before reading it.
    /// </remarks>
    public double Run(ReadOnlySpan<double> x, ReadOnlySpan<double> data, Span<double> gradient)
    {
        if (Span is { } span) return AccumulatesGradient ? RunAccumulating(span, x, data, gradient) : span(x, data, gradient);
        double[] w = Workspace.Get(Layout.WorkspaceSize);
        x.CopyTo(w);
        data.CopyTo(w.AsSpan(Layout.Data));
        if (AccumulatesGradient) Array.Clear(w, Layout.Gradient, Layout.GradientLength);
        if (CallsUserCode) RunNested(w);
        else RunUnits(w);
        w.AsSpan(Layout.Gradient, Layout.GradientLength).CopyTo(gradient);
        return w[Layout.Value];
    }

    private void RunUnits(double[] w)
    {
        var units = Units;
        for (int u = 0; u < units.Length; u++) units[u](w);
    }

    private void RunNested(double[] w)
    {
        Workspace.Enter();
        try
        {
            RunUnits(w);
        }
        finally
        {
            Workspace.Exit();
        }
    }

    /// <summary>A span kernel whose loops add into the gradient as they run: zero it first, and never read x or data through it.</summary>
    private double RunAccumulating(SpanKernel span, ReadOnlySpan<double> x, ReadOnlySpan<double> data, Span<double> gradient)
    {
        if (x.Overlaps(gradient) || data.Overlaps(gradient))
        {
            double[] copy = Workspace.Get(x.Length + data.Length);
            x.CopyTo(copy);
            data.CopyTo(copy.AsSpan(x.Length));
            x = copy.AsSpan(0, x.Length);
            data = copy.AsSpan(x.Length, data.Length);
        }
        var (start, length) = StoredGradient;
        gradient[..start].Clear();
        gradient[(start + length)..].Clear();
        if (!CallsUserCode) return SpanWithoutData is { } withoutData ? withoutData(x, gradient) : span(x, data, gradient);
        Workspace.Enter(); // the copies above must survive what the user's delegates run
        try
        {
            return span(x, data, gradient);
        }
        finally
        {
            Workspace.Exit();
        }
    }
}
