namespace ExprGrad.Workloads.Tests;

/// <summary>Measures managed allocations of the hand-written code.</summary>
internal static class Allocations
{
    /// <summary>After a warm-up, 20 calls of Value and ValueAndGradient allocate exactly 0 bytes.</summary>
    public static void AssertNone(Workload workload)
    {
        double[] x = workload.StartPoint();
        var gradient = new double[workload.Dimension];
        for (int i = 0; i < 3; i++) workload.ValueAndGradient(x, gradient);
        for (int i = 0; i < 3; i++) workload.Value(x);

        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 10; i++)
        {
            workload.Value(x);
            workload.ValueAndGradient(x, gradient);
        }
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.True(allocated == 0, $"{workload.Name}: 20 hand-written calls allocated {allocated} bytes (expected 0).");
    }
}
