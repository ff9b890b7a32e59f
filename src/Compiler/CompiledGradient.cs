using ExprGrad.Compiler;
using ExprGrad.Ops;

namespace ExprGrad;

/// <summary>
/// The value and gradient of a function, compiled once into a single fused forward-plus-reverse delegate
/// by <see cref="Grad.Compile(Func{Vec, Scalar}, int, GradOptions?)"/>. Calls allocate nothing and share no
/// mutable state: one instance is safe to use from any number of threads at once.
/// </summary>
public sealed class CompiledGradient : IGradient
{
    private readonly CompiledKernel gradientKernel;
    private readonly Kernel gradientCode;
    private readonly Func<Kernel> valueCode;
    private readonly CompilerBackend backend;
    private CompiledKernel? valueKernel;

    internal CompiledGradient(int dimension, int nodeCount, Kernel gradientCode, CompiledKernel gradientKernel,
        Func<Kernel> valueCode, CompilerBackend backend)
    {
        Dimension = dimension;
        NodeCount = nodeCount;
        this.gradientCode = gradientCode;
        this.gradientKernel = gradientKernel;
        this.valueCode = valueCode;
        this.backend = backend;
    }

    /// <inheritdoc/>
    public int Dimension { get; }

    /// <summary>Nodes of the traced forward graph after simplification (hash-consing, folding).</summary>
    public int NodeCount { get; }

    /// <summary>Statements of the generated value-and-gradient code (forward and adjoint nodes after CSE).</summary>
    public int StatementCount => gradientCode.StatementCount;

    /// <summary>Which compiler produced the delegate: "FastExpressionCompiler" or "System.Linq.Expressions" (with the reason for a fallback).</summary>
    public string Backend => gradientKernel.Backend;

    /// <inheritdoc/>
    public double Value(ReadOnlySpan<double> x)
    {
        Arguments.CheckLength(x.Length, Dimension, nameof(x));
        CompiledKernel kernel = valueKernel ?? CompileValueKernel();
        if (kernel.Span is { } span) return span(x, default);
        double[] w = Workspace.Get(kernel.WorkspaceSize);
        x.CopyTo(w);
        kernel.Run(w);
        return w[Dimension];
    }

    /// <inheritdoc/>
    public double ValueAndGradient(ReadOnlySpan<double> x, Span<double> gradient)
    {
        Arguments.CheckLength(x.Length, Dimension, nameof(x));
        Arguments.CheckLength(gradient.Length, Dimension, nameof(gradient));
        if (gradientKernel.Span is { } span) return span(x, gradient);
        double[] w = Workspace.Get(gradientKernel.WorkspaceSize);
        x.CopyTo(w);
        gradientKernel.Run(w);
        w.AsSpan(Dimension + 1, Dimension).CopyTo(gradient);
        return w[Dimension];
    }

    /// <summary>The generated value-and-gradient code as C#, with deterministic names (<c>v7</c> is node 7, <c>v7_bar</c> its adjoint).</summary>
    public string ToCSharpString() => KernelCompiler.ToCSharp(gradientCode);

    // The value-only code is compiled on first use: many users only ever ask for gradients.
    private CompiledKernel CompileValueKernel()
    {
        var kernel = KernelCompiler.Compile(valueCode(), backend);
        Interlocked.CompareExchange(ref valueKernel, kernel, null);
        return valueKernel!;
    }
}
