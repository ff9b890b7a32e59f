using System.Diagnostics;

namespace ExprGrad.Perf;

/// <summary>A short adaptive timing loop for the command-line tables (BenchmarkDotNet does the careful job).</summary>
internal static class CallTimer
{
    /// <summary>
    /// Calls <paramref name="call"/> for <paramref name="warmUp"/> (at least once) so the JIT promotes the hot
    /// code (tiered compilation), then times batches for <paramref name="budget"/> (at least one batch).
    /// </summary>
    /// <returns>The best batch's time per call, and the bytes allocated per call over all timed batches.</returns>
    public static (double Nanoseconds, double BytesPerCall) Measure(Action call, TimeSpan warmUp, TimeSpan budget)
    {
        var clock = Stopwatch.StartNew();
        long calls = 0;
        while (clock.Elapsed < warmUp || calls < 1) { call(); calls++; }
        // About eight batches fit in the budget if the warm-up and the budget are alike.
        long batch = Math.Max(1, (long)(calls * budget.TotalMilliseconds / Math.Max(1, clock.Elapsed.TotalMilliseconds) / 8));
        double best = double.PositiveInfinity;
        long before = GC.GetAllocatedBytesForCurrentThread();
        long measured = 0;
        clock.Restart();
        while (clock.Elapsed < budget || measured < batch)
        {
            long start = Stopwatch.GetTimestamp();
            for (long i = 0; i < batch; i++) call();
            best = Math.Min(best, Stopwatch.GetElapsedTime(start).TotalNanoseconds / batch);
            measured += batch;
        }
        return (best, (double)(GC.GetAllocatedBytesForCurrentThread() - before) / measured);
    }
}
