using System.Reflection;
using System.Runtime.ExceptionServices;
using ExprGrad.Ops;

namespace ExprGrad.Compiler;

/// <summary>
/// A top-level loop run in parallel (<see cref="GradOptions.Parallel"/>): the iterations are cut into
/// <see cref="Tuning.ParallelBlocks"/> fixed ranges (one per iteration if there are fewer), whatever the number of cores, each run by the loop's <see
/// cref="LoopRunner"/>
/// on a private copy of the workspace's computed part (captures copied in, gradient zeroed); then, on the calling
/// thread, the blocks' accumulators and gradients are added in block order. The ranges and the order of the
/// additions never depend on scheduling, so every run gives the same bits on every machine.
/// </summary>
internal sealed class ParallelLoop(DelegateSlot<LoopRunner> runner, int count, int blocks, int captureCell, int captureCount,
    int accumulatorCell, int accumulatorCount, int gradientCell, int gradientLength, int scratchSize, bool callsUserCode = false)
{
    public static readonly MethodInfo RunMethod = typeof(ParallelLoop).GetMethod(nameof(Run))!;

    /// <summary>Runs the loop on workspace <paramref name="w"/>: its accumulator cells receive the sums, its gradient cells the scatters.</summary>
    public void Run(double[] w)
    {
        double[][] scratch = Workspace.Blocks(blocks, scratchSize);
        LoopRunner run = runner.Value!;
        if (callsUserCode) RunCallingOut(run, w, scratch);
        else Parallel.For(0, blocks, b => RunBlock(run, w, scratch[b], b));
        for (int j = 0; j < accumulatorCount; j++)
        {
            double sum = scratch[0][accumulatorCell + j];
            for (int b = 1; b < blocks; b++) sum += scratch[b][accumulatorCell + j];
            w[accumulatorCell + j] = sum;
        }
        Span<double> gradient = w.AsSpan(gradientCell, gradientLength);
        for (int b = 0; b < blocks; b++)
        {
            ReadOnlySpan<double> part = scratch[b].AsSpan(gradientCell, gradientLength);
            for (int i = 0; i < gradient.Length; i++) gradient[i] += part[i];
        }
    }

    /// <summary>Block <paramref name="b"/> on its private copy <paramref name="p"/>: captures copied in, gradient zeroed.</summary>
    private void RunBlock(LoopRunner run, double[] w, double[] p, int b)
    {
        Array.Copy(w, captureCell, p, captureCell, captureCount);
        Array.Clear(p, gradientCell, gradientLength);
        run(w, p, (int)((long)count * b / blocks), (int)((long)count * (b + 1) / blocks));
    }

    /// <summary>
    /// The blocks of a body that calls the user's delegates: each runs with its thread's workspace level raised (compiled
    /// code the delegates run gets arrays of its own) and, during compiling's warm-up run, without user calls on any
    /// thread. An exception is rethrown unchanged once every block has run: that of the first block that threw, so the
    /// caller sees the same exception whichever threads ran the blocks.
    /// </summary>
    private void RunCallingOut(LoopRunner run, double[] w, double[][] scratch)
    {
        bool suppressed = UserCode.Suppressed;
        Exception?[]? errors = null;
        Parallel.For(0, blocks, b =>
        {
            bool before = UserCode.Suppressed;
            UserCode.Suppressed = suppressed;
            Workspace.Enter();
            try
            {
                RunBlock(run, w, scratch[b], b);
            }
            catch (Exception e)
            {
                Interlocked.CompareExchange(ref errors, new Exception?[blocks], null);
                errors![b] = e;
            }
            finally
            {
                Workspace.Exit();
                UserCode.Suppressed = before;
            }
        });
        if (errors?.FirstOrDefault(e => e is not null) is { } first) ExceptionDispatchInfo.Throw(first);
    }
}
