namespace ExprGrad.Optimization.Tests;

/// <summary>
/// "No allocation per iteration after setup", measured: a run of many iterations allocates exactly as many
/// bytes as a run of a few (setup and the result), with progress reporting and a live cancellation token.
/// </summary>
public class AllocationTests
{
    private const int Dimension = 20;
    private const int FewIterations = 3;
    private const int ManyIterations = 30;

    // Small enough for momentum's fixed rate to stay stable, and no method converges within 30 iterations.
    private const double Scale = 0.01;

    [Theory]
    [MemberData(nameof(Optimizer.All), MemberType = typeof(Optimizer))]
    public void Iterations_allocate_nothing_with_a_hand_written_gradient(Optimizer optimizer) =>
        AssertIterationsAllocateNothing(optimizer, HandWritten.Rosenbrock(Dimension, Scale));

    [Theory]
    [MemberData(nameof(Optimizer.All), MemberType = typeof(Optimizer))]
    public void Iterations_allocate_nothing_with_a_compiled_gradient(Optimizer optimizer)
    {
        IGradient rosenbrock = Grad.Compile(x =>
        {
            Scalar sum = 0;
            for (int k = 0; k < Dimension; k += 2)
                sum += Scale * (100 * Scalar.Square(x[k + 1] - Scalar.Square(x[k])) + Scalar.Square(1 - x[k]));
            return sum;
        }, Dimension);
        AssertIterationsAllocateNothing(optimizer, rosenbrock);
    }

    private static void AssertIterationsAllocateNothing(Optimizer optimizer, IGradient f)
    {
        double[] x0 = HandWritten.RosenbrockStart(Dimension);
        var progress = new CountingProgress();
        using var cts = new CancellationTokenSource();

        OptimizationResult Run(int iterations) => optimizer.Minimize(f, x0, iterations, progress, cts.Token);
        Run(ManyIterations); // warm-up: JIT, static initialisers, the compiled kernel's workspace

        long before = GC.GetAllocatedBytesForCurrentThread();
        OptimizationResult few = Run(FewIterations);
        long afterFew = GC.GetAllocatedBytesForCurrentThread();
        OptimizationResult many = Run(ManyIterations);
        long afterMany = GC.GetAllocatedBytesForCurrentThread();

        // Both runs really iterate (no early convergence), else the comparison would prove nothing.
        Assert.Equal(StopReason.IterationLimit, few.Reason);
        Assert.Equal(StopReason.IterationLimit, many.Reason);
        Assert.Equal(FewIterations, few.Iterations);
        Assert.Equal(ManyIterations, many.Iterations);
        Assert.Equal(afterFew - before, afterMany - afterFew);
    }

    /// <summary>An allocation-free progress sink.</summary>
    private sealed class CountingProgress : IProgress<OptimizationProgress>
    {
        public int Reports;
        public void Report(OptimizationProgress value) => Reports++;
    }
}
