using ExprGrad.Compiler;

namespace ExprGrad;

/// <summary>Options of <see cref="Grad.Compile(Func{Vec, Scalar}, int, GradOptions?)"/>.</summary>
public sealed record GradOptions
{
    /// <summary>Which expression compiler builds the delegate (default: FastExpressionCompiler, falling back).</summary>
    /// <exception cref="ArgumentOutOfRangeException">The value is not one of the <see cref="CompilerBackend"/> members.</exception>
    public CompilerBackend Backend
    {
        get => backend;
        init => backend = Enum.IsDefined(value) ? value : throw new ArgumentOutOfRangeException(nameof(Backend), value,
            $"GradOptions.Backend = {(int)value} is not a CompilerBackend (Auto, FastExpressionCompiler or SystemLinqExpressions).");
    }

    private readonly CompilerBackend backend = CompilerBackend.Auto;

    /// <summary>
    /// "Strong zero" adjoints: a zero adjoint times anything, even inf or NaN, contributes 0. Makes
    /// <c>Where(x &gt; 0, Sqrt(x), 0)</c> and <c>Sqrt(Square(x))</c> differentiable at 0 (gradient 0 instead of
    /// NaN) at the price of one comparison per partial. Off by default: gradients then follow IEEE 754.
    /// </summary>
    public bool NanSafe { get; init; }

    /// <summary>
    /// Runs each top-level <see cref="Scalar.Sum(int, System.Func{LoopIndex, Scalar})"/> with enough work (iterations times
    /// body size of at least 200,000 operations) on all cores: the iterations are cut into 16 fixed blocks (fewer for
    /// a sum of fewer than 16 iterations) whatever the number of cores, and the blocks' sums and gradients are added in block order, so
    /// the result has the same bits on every run and every machine. It differs from the serial result in the last
    /// bits (another summation order). A parallel call allocates a few hundred bytes (task scheduling); off by default.
    /// </summary>
    public bool Parallel { get; init; }

    /// <summary>
    /// Most paths compiled for a function that branches on its values (an <c>if</c> on a <see cref="Condition"/>), each the
    /// code of one set of decisions, checked at every call (default 8). A call whose point takes no compiled path past this
    /// many is answered by tape mode on the same function (correct, slower) and counted in
    /// <see cref="CompiledGradient.FallbackCount"/>; 0 sends every call of such a function to tape mode.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">The value is negative.</exception>
    public int MaxPaths
    {
        get => maxPaths;
        init => maxPaths = value >= 0 ? value : throw new ArgumentOutOfRangeException(nameof(MaxPaths), value,
            $"GradOptions.MaxPaths = {value} is negative: it is the number of paths to compile (0 sends every call to tape mode).");
    }

    private readonly int maxPaths = 8;

    /// <summary>
    /// Compiles a sum written as a plain C# loop (<c>for (...) s += term(i);</c>, unrolled by tracing) as a loop, as if
    /// it were written with <see cref="Scalar.Sum(int, System.Func{LoopIndex, Scalar})"/>: when at least 8 consecutive
    /// terms are the same computation on entries at indices affine in i, on values computed before the loop and on
    /// constants (a constant that differs per term is read from a table). The loop adds the same terms in the same order,
    /// so the value keeps its bits; the gradient agrees to rounding. On by default; off compiles the unrolled code.
    /// </summary>
    public bool RecoverLoops { get; init; } = true;

    /// <summary>
    /// Makes a large straight-line program usable as soon as it is traced and transformed: <c>Grad.Compile</c> returns
    /// before the program's code is generated and compiled by the JIT (the cost that grows with a graph that has no loop
    /// to recover: seconds for 100,000 nodes); calls run the fused forward-plus-reverse program node by node meanwhile (an
    /// interpreted sweep, 4-14x slower than the compiled code as measured, allocating nothing per call), and background tasks
    /// generate and compile the code, which takes over once it is ready (<see cref="CompiledGradient.WhenCompiled"/>).
    /// Values and gradients have the same bits either way. Applies to programs of more than 1,000 operations without
    /// loops, branches or black boxes (custom ops of one or two arguments are fine); others are compiled before
    /// <c>Grad.Compile</c> returns, as without this option. <c>Grad.CompileHessian</c> takes it for the gradient it computes
    /// (its second-derivative code is compiled as before); Jacobians do not take it. A background compile that fails or is cancelled
    /// (<see cref="CancellationToken"/>) leaves the calls interpreted: <see cref="CompiledGradient.WhenCompiled"/> says why.
    /// Off by default.
    /// </summary>
    public bool InterpretWhileCompiling { get; init; }

