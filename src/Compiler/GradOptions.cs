namespace ExprGrad;

/// <summary>Options of <see cref="Grad.Compile(Func{Vec, Scalar}, int, GradOptions?)"/>.</summary>
public sealed record GradOptions
{
    /// <summary>Which expression compiler builds the delegate (default: FastExpressionCompiler, falling back).</summary>
    public CompilerBackend Backend { get; init; } = CompilerBackend.Auto;

    /// <summary>
    /// "Strong zero" adjoints: a zero adjoint times anything, even inf or NaN, contributes 0. Makes
    /// <c>Where(x &gt; 0, Sqrt(x), 0)</c> and <c>Sqrt(Square(x))</c> differentiable at 0 (gradient 0 instead of
    /// NaN) at the price of one comparison per partial. Off by default: gradients then follow IEEE 754.
    /// </summary>
    public bool NanSafe { get; init; }

    /// <summary>The default options.</summary>
    public static GradOptions Default { get; } = new();
}

/// <summary>The expression compiler behind a <see cref="CompiledGradient"/>.</summary>
public enum CompilerBackend
{
    /// <summary>FastExpressionCompiler; when it declines a tree, System.Linq.Expressions (reported in <see cref="CompiledGradient.Backend"/>).</summary>
    Auto,

    /// <summary>FastExpressionCompiler only: throws if it cannot compile the tree.</summary>
    FastExpressionCompiler,

    /// <summary><c>LambdaExpression.Compile()</c> of System.Linq.Expressions.</summary>
    SystemLinqExpressions,
}
