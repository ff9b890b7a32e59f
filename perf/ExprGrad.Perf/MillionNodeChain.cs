using System.Diagnostics;
using static ExprGrad.Scalar;

namespace ExprGrad.Perf;

/// <summary>
/// `-- chain`: a straight-line program of 1,000,000 nodes (x = sin(x) * c + x, 333,334 times, traced
/// without Sum) compiled end to end, against the same computation written by hand as a loop with its
/// reverse sweep. Reports compile time per node (JIT included), run time ratio and peak memory.
/// </summary>
internal static class MillionNodeChain
{
    private const int Links = 333_334;
    private const double C = 1e-3;

    public static void Run(TextWriter output)
    {
        long allocatedBefore = GC.GetTotalAllocatedBytes();
        var clock = Stopwatch.StartNew();
        CompiledGradient g = Grad.Compile(v =>
        {
            Scalar x = v[0];
            for (int i = 0; i < Links; i++) x = Sin(x) * C + x;
            return x;
        }, 1);
        double compileMs = clock.Elapsed.TotalMilliseconds;
        double allocatedMb = (GC.GetTotalAllocatedBytes() - allocatedBefore) / 1e6;
        double peakMb = Process.GetCurrentProcess().PeakWorkingSet64 / 1e6;

        var gradient = new double[1];
        double[] x0 = [0.3];
        double value = g.ValueAndGradient(x0, gradient);
        var (handValue, handGradient) = Hand(0.3, new double[Links]);
        bool correct = Math.Abs(value - handValue) <= 1e-12 * Math.Abs(handValue)
            && Math.Abs(gradient[0] - handGradient) <= 1e-10 * Math.Abs(handGradient);

        double compiledMs = Best(() => g.ValueAndGradient(x0, gradient));
        var scratch = new double[Links];
        double handMs = Best(() => Hand(0.3, scratch));
        output.WriteLine($"| nodes | statements | compile ms | us/node | run ms | hand-written loop ms | ratio | allocated while compiling | peak working set |");
        output.WriteLine("|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
        output.WriteLine(correct
            ? $"| {g.NodeCount:N0} | {g.StatementCount:N0} | {compileMs:F0} | {compileMs * 1000 / g.NodeCount:F1} | {compiledMs:F2} | {handMs:F2} | {compiledMs / handMs:F2}x | {allocatedMb:F0} MB | {peakMb:F0} MB |"
            : $"| {g.NodeCount:N0} | WRONG: value {value:R} vs {handValue:R}, gradient {gradient[0]:R} vs {handGradient:R} | | | | | | | |");
    }

    // The same computation by hand: forward keeping x, then the reverse sweep of d/dx0.
    private static (double Value, double Gradient) Hand(double x, double[] xs)
    {
        for (int i = 0; i < Links; i++) { xs[i] = x; x = Math.Sin(x) * C + x; }
        double adjoint = 1;
        for (int i = Links - 1; i >= 0; i--) adjoint *= Math.Cos(xs[i]) * C + 1;
        return (x, adjoint);
    }

    private static double Best(Action call)
    {
        double best = double.PositiveInfinity;
        for (int i = 0; i < 15; i++)
        {
            long start = Stopwatch.GetTimestamp();
            call();
            best = Math.Min(best, Stopwatch.GetElapsedTime(start).TotalMilliseconds);
        }
        return best;
    }
}