    /// <summary>
    /// Receives the compile's progress, step by step and unit by unit (<see cref="CompileProgress"/>); null (default)
    /// for none. Useful for graphs of hundreds of thousands of nodes, whose compile takes seconds. Reports are made
    /// from the compiling thread and, while warming up, from thread-pool threads (with <see cref="InterpretWhileCompiling"/>,
    /// generating and compiling are reported from thread-pool threads, after <c>Grad.Compile</c> returned); <see cref="Progress{T}"/> posts each
    /// to the context it was created on, so its handler runs later, asynchronously, and may see a report after
    /// <c>Grad.Compile</c> has returned.
    /// </summary>
    public IProgress<CompileProgress>? Progress { get; init; }

    /// <summary>
    /// Cancels a compile: checked between steps and after every unit; <c>Grad.Compile</c> then throws
    /// <see cref="OperationCanceledException"/> and nothing half-built remains (a compile keeps no state outside the
    /// <see cref="CompiledGradient"/> it returns). Not checked while the user's function is traced, nor by calls of
    /// the compiled gradient.
    /// </summary>
    public CancellationToken CancellationToken { get; init; }

    /// <summary>
    /// How <see cref="Grad.CompileJacobian(Func{Vec, Vec}, int, GradOptions?)"/> computes a Jacobian: by columns (forward mode) or
    /// by rows (reverse mode). <see cref="ExprGrad.JacobianMode.Auto"/> (default) estimates both and takes the cheaper;
    /// <see cref="CompiledJacobian.Mode"/> says which ran.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">The value is not one of the <see cref="ExprGrad.JacobianMode"/> members.</exception>
    public JacobianMode JacobianMode
    {
        get => jacobianMode;
        init => jacobianMode = Enum.IsDefined(value) ? value : throw new ArgumentOutOfRangeException(nameof(JacobianMode), value,
            $"GradOptions.JacobianMode = {(int)value} is not a JacobianMode (Auto, Forward or Reverse).");
    }

    private readonly JacobianMode jacobianMode = JacobianMode.Auto;

    // Code shape, for tests that make every loop split and every sum parallel (the defaults and their measurements: Tuning).
    internal int MinRecoveredIterations { get; init; } = Tuning.MinRecoveredIterations;
    internal int UnitSize { get; init; } = Tuning.UnitSize;
    internal int SplitAbove { get; init; } = Tuning.SplitAbove;
    internal long ParallelMinimumWork { get; init; } = Tuning.ParallelMinimumWork;

    // Jacobians and Hessians compressed by colouring (false: one column, row or Hessian-vector product per input or output,
    // the reference the tests compare colourings with).
    internal bool Compress { get; init; } = true;

    // Tests: InterpretWhileCompiling on small programs too, and its background compile waiting for a task, so calls stay
    // interpreted until the test releases it.
    internal int InterpretAbove { get; init; } = Tuning.InterpretAbove;
    internal Task? HoldBackgroundCompile { get; init; }

    /// <summary>The default options.</summary>
    public static GradOptions Default { get; } = new();
}

/// <summary>The expression compiler behind a <see cref="CompiledGradient"/>.</summary>
public enum CompilerBackend
{
    /// <summary>
    /// FastExpressionCompiler; when it declines a tree, System.Linq.Expressions (reported in <see cref="CompiledGradient.Backend"/>).
    /// </summary>
    Auto,

    /// <summary>FastExpressionCompiler only: throws if it cannot compile the tree.</summary>
    FastExpressionCompiler,

    /// <summary><c>LambdaExpression.Compile()</c> of System.Linq.Expressions.</summary>
    SystemLinqExpressions,
}
