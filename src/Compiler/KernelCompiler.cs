using System.Linq.Expressions;
using System.Text;
using FastExpressionCompiler;

namespace ExprGrad.Compiler;

/// <summary>
/// Compiles a <see cref="Kernel"/>'s units with the chosen backend and runs each once, so JIT work and JIT
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

    // It also declines at random, rarely, when nothing else runs (about 1 in 50 of the largest GMM loop bodies
    // under test load) and compiles the same tree on a second try: a decline is retried before it counts.
    private const int FastAttempts = 3;

    private static T? CompileFast<T>(Expression<T> lambda) where T : Delegate
    {
        lock (FecLock)
        {
            for (int attempt = 0; attempt < FastAttempts; attempt++)
                if (lambda.CompileFast(ifFastFailedReturnNull: true) is { } compiled) return compiled;
            return null;
        }
    }

    public static CompiledKernel Compile(Kernel kernel, CompilerBackend backend)
    {
        if (kernel.Span is { } span)
        {
            SpanKernel? fast = backend == CompilerBackend.SystemLinqExpressions ? null : CompileFast(span);
            if (fast is null && backend == CompilerBackend.FastExpressionCompiler) throw Declined(span, 0, kernel);
            SpanKernel compiled = fast ?? span.Compile();
            compiled(new double[kernel.Dimension], new double[kernel.Layout.DataLength], new double[kernel.GradientLength]);
            return new CompiledKernel([], compiled, kernel.Layout, kernel.AccumulatesGradient, BackendName(backend, fast is null));
        }
        // 1. Generate and compile the units one after the other (each tree is dropped once compiled); the loop
        //    delegates a unit calls are compiled while it is generated.
        var delegates = new Action<double[]>[kernel.UnitCount];
        var compiler = new DelegateCompiler(backend, kernel);
        for (int u = 0; u < delegates.Length; u++) delegates[u] = compiler.Compile(kernel.Unit(u, compiler), u);
        // 2. Run each once, in parallel: the JIT, not the expression compiler, dominates compile time. Chunks of
        //    split loop bodies run alone first (their cell indices are constants or the counter, here 0).
        Parallel.For(0, compiler.Chunks.Count, () => new double[kernel.WorkspaceSize], (c, _, warmUp) =>
        {
            compiler.Chunks[c](warmUp, warmUp, 0);
            return warmUp;
        }, _ => { });
        Parallel.For(0, delegates.Length, () => new double[kernel.WorkspaceSize], (u, _, warmUp) =>
        {
            delegates[u](warmUp); // zeros: every index is a constant or a loop counter, always in range
            return warmUp;
        }, _ => { });
        return new CompiledKernel(delegates, null, kernel.Layout, kernel.AccumulatesGradient, BackendName(backend, compiler.FellBack));
    }

    /// <summary>Compiles units and the delegates they call with one backend, remembering a fallback.</summary>
    private sealed class DelegateCompiler(CompilerBackend backend, Kernel kernel) : IDelegateCompiler
    {
        private int unit;

        public bool FellBack { get; private set; }

        public List<LoopChunk> Chunks { get; } = [];

        public T Compile<T>(Expression<T> lambda, int unit)
            where T : Delegate
        {
            this.unit = unit;
            return Compile(lambda);
        }

        public T Compile<T>(Expression<T> lambda)
            where T : Delegate
        {
            T? compiled = backend == CompilerBackend.SystemLinqExpressions ? null : CompileFast(lambda);
            if (compiled is null)
            {
                if (backend == CompilerBackend.FastExpressionCompiler) throw Declined(lambda, unit, kernel);
                FellBack |= backend == CompilerBackend.Auto;
                compiled = lambda.Compile();
            }
            if (compiled is LoopChunk chunk) Chunks.Add(chunk);
            return compiled;
        }
    }

    private static string BackendName(CompilerBackend backend, bool fellBack)
        => backend == CompilerBackend.SystemLinqExpressions ? System : fellBack ? $"{System} (fallback: {Fast} declined)" : Fast;

    private static InvalidOperationException Declined(LambdaExpression lambda, int unit, Kernel kernel) => new(
        $"FastExpressionCompiler could not compile {(lambda.Name is { } name && !name.StartsWith("Unit", StringComparison.Ordinal) ? $"{name} of " : "")}" +
        $"unit {unit} of {Math.Max(kernel.UnitCount, 1)} ({kernel.StatementCount} statements in all) " +
        $"and the options require it (GradOptions.Backend = FastExpressionCompiler). Use CompilerBackend.Auto to fall back. Reason: {Reason(lambda)}");

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

    /// <summary>The generated code as C#, unit by unit (each preceded by the loop delegates it calls), with deterministic names.</summary>
    public static string ToCSharp(Kernel kernel)
    {
        var text = new StringBuilder();
        if (kernel.Span is { } span) text.AppendLine(span.ToCSharpString());
        var printer = new Printer(text);
        for (int u = 0; u < kernel.UnitCount; u++) text.AppendLine(kernel.Unit(u, printer).ToCSharpString());
        return text.ToString().Replace("\r\n", "\n");
    }

    /// <summary>Prints the loop delegates instead of compiling them (the printed unit shows them as constants).</summary>
    private sealed class Printer(StringBuilder text) : IDelegateCompiler
    {
        public T Compile<T>(Expression<T> lambda)
            where T : Delegate
        {
            text.AppendLine(lambda.ToCSharpString());
            return Expression.Lambda<T>(Expression.Throw(Expression.Constant(new InvalidOperationException("Printed, not compiled.")), lambda.ReturnType),
                lambda.Parameters).Compile();
        }
    }
}

/// <summary>Compiled code: a span kernel, or units and the workspace layout they need.</summary>
internal sealed record CompiledKernel(Action<double[]>[] Units, SpanKernel? Span, Layout Layout, bool AccumulatesGradient, string Backend)
{
    public int WorkspaceSize => Layout.WorkspaceSize;

    /// <summary>
    /// Runs the code on a per-thread workspace: copies <paramref name="x"/> and <paramref name="data"/> in,
    /// runs the units, copies the gradient out, returns the value.
    /// </summary>
    public double Run(ReadOnlySpan<double> x, ReadOnlySpan<double> data, Span<double> gradient)
    {
        if (Span is { } span) return AccumulatesGradient ? RunAccumulating(span, x, data, gradient) : span(x, data, gradient);
        double[] w = Workspace.Get(Layout.WorkspaceSize);
        x.CopyTo(w);
        data.CopyTo(w.AsSpan(Layout.Data));
        if (AccumulatesGradient) Array.Clear(w, Layout.Gradient, Layout.GradientLength);
        var units = Units;
        for (int u = 0; u < units.Length; u++) units[u](w);
        w.AsSpan(Layout.Gradient, Layout.GradientLength).CopyTo(gradient);
        return w[Layout.Value];
    }

    /// <summary>A span kernel whose loops add into the gradient as they run: zero it first, and never read x or data through it.</summary>
    private static double RunAccumulating(SpanKernel span, ReadOnlySpan<double> x, ReadOnlySpan<double> data, Span<double> gradient)
    {
        if (x.Overlaps(gradient) || data.Overlaps(gradient))
        {
            double[] copy = Workspace.Get(x.Length + data.Length);
            x.CopyTo(copy);
            data.CopyTo(copy.AsSpan(x.Length));
            x = copy.AsSpan(0, x.Length);
            data = copy.AsSpan(x.Length, data.Length);
        }
        gradient.Clear();
        return span(x, data, gradient);
    }
}
