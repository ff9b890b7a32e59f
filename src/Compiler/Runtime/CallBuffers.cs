namespace ExprGrad.Compiler;

/// <summary>
/// Per-thread buffers of Jacobian and Hessian calls (never shared between calls in flight, grown once, then reused: no
/// allocation): the program's output vector before it is copied into the caller's spans, and the data followed by a
/// direction or seeds when both are present.
/// </summary>
internal static class CallBuffers
{
    [ThreadStatic] private static double[]? outputs;
    [ThreadStatic] private static double[]? data;
    [ThreadStatic] private static double[]? cachedExtra; // the fixed extra whose copy follows the data in data[]
    [ThreadStatic] private static int cachedAt;
    [ThreadStatic] private static double[]? inputs;
    [ThreadStatic] private static double[]? entries;

    /// <summary>A buffer for <paramref name="length"/> outputs.</summary>
    public static Span<double> Outputs(int length)
    {
        double[]? o = outputs;
        if (o is null || o.Length < length) outputs = o = new double[Math.Max(length, 64)];
        return o.AsSpan(0, length);
    }

    /// <summary>A buffer for <paramref name="length"/> entries of a sparse matrix (a dense Hessian is filled from them).</summary>
    public static Span<double> Entries(int length)
    {
        double[]? e = entries;
        if (e is null || e.Length < length) entries = e = new double[Math.Max(length, 64)];
        return e.AsSpan(0, length);
    }

    /// <summary>A copy of x followed by the data (calls that write outputs between runs of a program that reads them again).</summary>
    public static ReadOnlySpan<double> Inputs(ReadOnlySpan<double> x, ReadOnlySpan<double> data)
    {
        double[]? i = inputs;
        if (i is null || i.Length < x.Length + data.Length) inputs = i = new double[Math.Max(x.Length + data.Length, 64)];
        x.CopyTo(i);
        data.CopyTo(i.AsSpan(x.Length));
        return i.AsSpan(0, x.Length + data.Length);
    }

    /// <summary><paramref name="first"/> followed by <paramref name="extra"/>: one of them when the other is empty, else a copy.</summary>
    public static ReadOnlySpan<double> Data(ReadOnlySpan<double> first, ReadOnlySpan<double> extra, double[]? fixedExtra)
    {
        if (extra.IsEmpty) return first;
        if (first.IsEmpty) return extra;
        int length = first.Length + extra.Length;
        double[]? d = data;
        if (d is null || d.Length < length)
        {
            data = d = new double[Math.Max(length, 64)];
            cachedExtra = null;
        }
        first.CopyTo(d);
        // Fixed seeds stay in the buffer between calls of the same program on this thread: only the data is copied then.
        if (fixedExtra is null || !ReferenceEquals(cachedExtra, fixedExtra) || cachedAt != first.Length)
        {
            extra.CopyTo(d.AsSpan(first.Length));
            cachedExtra = fixedExtra;
            cachedAt = first.Length;
        }
        return d.AsSpan(0, length);
    }
}
