using static ExprGrad.Scalar;

namespace ExprGrad.Optimization.Tests;

/// <summary>The examples in docs/optimization.md, verbatim, so the page cannot drift from the API.</summary>
public class DocumentationExampleTests
{
    [Fact]
    public void The_api_example_runs_as_documented()
    {
        // --- docs/optimization.md: API example ---
        CompiledGradient rosenbrock = Grad.Compile(x => Square(1 - x[0]) + 100 * Square(x[1] - Square(x[0])), 2);

        OptimizationResult r = Lbfgs.Minimize(rosenbrock, [-1.2, 1.0]);
        // r.X ≈ [1, 1], r.Reason == StopReason.GradientConverged, 37 iterations, 46 evaluations

        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        var log = new List<string>();
        var progress = new ListProgress(p => log.Add($"{p.Iteration}: f = {p.Value:G6}, |g| = {p.GradientNorm:G3}"));
        OptimizationResult a = Adam.Minimize(rosenbrock, [-1.2, 1.0],
            new AdamOptions { LearningRate = 0.02, MaxIterations = 20_000, GradientTolerance = 1e-6 }, progress, cts.Token);
        // --- end of example ---

        Assert.Equal(StopReason.GradientConverged, r.Reason);
        Assert.Equal(1, r.X[0], 1e-8);
        Assert.Equal(1, r.X[1], 1e-8);
        // The page quotes 37 and 46; a last-bit change in the generated code may move them a little.
        Assert.InRange(r.Iterations, 32, 42);
        Assert.InRange(r.Evaluations, 40, 55);
        Assert.Equal(StopReason.GradientConverged, a.Reason);
        Assert.Equal(1, a.X[0], 1e-5);
        Assert.Equal(a.Iterations, log.Count);
    }

    /// <summary>The synchronous IProgress the example uses (Progress&lt;T&gt; would post each report to the thread pool).</summary>
    private sealed class ListProgress(Action<OptimizationProgress> report) : IProgress<OptimizationProgress>
    {
        public void Report(OptimizationProgress value) => report(value);
    }
}
