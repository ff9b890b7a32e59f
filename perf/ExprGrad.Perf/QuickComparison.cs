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
    /// <summary>Time spent measuring one cell (after warm-up).</summary>
    private static readonly TimeSpan Budget = TimeSpan.FromMilliseconds(150);

    /// <summary>The table, the ratios to the hand-written gradient for the pictures, and whether every gradient was right.</summary>
    public sealed record Result(string Table, IReadOnlyList<RatioToHand> Ratios, bool AllCorrect);

    public static Result Run(ProgressDisplay display)
    {
        var table = new StringBuilder();
        var ratios = new List<RatioToHand>();
        table.AppendLine("| workload | approach | ns/call | vs hand gradient | vs primal | B/call | compile ms | nodes | note |");
        table.AppendLine("|---|---|---:|---:|---:|---:|---:|---:|---|");
        bool allCorrect = true;
        foreach (Workload workload in WorkloadCatalog.Quick())
        {
            Approach[] approaches = [.. Approaches.For(workload).Where(a => a.AppliesTo(workload))];
            using ProgressDisplay.Task task = display.Begin(workload.Name, approaches.Length);
            double[] x = workload.StartPoint();
            var reference = new double[workload.Dimension];
            double referenceValue = workload.ValueAndGradient(x, reference);
            double primalNs = double.NaN, handNs = double.NaN;
            foreach (Approach approach in approaches)
            {
                task.Step(approach.Name);
                Prepared prepared;
                try
                {
                    prepared = approach.Prepare(workload);
                }
                catch (Exception e)
                {
                    allCorrect = false;
                    table.AppendLine($"| {workload.Name} | {approach.Name} | FAILED | | | | | | {e.GetType().Name}: {FirstLine(e.Message)} |");
                    continue;
                }
                string compile = prepared.CompileMilliseconds is { } ms ? Format(ms, "F1") : "";
                string nodes = prepared.Nodes?.ToString(CultureInfo.InvariantCulture) ?? "";
                if (prepared.Gradient is not { } g)
                {
                    table.AppendLine($"| {workload.Name} | {approach.Name} | | | | | | | {prepared.Note} |");
                    continue;
                }
                string? error = prepared.PrimalOnly ? GradientCheck.Value(g, x, referenceValue) : GradientCheck.Gradient(g, x, referenceValue, reference);
                if (error is not null)
                {
                    allCorrect = false;
                    table.AppendLine($"| {workload.Name} | {approach.Name} | WRONG | | | | {compile} | {nodes} | {error} |");
                    continue;
                }
                var (ns, bytes) = Measure(g, x, prepared.PrimalOnly);
                if (approach == Approaches.HandPrimal) primalNs = ns;
                if (approach == Approaches.HandGradient) handNs = ns;
                if (approach.IsGradient) ratios.Add(new RatioToHand(workload.Name, approach.Name, ns / handNs));
                table.AppendLine($"| {workload.Name} | {approach.Name} | {Format(ns, ns < 100 ? "F1" : "F0")} | {Format(ns / handNs, "F2")}x | " +
                    $"{Format(ns / primalNs, "F2")}x | {Format(bytes, "F0")} | {compile} | {nodes} | {prepared.Note} |");
            }
        }
        table.AppendLine();
        table.Append($"Machine: {Environment.ProcessorCount} cores, {RuntimeInformationText()}; every gradient checked against the hand-written one (relative {GradientCheck.Tolerance:0e0}) before timing.");
        return new Result(table.ToString(), ratios, allCorrect);
    }

    private static (double Nanoseconds, double BytesPerCall) Measure(IGradient g, double[] x, bool primalOnly)
    {
        var gradient = new double[g.Dimension];
        return CallTimer.Measure(primalOnly ? () => g.Value(x) : () => g.ValueAndGradient(x, gradient), Budget / 2, Budget);
    }

    private static string FirstLine(string text) => text.Split('\n')[0].Replace("|", "/");

    private static string Format(double value, string format) => double.IsFinite(value) ? value.ToString(format, CultureInfo.InvariantCulture) : "";

    private static string RuntimeInformationText() => System.Runtime.InteropServices.RuntimeInformation.FrameworkDescription;
}
