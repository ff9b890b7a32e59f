namespace ExprGrad.Compiler;

/// <summary>
/// The per-thread scratch arrays generated code runs on. One array per thread serves every
/// <see cref="CompiledGradient"/> on that thread without sharing state between concurrent calls; it grows once to
/// the largest size needed and is then reused (no allocation). Code that calls the user's delegates (custom ops)
/// may be re-entered on its thread by compiled code those delegates run: it takes its arrays at the current
/// <see cref="Enter"/> level and raises the level while it calls out, so nested calls use arrays of their own.
/// </summary>
internal static class Workspace
{
    [ThreadStatic] private static double[]?[]? current;
    [ThreadStatic] private static double[][]?[]? blocks;
    [ThreadStatic] private static int level;

    public static double[] Get(int size)
    {
        double[]?[] levels = Levels(ref current);
        double[]? w = levels[level];
        if (w is null || w.Length < size) levels[level] = w = new double[Math.Max(size, 64)];
        return w;
    }

    /// <summary>The calling thread's private arrays for the blocks of a parallel loop (see <see cref="ParallelLoop"/>).</summary>
    public static double[][] Blocks(int count, int size)
    {
        double[][]?[] levels = Levels(ref blocks);
        double[][]? b = levels[level];
        if (b is null || b.Length < count || b[0].Length < size)
        {
            // Grow to the largest count and size seen on this thread, so gradients of different shapes do not reallocate in turn.
            int n = Math.Max(count, b?.Length ?? 0), length = Math.Max(Math.Max(size, b?[0].Length ?? 0), 64);
            b = new double[n][];
            for (int i = 0; i < n; i++) b[i] = new double[length];
            levels[level] = b;
        }
        return b;
    }

    /// <summary>Arrays taken from here on belong to a nested call until <see cref="Exit"/>.</summary>
    public static void Enter() => level++;

    /// <summary>Ends what <see cref="Enter"/> started.</summary>
    public static void Exit() => level--;

    private static T?[] Levels<T>(ref T?[]? levels) where T : class
    {
        levels ??= new T?[4];
        if (level >= levels.Length) Array.Resize(ref levels, Math.Max(2 * levels.Length, level + 1));
        return levels;
    }
}
