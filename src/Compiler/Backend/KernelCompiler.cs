using System.Linq.Expressions;
using ExprGrad.Ops;
using FastExpressionCompiler;

namespace ExprGrad.Compiler;

/// <summary>
/// Step 4 of compilation: compiles <see cref="GeneratedCode"/> with the chosen backend (FastExpressionCompiler,
/// falling back to <c>Expression.Compile()</c> and saying so) and runs each delegate once, so JIT work and JIT
/// errors happen here, not on the user's first call.
/// </summary>
internal static class KernelCompiler
{
    public const string Fast = "FastExpressionCompiler";
    public const string System = "System.Linq.Expressions";

    // FastExpressionCompiler 6.0.0 declined large units at random (Reason: none) while other units were
    // compiled or JIT-compiled on another thread, never when everything ran on one thread (36 of 36 compiles of
    // GMM d=20 K=10 succeeded serially; 2 of 12 were declined in parallel, 1 of 36 with only its calls locked):
    // units are compiled one by one, under a lock shared by all compilations, before any runs.
    private static readonly object FecLock = new();

    public static CompiledKernel Compile(GeneratedCode code, CompilerBackend backend, CompileMonitor monitor)
    {
        if (code.Span is Expression<SpanKernelWithoutData> withoutData)
        {
            SpanKernelWithoutData compiled = CompileSpan(withoutData, backend, code, monitor, out bool fellBack);
            monitor.Start(CompileStage.WarmingUp);
            WarmUp(() => compiled(new double[code.Dimension], new double[code.GradientLength]));
            monitor.End(CompileStage.WarmingUp);
            return new CompiledKernel([], (x, _, gradient) => compiled(x, gradient), code.Layout, code.AccumulatesGradient,
                BackendName(backend, fellBack), code.CallsUserCode) { SpanWithoutData = compiled, StoredGradient = code.StoredGradient };
        }
        if (code.Span is Expression<SpanKernel> span)
        {
            SpanKernel compiled = CompileSpan(span, backend, code, monitor, out bool fellBack);
            monitor.Start(CompileStage.WarmingUp);
            WarmUp(() => compiled(new double[code.Dimension], new double[code.Layout.DataLength], new double[code.GradientLength]));
            monitor.End(CompileStage.WarmingUp);
            return new CompiledKernel([], compiled, code.Layout, code.AccumulatesGradient, BackendName(backend, fellBack), code.CallsUserCode)
                { StoredGradient = code.StoredGradient };
        }
        if (code.GuardedSpan is { } guarded)
        {
            PathKernel compiled = CompileSpan(guarded, backend, code, monitor, out bool fellBack);
            monitor.Start(CompileStage.WarmingUp);
            WarmUp(() => compiled(new double[code.Dimension], new double[code.Layout.DataLength], new double[code.GradientLength], out _));
            monitor.End(CompileStage.WarmingUp);
            return new CompiledKernel([], null, code.Layout, code.AccumulatesGradient, BackendName(backend, fellBack), code.CallsUserCode)
                { GuardedSpan = compiled };
        }
        // 1. Generate and compile the units one after the other (each unit's code is dropped once compiled): first the
        //    delegates a unit calls, filling the slots its code reads, then the unit.
        var units = new Action<double[]>[code.UnitCount];
        var compiler = new DelegateCompiler(backend, code);
        monitor.Start(CompileStage.Compiling, units.Length);
        for (int u = 0; u < units.Length; u++)
        {
            units[u] = CompileUnit(code, u, compiler);
            monitor.Step(CompileStage.Compiling, units.Length);
            monitor.ThrowIfCancelled();
        }
        // 2. Run each once, in parallel: the JIT, not the expression compiler, dominates compile time. Chunks of
        //    split loop bodies run alone first (their cell indices are constants or the counter, here 0).
        int warmUps = compiler.Chunks.Count + units.Length;
        monitor.Start(CompileStage.WarmingUp, warmUps);
        var parallel = new ParallelOptions { CancellationToken = monitor.CancellationToken };
        Parallel.For(0, compiler.Chunks.Count, parallel, () => new double[code.WorkspaceSize], (c, _, warmUp) =>
        {
            WarmUp(() => compiler.Chunks[c](warmUp, warmUp, 0));
            monitor.Step(CompileStage.WarmingUp, warmUps);
            return warmUp;
        }, _ => { });
        Parallel.For(0, units.Length, parallel, () => new double[code.WorkspaceSize], (u, _, warmUp) =>
        {
            WarmUp(() => units[u](warmUp)); // zeros: every index is a constant or a loop counter, always in range
            monitor.Step(CompileStage.WarmingUp, warmUps);
            return warmUp;
        }, _ => { });
        return new CompiledKernel(units, null, code.Layout, code.AccumulatesGradient, BackendName(backend, compiler.FellBack), code.CallsUserCode);
    }

