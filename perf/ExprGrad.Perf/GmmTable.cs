using System.Diagnostics;
using System.Globalization;
using ExprGrad.Workloads;

namespace ExprGrad.Perf;

/// <summary>
/// The <c>gmm</c> command: ADBench's GMM table for the hand-written code and the compiled Sum version
/// (<see cref="GmmSum"/>, FastExpressionCompiler, see <see cref="FecRetry"/>) on every instance of <see cref="WorkloadCatalog.GmmInstances"/>:
/// objective time, gradient time and their ratio (ADBench's metric), plus compile time, and the gradient compiled
/// with <see cref="GradOptions.Parallel"/> (its speed-up over the serial one). Each compiled
/// result is checked against the hand-written one first; a wrong one gets no time.
/// </summary>
internal static class GmmTable
{
    private static readonly TimeSpan WarmUp = TimeSpan.FromMilliseconds(400);
    private static readonly TimeSpan Budget = TimeSpan.FromMilliseconds(400);

    public static int Run(TextWriter output)
    {
        if (!GmmData.Available)
        {
            output.WriteLine($"ADBench GMM data not found ({GmmData.WhereLooked}).");
            return 1;
        }
        output.WriteLine("| instance | d | K | n | hand f ms | hand ∇f ms | hand ∇f/f | compiled f ms | compiled ∇f ms | compiled ∇f/f | compiled ∇f / hand ∇f | compile ms | statements | parallel ∇f ms | parallel speed-up | note |");
        output.WriteLine("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|");
        bool allCorrect = true;
        foreach (string name in WorkloadCatalog.GmmInstances())
        {
            GmmInstance instance = WorkloadCatalog.LoadGmm(name);
            var workload = new GmmSum(instance);
            double[] x = workload.StartPoint();
            var reference = new double[workload.Dimension];
            double referenceValue = workload.ValueAndGradient(x, reference);
            string row = $"| {name} | {instance.D} | {instance.K} | {instance.N} | ";

            var gradient = new double[workload.Dimension];
            double handF = Time(() => workload.Value(x)), handG = Time(() => workload.ValueAndGradient(x, gradient));
            row += $"{Ms(handF)} | {Ms(handG)} | {Ratio(handG, handF)} | ";
            var (compiled, statements, compileMs, note) = Compile(workload, x, referenceValue, reference, parallel: false);
            if (compiled is null)
            {
                allCorrect = false;
                output.WriteLine(row + $"{(statements is null ? "FAILED" : "WRONG")} | | | | {compileMs.ToString("F0", CultureInfo.InvariantCulture)} | {statements} | | | {note} |");
                continue;
            }
            double compiledF = Time(() => compiled.Value(x)), compiledG = Time(() => compiled.ValueAndGradient(x, gradient));
            row += $"{Ms(compiledF)} | {Ms(compiledG)} | {Ratio(compiledG, compiledF)} | {Ratio(compiledG, handG)} | " +
                $"{compileMs.ToString("F0", CultureInfo.InvariantCulture)} | {statements} | ";
            // GradOptions.Parallel: the sum over points in 16 fixed blocks; checked like the serial one, and for equal bits on every call.
            var (parallel, _, _, parallelNote) = Compile(workload, x, referenceValue, reference, parallel: true);
            string? unstable = parallel is null ? null : SameBits(parallel, x);
            if (parallel is null || unstable is not null)
            {
                allCorrect = false;
                output.WriteLine(row + $"{(parallel is null ? "WRONG" : "UNSTABLE")} | | {note} {parallelNote} {unstable} |");
                continue;
            }
            double parallelG = Time(() => parallel.ValueAndGradient(x, gradient));
            output.WriteLine(row + $"{Ms(parallelG)} | {Ratio(compiledG, parallelG)} | {note} |");
        }
        output.WriteLine();
        output.WriteLine($"Machine: {Environment.ProcessorCount} cores, {System.Runtime.InteropServices.RuntimeInformation.FrameworkDescription}; " +
            $"f = objective, ∇f = objective and gradient; compile ms = Grad.Compile + Bind + first call; every compiled value and gradient " +
            $"checked against the hand-written one (relative {GradientCheck.Tolerance:0e0}) before timing.");
        return allCorrect ? 0 : 1;
    }

    /// <summary>Compiles (<see cref="FecRetry"/>), binds, calls once and checks; on failure the gradient is null and the note says why.</summary>
    private static (IGradient? Gradient, int? Statements, double Milliseconds, string Note) Compile(GmmSum workload, double[] x, double value, double[] expected, bool parallel)
    {
        var clock = Stopwatch.StartNew();
        (CompiledGradient Compiled, int Declines) result;
        try
        {
            result = FecRetry.Compile(workload, parallel);
        }
        catch (Exception e)
        {
            return (null, null, clock.Elapsed.TotalMilliseconds, $"{e.GetType().Name}: {e.Message.Split('\n')[0].Replace("|", "/")}");
        }
        IGradient g = workload.Ready(result.Compiled);
        g.ValueAndGradient(x, new double[workload.Dimension]);
        double ms = clock.Elapsed.TotalMilliseconds;
        string declined = result.Declines > 0 ? $"FastExpressionCompiler declined {result.Declines}x, then compiled (ms include the declined attempts)" : "";
        string? error = GradientCheck.Gradient(g, x, value, expected) ?? GradientCheck.Value(g, x, value);
        return (error is null ? g : null, result.Compiled.StatementCount, ms, error is null ? declined : $"{error} {declined}");
    }

    /// <summary>Null when ten calls give the same value and gradient bits, else what differed.</summary>
    private static string? SameBits(IGradient g, double[] x)
    {
        var first = new double[x.Length];
        double value = g.ValueAndGradient(x, first);
        var again = new double[x.Length];
        for (int call = 0; call < 10; call++)
            if (g.ValueAndGradient(x, again) != value || !again.AsSpan().SequenceEqual(first)) return $"call {call} gave other bits";
        return null;
    }

    private static double Time(Action call) => CallTimer.Measure(call, WarmUp, Budget).Nanoseconds;

    private static string Ms(double nanoseconds) => (nanoseconds / 1e6).ToString(nanoseconds < 1e6 ? "F4" : nanoseconds < 1e8 ? "F2" : "F0", CultureInfo.InvariantCulture);

    private static string Ratio(double a, double b) => (a / b).ToString("F2", CultureInfo.InvariantCulture);
}
