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
    public static readonly Approach CompiledInterpreted = new("compiled, loops unrolled, interpreted while compiling", true, CompileInterpreted)
        { AppliesTo = w => w.HasPlainLoops && w.Dimension >= 1000 };
    public static readonly Approach CompiledSystem = new("compiled (Expression.Compile)", true, w => Compile(w, CompilerBackend.SystemLinqExpressions));
    public static readonly Approach Tape = new("tape", true, w => new Prepared(w.Tape(), PrimalOnly: false));
    public static readonly Approach Forward = new("forward", true, w => w.Dimension > ForwardLimit
        ? new Prepared(null, false, Note: $"not run: {w.Dimension} passes of f")
        : new Prepared(w.Forward(), PrimalOnly: false));

    public static IReadOnlyList<Approach> All { get; } = [HandPrimal, HandGradient, CompiledFast, CompiledUnrolled, CompiledInterpreted, CompiledSystem, Tape, Forward];

    /// <summary>Every approach, then the second-order ones the workload has (issue 15: <see cref="SecondOrderApproaches"/>).</summary>
    public static IReadOnlyList<Approach> For(Workload w) => [.. All, .. SecondOrderApproaches.For(w)];

    // Issue 13 §3: the first gradient before the JIT has compiled anything (GradOptions.InterpretWhileCompiling); the calls
    // made while the code compiles in the background are timed for the note, then the row times the compiled code.
    private static Prepared CompileInterpreted(Workload w)
    {
        var clock = Stopwatch.StartNew();
        CompiledGradient compiled = w.Compile(new GradOptions { RecoverLoops = false, InterpretWhileCompiling = true });
        IGradient g = w.Ready(compiled);
        double[] x = w.StartPoint(), gradient = new double[w.Dimension];
        g.ValueAndGradient(x, gradient);
        double first = clock.Elapsed.TotalMilliseconds;
        int calls = 0;
        var meanwhile = Stopwatch.StartNew();
        while (!compiled.WhenCompiled.IsCompleted) { g.ValueAndGradient(x, gradient); calls++; }
        double interpretedMs = meanwhile.Elapsed.TotalMilliseconds;
        compiled.WhenCompiled.Wait(); // a failed background compile throws here: the table shows the error
        return new Prepared(g, false, first, compiled.NodeCount,
            $"first call interpreted; {calls} calls at {interpretedMs * 1000 / Math.Max(calls, 1):F0} µs while the JIT ran, compiled code " +
            $"{clock.Elapsed.TotalMilliseconds:F0} ms after Grad.Compile began; {compiled.StatementCount} statements");
    }

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
