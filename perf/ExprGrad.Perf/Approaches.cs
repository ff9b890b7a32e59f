using System.Diagnostics;
using ExprGrad.Workloads;

namespace ExprGrad.Perf;

/// <summary>The approaches every workload is measured with, in table order.</summary>
internal static class Approaches
{
    /// <summary>Forward mode costs one pass of f per input: above this dimension it is not run.</summary>
    public const int ForwardLimit = 400;

    public static readonly Approach HandPrimal = new("hand primal", false, w => new Prepared(w, PrimalOnly: true));
    public static readonly Approach HandGradient = new("hand gradient", true, w => new Prepared(w, PrimalOnly: false));
    public static readonly Approach CompiledFast = new("compiled (FEC)", true, w => Compile(w, CompilerBackend.FastExpressionCompiler));
    public static readonly Approach CompiledUnrolled = new("compiled, loops unrolled (FEC)", true,
        w => Compile(w, CompilerBackend.FastExpressionCompiler, recoverLoops: false)) { AppliesTo = w => w.HasPlainLoops };
    public static readonly Approach CompiledSystem = new("compiled (Expression.Compile)", true, w => Compile(w, CompilerBackend.SystemLinqExpressions));
    public static readonly Approach Tape = new("tape", true, w => new Prepared(w.Tape(), PrimalOnly: false));
    public static readonly Approach Forward = new("forward", true, w => w.Dimension > ForwardLimit
        ? new Prepared(null, false, Note: $"not run: {w.Dimension} passes of f")
        : new Prepared(w.Forward(), PrimalOnly: false));

    public static IReadOnlyList<Approach> All { get; } = [HandPrimal, HandGradient, CompiledFast, CompiledUnrolled, CompiledSystem, Tape, Forward];

    /// <summary>Every approach, then the second-order ones the workload has (issue 15: <see cref="SecondOrderApproaches"/>).</summary>
    public static IReadOnlyList<Approach> For(Workload w) => [.. All, .. SecondOrderApproaches.For(w)];

    // A data workload compiles its function of data once and binds its data (Workload.Compile, Workload.Ready).
    // Plain C# loops are recovered as loops unless recoverLoops is false; the note gives the generated code's size.
    private static Prepared Compile(Workload w, CompilerBackend backend, bool recoverLoops = true)
    {
        var clock = Stopwatch.StartNew();
        CompiledGradient compiled = w.Compile(new GradOptions { Backend = backend, RecoverLoops = recoverLoops });
        IGradient g = w.Ready(compiled);
        g.ValueAndGradient(w.StartPoint(), new double[w.Dimension]);
        return new Prepared(g, false, clock.Elapsed.TotalMilliseconds, compiled.NodeCount, $"{compiled.StatementCount} statements");
    }
}