    /// <summary>Runs compiled code once for its JIT work, without calling the user's delegates (they give 0 meanwhile).</summary>
    private static void WarmUp(Action run)
    {
        UserCode.Suppressed = true;
        try
        {
            run();
        }
        finally
        {
            UserCode.Suppressed = false;
        }
    }

    /// <summary>
    /// Compiles unit <paramref name="u"/> and the delegates it calls. When FastExpressionCompiler declines one of them,
    /// the unit's code is generated again, with new expression objects, and compiled again: its random declines depend on
    /// the objects, not on the code (the same tree declined again on every retry; the same code generated anew
    /// compiled). Only the last attempt falls back to, or fails for, the backend's policy.
    /// </summary>
    private static Action<double[]> CompileUnit(GeneratedCode code, int u, DelegateCompiler compiler)
    {
        int chunks = compiler.Chunks.Count;
        for (int attempt = 1; ; attempt++)
        {
            UnitCode unit = code.Unit(u);
            compiler.Unit = u;
            compiler.LastAttempt = attempt == Tuning.FastCompilerAttempts;
            try
            {
                foreach (NestedLambda nested in unit.Delegates) nested.CompileWith(compiler);
                return compiler.Compile(unit.Code);
            }
            catch (FastCompilerDeclined) when (!compiler.LastAttempt)
            {
                compiler.Chunks.RemoveRange(chunks, compiler.Chunks.Count - chunks);
            }
        }
    }

    /// <summary>A span kernel (one lambda, nothing nested): FastExpressionCompiler, falling back as the backend allows.</summary>
    private static T CompileSpan<T>(Expression<T> span, CompilerBackend backend, GeneratedCode code, CompileMonitor monitor, out bool fellBack)
        where T : Delegate
    {
        monitor.Start(CompileStage.Compiling);
        T? fast = backend == CompilerBackend.SystemLinqExpressions ? null : CompileFast(span);
        if (fast is null && backend == CompilerBackend.FastExpressionCompiler) throw Declined(span, 0, code);
        fellBack = fast is null;
        T compiled = fast ?? span.Compile();
        monitor.End(CompileStage.Compiling);
        return compiled;
    }

    private static T? CompileFast<T>(Expression<T> lambda) where T : Delegate
    {
        lock (FecLock) return lambda.CompileFast(ifFastFailedReturnNull: true);
    }

    /// <summary>A decline of FastExpressionCompiler before the last attempt: the unit is generated and compiled again.</summary>
    private sealed class FastCompilerDeclined : Exception;

    /// <summary>Compiles units and the delegates they call with one backend, remembering a fallback.</summary>
    private sealed class DelegateCompiler(CompilerBackend backend, GeneratedCode code) : IDelegateCompiler
    {
        /// <summary>The unit being compiled, for error messages.</summary>
        public int Unit { get; set; }

        public bool FellBack { get; private set; }

        public List<LoopChunk> Chunks { get; } = [];

        /// <summary>False while a decline of FastExpressionCompiler still leads to another attempt (<see cref="CompileUnit"/>).</summary>
        public bool LastAttempt { get; set; } = true;

        public T Compile<T>(Expression<T> lambda)
            where T : Delegate
        {
            T? compiled = backend == CompilerBackend.SystemLinqExpressions ? null : CompileFast(lambda);
            if (compiled is null)
            {
                if (!LastAttempt) throw new FastCompilerDeclined();
                if (backend == CompilerBackend.FastExpressionCompiler) throw Declined(lambda, Unit, code);
                FellBack |= backend == CompilerBackend.Auto;
                compiled = lambda.Compile();
            }
            if (compiled is LoopChunk chunk) Chunks.Add(chunk);
            return compiled;
        }
    }

    private static string BackendName(CompilerBackend backend, bool fellBack)
        => backend == CompilerBackend.SystemLinqExpressions ? System : fellBack ? $"{System} (fallback: {Fast} declined)" : Fast;

    private static InvalidOperationException Declined(LambdaExpression lambda, int unit, GeneratedCode code)
    {
        string what = lambda.Name is { } name && !name.StartsWith("Unit", StringComparison.Ordinal) ? $"{name} of " : "";
        return new($"FastExpressionCompiler could not compile {what}unit {unit} of {Math.Max(code.UnitCount, 1)} " +
            $"({code.StatementCount} statements in all) and the options require it (GradOptions.Backend = FastExpressionCompiler). " +
            $"Use CompilerBackend.Auto to fall back. Reason: {Reason(lambda)}");
    }

    // Compiling again with ThrowOnNotSupportedExpression makes FastExpressionCompiler say why it declined.
    private static string Reason(LambdaExpression lambda)
    {
        try
        {
            lock (FecLock) lambda.CompileFast(true, CompilerFlags.ThrowOnNotSupportedExpression);
            return "none given";
        }
        catch (Exception e)
        {
            return e is NotSupportedExpressionException n ? $"{n.Reason} ({n.Message})" : $"{e.GetType().Name}: {e.Message}";
        }
    }
}
