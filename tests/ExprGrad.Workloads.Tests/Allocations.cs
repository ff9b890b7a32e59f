namespace ExprGrad.Workloads.Tests;

/// <summary>Measures managed allocations of the hand-written code.</summary>
internal static class Allocations
{
    /// <summary>After a warm-up, 20 calls of Value and ValueAndGradient allocate exactly 0 bytes.</summary>
    public static void AssertNone(Workload workload)
    {
        double[] x = workload.StartPoint();
        var gradient = new double[workload.Dimension];
        AssertNone($"{workload.Name}: 20 hand-written calls", () =>
        {
            workload.Value(x);
            workload.ValueAndGradient(x, gradient);
        });
    }

    /// <summary>After 3 warm-up calls, 10 calls of <paramref name="calls"/> allocate exactly 0 bytes.</summary>
    public static void AssertNone(string what, Action calls)
    {
        for (int i = 0; i < 3; i++) calls();
        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 10; i++) calls();
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.True(allocated == 0, $"{what} allocated {allocated} bytes (expected 0).");
    }
}
