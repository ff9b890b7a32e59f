namespace ExprGrad.Compiler;

/// <summary>
/// The per-thread scratch array generated code runs on. A compiled delegate never calls out, so one
/// array per thread serves every <see cref="CompiledGradient"/> on that thread without sharing state
/// between concurrent calls; it grows once to the largest size needed and is then reused (no allocation).
/// </summary>
internal static class Workspace
{
    [ThreadStatic] private static double[]? current;

    public static double[] Get(int size)
    {
        double[]? w = current;
        if (w is null || w.Length < size) current = w = new double[Math.Max(size, 64)];
        return w;
    }
}
