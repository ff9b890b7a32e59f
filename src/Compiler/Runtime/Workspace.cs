namespace ExprGrad.Compiler;

/// <summary>
/// The per-thread scratch arrays generated code runs on. A compiled delegate never calls out, so one
/// array per thread serves every <see cref="CompiledGradient"/> on that thread without sharing state
/// between concurrent calls; it grows once to the largest size needed and is then reused (no allocation).
/// </summary>
internal static class Workspace
{
    [ThreadStatic] private static double[]? current;
    [ThreadStatic] private static double[][]? blocks;

    public static double[] Get(int size)
    {
        double[]? w = current;
        if (w is null || w.Length < size) current = w = new double[Math.Max(size, 64)];
        return w;
    }

    /// <summary>The calling thread's private arrays for the blocks of a parallel loop (see <see cref="ParallelLoop"/>).</summary>
    public static double[][] Blocks(int count, int size)
    {
        double[][]? b = blocks;
        if (b is null || b.Length < count || b[0].Length < size)
        {
            // Grow to the largest count and size seen on this thread, so gradients of different shapes do not reallocate in turn.
            int n = Math.Max(count, b?.Length ?? 0), length = Math.Max(Math.Max(size, b?[0].Length ?? 0), 64);
            b = new double[n][];
            for (int i = 0; i < n; i++) b[i] = new double[length];
            blocks = b;
        }
        return b;
    }
}
