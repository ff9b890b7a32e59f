using ExprGrad.Workloads;

namespace ExprGrad.Perf;

/// <summary>
/// Compiles with FastExpressionCompiler only, retrying a decline. FastExpressionCompiler 6.0.0 sporadically
/// declines loop bodies of thousands of statements (an open bug, kept failing in
/// tests/ExprGrad.Workloads.Tests/LargeLoopBodyFecDeclineTests.cs) and the same function compiles on a retry;
/// the GMM measurements retry and report how often it declined, so a decline is seen, not hidden.
/// </summary>
internal static class FecRetry
{
    public const int Attempts = 3;

    /// <summary>The compiled gradient and the number of declined attempts before it.</summary>
    /// <exception cref="InvalidOperationException">Every attempt was declined (the last decline is thrown).</exception>
    public static (CompiledGradient Compiled, int Declines) Compile(Workload workload, bool parallel = false)
    {
        var options = new GradOptions { Backend = CompilerBackend.FastExpressionCompiler, Parallel = parallel };
        for (int declines = 0; ; declines++)
        {
            try
            {
                return (workload.Compile(options), declines);
            }
            catch (InvalidOperationException) when (declines < Attempts - 1)
            {
            }
        }
    }
}
