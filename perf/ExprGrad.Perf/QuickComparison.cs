using System.Diagnostics;
using System.Globalization;
using System.Text;
using ExprGrad.Workloads;

namespace ExprGrad.Perf;

/// <summary>
/// The main job: every workload with every approach, timed with a short adaptive loop, printed as one
/// Markdown table. Each gradient is checked against the hand-written one before it is timed; a wrong
/// gradient gets no time, only the word WRONG.
/// </summary>
internal static class QuickComparison
{
    /// <summary>Largest relative difference to the hand gradient that counts as correct.</summary>
    private const double Tolerance = 1e-8;

    /// <summary>Time spent measuring one cell (after warm-up).</summary>
    private static readonly TimeSpan Budget = TimeSpan.FromMilliseconds(150);

    public static int Run(TextWriter output)
    {
        var table = new StringBuilder();
        table.AppendLine("| workload | approach | ns/call | vs hand gradient | vs primal | B/call | compile ms | nodes | note |");
        table.AppendLine("|---|---|---:|---:|---:|---:|---:|---:|---|");
        bool allCorrect = true;
        foreach (Workload workload in WorkloadCatalog.Quick())
        {
            output.WriteLine($"measuring {workload.Name} ...");
            double[] x = workload.StartPoint();
            var reference = new double[workload.Dimension];
            double referenceValue = workload.ValueAndGradient(x, reference);
            double primalNs = double.NaN, handNs = double.NaN;
            foreach (Approach approach in Approaches.All)
            {
                Prepared prepared = approach.Prepare(workload);
                string compile = prepared.CompileMilliseconds is { } ms ? Format(ms, "F1") : "";
                string nodes = prepared.Nodes?.ToString(CultureInfo.InvariantCulture) ?? "";
                if (prepared.Gradient is not { } g)
                {
                    table.AppendLine($"| {workload.Name} | {approach.Name} | | | | | | | {prepared.Note} |");
                    continue;
                }
                string? error = prepared.PrimalOnly ? CheckValue(g, x, referenceValue) : CheckGradient(g, x, referenceValue, reference);
                if (error is not null)
                {
                    allCorrect = false;
                    table.AppendLine($"| {workload.Name} | {approach.Name} | WRONG | | | | {compile} | {nodes} | {error} |");
                    continue;
                }
                var (ns, bytes) = Measure(g, x, prepared.PrimalOnly);
                if (approach == Approaches.HandPrimal) primalNs = ns;
                if (approach == Approaches.HandGradient) handNs = ns;
                table.AppendLine($"| {workload.Name} | {approach.Name} | {Format(ns, ns < 100 ? "F1" : "F0")} | {Format(ns / handNs, "F2")}x | " +
                    $"{Format(ns / primalNs, "F2")}x | {Format(bytes, "F0")} | {compile} | {nodes} | {prepared.Note} |");
            }
        }
        output.WriteLine();
        output.WriteLine(table.ToString());
        output.WriteLine($"Machine: {Environment.ProcessorCount} cores, {RuntimeInformationText()}; every gradient checked against the hand-written one (relative {Tolerance:0e0}) before timing.");
        return allCorrect ? 0 : 1;
    }

    private static (double Nanoseconds, double BytesPerCall) Measure(IGradient g, double[] x, bool primalOnly)
    {
        var gradient = new double[g.Dimension];
        void Call() { if (primalOnly) g.Value(x); else g.ValueAndGradient(x, gradient); }
        // Warm up until the JIT has promoted the hot code (tiered compilation), then time batches.
        var clock = Stopwatch.StartNew();
        long calls = 0;
        while (clock.Elapsed < Budget / 2 || calls < 1) { Call(); calls++; }
        long batch = Math.Max(1, calls / 4);
        double best = double.PositiveInfinity;
        long before = GC.GetAllocatedBytesForCurrentThread();
        long measured = 0;
        clock.Restart();
        while (clock.Elapsed < Budget || measured < batch)
        {
            long start = Stopwatch.GetTimestamp();
            for (long i = 0; i < batch; i++) Call();
            double ns = Stopwatch.GetElapsedTime(start).TotalNanoseconds / batch;
            best = Math.Min(best, ns);
            measured += batch;
        }
        double bytes = (double)(GC.GetAllocatedBytesForCurrentThread() - before) / measured;
        return (best, bytes);
    }

    private static string? CheckValue(IGradient g, double[] x, double expected)
    {
        double value = g.Value(x);
        return Relative(value, expected) <= Tolerance ? null : $"value {value:R}, expected {expected:R}";
    }

    private static string? CheckGradient(IGradient g, double[] x, double expectedValue, double[] expected)
    {
        var gradient = new double[g.Dimension];
        double value = g.ValueAndGradient(x, gradient);
        if (Relative(value, expectedValue) > Tolerance) return $"value {value:R}, expected {expectedValue:R}";
        for (int i = 0; i < gradient.Length; i++)
            if (Relative(gradient[i], expected[i]) > Tolerance) return $"gradient[{i}] = {gradient[i]:R}, expected {expected[i]:R}";
        return null;
    }

    private static double Relative(double a, double b) => Math.Abs(a - b) / Math.Max(1, Math.Max(Math.Abs(a), Math.Abs(b)));

    private static string Format(double value, string format) => double.IsFinite(value) ? value.ToString(format, CultureInfo.InvariantCulture) : "";

    private static string RuntimeInformationText() => System.Runtime.InteropServices.RuntimeInformation.FrameworkDescription;
}
