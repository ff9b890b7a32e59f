using System.Diagnostics;
using static ExprGrad.Scalar;

namespace ExprGrad.Perf;

/// <summary>
/// `-- chain`: a straight-line program of 1,000,000 nodes (x = sin(x) * c + x, 333,334 times, traced
/// without Sum) compiled end to end, against the same computation written by hand as a loop with its
/// reverse sweep. Reports compile time per node (JIT included), run time ratio and peak memory. Two hand-written
/// baselines: the natural one (adjoint *= C cos x + 1: one multiplication on the adjoint's dependency chain) and
/// one doing exactly the generated code's operations (adjoint = adjoint + (C adjoint) cos x, as the lecture's
/// algorithm accumulates: three on the chain); a loop-free C# method of a million statements cannot be written.
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
        var (sameValue, sameGradient) = HandSameOperations(0.3, scratch);
        correct &= value == sameValue && Math.Abs(gradient[0] - sameGradient) <= 1e-12 * Math.Abs(sameGradient);
        double handMs = Best(() => Hand(0.3, scratch)), sameMs = Best(() => HandSameOperations(0.3, scratch));
        output.WriteLine($"| nodes | statements | compile ms | us/node | run ms | hand loop ms | ratio | hand loop, same operations, ms | ratio | allocated while compiling | peak working set |");
        output.WriteLine("|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
        output.WriteLine(correct
            ? $"| {g.NodeCount:N0} | {g.StatementCount:N0} | {compileMs:F0} | {compileMs * 1000 / g.NodeCount:F1} | {compiledMs:F2} | {handMs:F2} | {compiledMs / handMs:F2}x | {sameMs:F2} | {compiledMs / sameMs:F2}x | {allocatedMb:F0} MB | {peakMb:F0} MB |"
            : $"| {g.NodeCount:N0} | WRONG: value {value:R} vs {handValue:R}, gradient {gradient[0]:R} vs {handGradient:R} / {sameGradient:R} | | | | | | | | | |");
    }

    // The same computation by hand: forward keeping x, then the reverse sweep of d/dx0.
    private static (double Value, double Gradient) Hand(double x, double[] xs)
    {
        for (int i = 0; i < Links; i++) { xs[i] = x; x = Math.Sin(x) * C + x; }
        double adjoint = 1;
        for (int i = Links - 1; i >= 0; i--) adjoint *= Math.Cos(xs[i]) * C + 1;
        return (x, adjoint);
    }

    // The generated code's operations, in its order: the adjoint gets the add's contribution plus the sine path's.
    private static (double Value, double Gradient) HandSameOperations(double x, double[] xs)
    {
        for (int i = 0; i < Links; i++) { xs[i] = x; x = x + Math.Sin(x) * C; }
        double adjoint = 1;
        for (int i = Links - 1; i >= 0; i--) adjoint = adjoint + C * adjoint * Math.Cos(xs[i]);
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
