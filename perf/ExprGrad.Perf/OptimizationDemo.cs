using System.Diagnostics;
using ExprGrad.Optimization;
using ExprGrad.Workloads;

namespace ExprGrad.Perf;

/// <summary>
/// The main job's second part: one minimisation (extended Rosenbrock, n = 100, by L-BFGS) driven by the
/// compiled gradient and by the tape, with progress output: same iterates, different wall time.
/// </summary>
internal static class OptimizationDemo
{
    public static void Run(TextWriter output)
    {
        var problem = new Rosenbrock(100);
        output.WriteLine($"## L-BFGS on {problem.Name}, from the standard start point");
        output.WriteLine();
        var clock = Stopwatch.StartNew();
        IGradient compiled = Grad.Compile(problem.Function, problem.Dimension);
        double compileMs = clock.Elapsed.TotalMilliseconds;
        var rows = new List<string>();
        foreach (var (name, gradient) in new[] { ("compiled", compiled), ("tape", Grad.Tape(problem.Function, problem.Dimension)) })
        {
            // The first run prints its progress; the best of ten later runs is timed, by when tiered
            // compilation has optimised the optimizer's own code too (its first runs execute tier-0 code).
            OptimizationResult result = Lbfgs.Minimize(gradient, problem.StartPoint(), progress: new EveryFifty(output, name));
            double ms = double.PositiveInfinity;
            for (int run = 0; run < 10; run++)
            {
                clock.Restart();
                result = Lbfgs.Minimize(gradient, problem.StartPoint());
                ms = Math.Min(ms, clock.Elapsed.TotalMilliseconds);
            }
            rows.Add($"| {name} | {result.Reason} | {result.Value:G6} | {result.Iterations} | {result.Evaluations} | {ms:F1} |");
        }
        output.WriteLine();
        output.WriteLine($"| gradient | stopped because | f | iterations | evaluations | wall ms |");
        output.WriteLine("|---|---|---:|---:|---:|---:|");
        foreach (string row in rows) output.WriteLine(row);
        output.WriteLine($"(wall time: best of ten warm runs without progress output; compiling the gradient took {compileMs:F0} ms, not included)");
    }

    /// <summary>Prints every fiftieth iteration; synchronous, so the lines come in order.</summary>
    private sealed class EveryFifty(TextWriter output, string name) : IProgress<OptimizationProgress>
    {
        public void Report(OptimizationProgress p)
        {
            if (p.Iteration % 50 == 0) output.WriteLine($"  [{name}] iteration {p.Iteration,3}: f = {p.Value:E6}, |g| = {p.GradientNorm:E3}");
        }
    }
}
