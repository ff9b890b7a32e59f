using ExprGrad.Compiler;
using ExprGrad.Ops;
using ExprGrad.Tracer;

namespace ExprGrad;

/// <summary>
/// A scalar function with its gradient, Hessian-vector products and Hessian, compiled by
/// <see cref="Grad.CompileHessian(Func{Vec, Scalar}, int, GradOptions?)"/>. A Hessian-vector product is one
/// forward-over-reverse pass (forward mode applied to the compiled gradient program, loops kept as loops); the Hessian is
/// H·S for the seeds S of a star colouring of its structural pattern, so a banded Hessian costs a few Hessian-vector
/// products whatever the dimension (<see cref="Colors"/>). Calls allocate nothing and share no mutable state: one instance
/// is safe to use from any number of threads at once.
/// </summary>
/// <remarks>
/// Without data the instance is an <see cref="IHessian"/> (for <c>TrustRegion</c> and MathNet's Newton methods); with data,
/// pass it at every call or <see cref="Bind"/> it. The Hessian-vector code and the Hessian code (with the pattern and its
/// colouring) are compiled on their first use; a black box (<see cref="CustomOp.Function"/>) that a derivative flows into
/// is refused when compiling, since it has no second derivative.
/// </remarks>
public sealed class CompiledHessian : IHessian
{
    private readonly CompiledGradient gradient;
    private readonly LazyKernel hvp;
    private readonly Lazy<HessianPlan> plan;

    internal CompiledHessian(CompiledGradient gradient, GradientProgram program, int dataLength, GradOptions options)
    {
        this.gradient = gradient;
        int n = gradient.Dimension;
        GradientProgram Directional() => DirectionalProgram.Of(program, TangentSeeds.Runtime(n, 1, dataLength, structural: false), options.NanSafe);
        // A black box's partial in the gradient program whose arguments carry a tangent would need the box's second
        // derivative: the transform refuses it, naming the box. Run now when the program has such a partial, so the
        // refusal comes here rather than at the first Hessian call (the code is compiled lazily).
        GradientProgram? early = HasBlackBoxPartials(program.Graph) ? Directional() : null;
        hvp = new LazyKernel(() => ProgramKernel.Compile(early ?? Directional(), dataLength, n, options, CompileMonitor.None));
        plan = new Lazy<HessianPlan>(() =>
        {
            using var library = Recorder.Enter(null);
            return HessianPlan.Create(program, dataLength, options);
        });
    }

    /// <summary>True when the gradient program (loop bodies included) calls a black box's gradient.</summary>
    private static bool HasBlackBoxPartials(Graph program)
    {
        var graphs = new Stack<Graph>([program]);
        while (graphs.TryPop(out Graph? g))
            for (int k = 0; k < g.Count; k++)
            {
                if (g[k].Kind == NodeKind.Loop) graphs.Push(g.LoopOf(k).Body);
                else if (g[k].Kind == NodeKind.Call && g.CallOf(k) is { IsValue: false }) return true;
            }
        return false;
    }

    /// <inheritdoc/>
    public int Dimension => gradient.Dimension;

    /// <summary>Length of the data span every call takes (0 for functions without data).</summary>
    public int DataLength => gradient.DataLength;

    /// <summary>The structural nonzeros of the Hessian's lower triangle (row ≥ column), row by row: the order of <see cref="SparseHessian(ReadOnlySpan{double}, Span{double}, Span{double})"/>.</summary>
    public IReadOnlyList<(int Row, int Column)> Sparsity => plan.Value.Sparsity;

    /// <summary>Hessian-vector products one Hessian costs: the colours of a star colouring of <see cref="Sparsity"/> (at most <see cref="Dimension"/>).</summary>
    public int Colors => plan.Value.Colors;

    /// <summary>Which compiler produced the gradient's delegate (see <see cref="CompiledGradient.Backend"/>).</summary>
    public string Backend => gradient.Backend;

    /// <summary>The generated Hessian-vector product code as C# (its output vector holds the gradient, then H·v).</summary>
    public string ToCSharpString() => hvp.Value.ToCSharpString();

    /// <inheritdoc/>
    public double Value(ReadOnlySpan<double> x) => gradient.Value(x);

    /// <inheritdoc/>
    public double ValueAndGradient(ReadOnlySpan<double> x, Span<double> gradient) => this.gradient.ValueAndGradient(x, gradient);

    /// <summary>Evaluates f(x, data).</summary>
    public double Value(ReadOnlySpan<double> x, ReadOnlySpan<double> data) => gradient.Value(x, data);

    /// <summary>Evaluates f(x, data) and its gradient with respect to x.</summary>
    public double ValueAndGradient(ReadOnlySpan<double> x, ReadOnlySpan<double> data, Span<double> gradient)
        => this.gradient.ValueAndGradient(x, data, gradient);

    /// <inheritdoc/>
    /// <exception cref="InvalidOperationException">The function takes data: pass it, or <see cref="Bind"/> it first.</exception>
    public double ValueGradientHessian(ReadOnlySpan<double> x, Span<double> gradient, Span<double> hessian)
    {
        NoData("ValueGradientHessian(x, data, gradient, hessian)");
        return ValueGradientHessian(x, default, gradient, hessian);
    }

    /// <summary>Evaluates f(x, data), its gradient and its dense Hessian with respect to x (row-major, symmetric).</summary>
    /// <exception cref="ArgumentException">A span has the wrong length; the message names the expected and the actual length.</exception>
    public double ValueGradientHessian(ReadOnlySpan<double> x, ReadOnlySpan<double> data, Span<double> gradient, Span<double> hessian)
    {
        int n = Dimension;
        CheckPoint(x, data, gradient);
        JacobianArguments.Matrix(hessian.Length, n, n, nameof(hessian), "rows", "columns");
        HessianPlan p = plan.Value;
        Span<double> nonzeros = CallBuffers.Entries(p.Sparsity.Count);
        double value = p.Kernel.Run(x, data, gradient, nonzeros, clear: false);
        hessian.Clear();
        for (int e = 0; e < nonzeros.Length; e++)
        {
            var (row, column) = p.Sparsity[e];
            hessian[row * n + column] = hessian[column * n + row] = nonzeros[e];
        }
        return value;
    }

    /// <inheritdoc/>
    /// <exception cref="InvalidOperationException">The function takes data: pass it, or <see cref="Bind"/> it first.</exception>
    public double HessianVectorProduct(ReadOnlySpan<double> x, ReadOnlySpan<double> v, Span<double> gradient, Span<double> hv)
    {
        NoData("HessianVectorProduct(x, data, v, gradient, hv)");
        return HessianVectorProduct(x, default, v, gradient, hv);
    }

    /// <summary>Evaluates f(x, data), its gradient and ∇²f(x) v with respect to x in one forward-over-reverse pass.</summary>
    /// <exception cref="ArgumentException">A span has the wrong length; the message names the expected and the actual length.</exception>
    public double HessianVectorProduct(ReadOnlySpan<double> x, ReadOnlySpan<double> data, ReadOnlySpan<double> v, Span<double> gradient, Span<double> hv)
    {
        int n = Dimension;
        CheckPoint(x, data, gradient);
        JacobianArguments.Input(v.Length, n, nameof(v));
        JacobianArguments.Input(hv.Length, n, nameof(hv));
        Span<double> outputs = CallBuffers.Outputs(2 * n);
        double value = hvp.Value.Run(x, data, v, null, outputs);
        outputs[..n].CopyTo(gradient);
        outputs[n..].CopyTo(hv);
        return value;
    }

    /// <summary>Evaluates f(x), its gradient and the Hessian's structural nonzeros, in the order of <see cref="Sparsity"/>.</summary>
    /// <exception cref="InvalidOperationException">The function takes data: pass it, or <see cref="Bind"/> it first.</exception>
    public double SparseHessian(ReadOnlySpan<double> x, Span<double> gradient, Span<double> nonzeros)
    {
        NoData("SparseHessian(x, data, gradient, nonzeros)");
        return SparseHessian(x, default, gradient, nonzeros);
    }

    /// <summary>Evaluates f(x, data), its gradient and the Hessian's structural nonzeros, in the order of <see cref="Sparsity"/>.</summary>
    /// <exception cref="ArgumentException">A span has the wrong length; the message names the expected and the actual length.</exception>
    public double SparseHessian(ReadOnlySpan<double> x, ReadOnlySpan<double> data, Span<double> gradient, Span<double> nonzeros)
    {
        CheckPoint(x, data, gradient);
        HessianPlan p = plan.Value;
        JacobianArguments.Nonzeros(nonzeros.Length, p.Sparsity.Count, nameof(nonzeros));
        return p.Kernel.Run(x, data, gradient, nonzeros, clear: false);
    }

    /// <summary>This function with its data fixed (copied now), as an <see cref="IHessian"/> for Newton methods.</summary>
    /// <exception cref="ArgumentException"><paramref name="data"/> does not have length <see cref="DataLength"/>.</exception>
    public IHessian Bind(ReadOnlySpan<double> data)
    {
        JacobianArguments.Data(data.Length, DataLength);
        return new BoundHessian(this, data.ToArray());
    }

    private void CheckPoint(ReadOnlySpan<double> x, ReadOnlySpan<double> data, Span<double> gradient)
    {
        JacobianArguments.Input(x.Length, Dimension, nameof(x));
        JacobianArguments.Data(data.Length, DataLength);
        JacobianArguments.Input(gradient.Length, Dimension, nameof(gradient));
    }

    private void NoData(string call)
    {
        if (DataLength != 0) throw JacobianArguments.NeedsData(DataLength, call);
    }

    /// <summary>A compiled Hessian with its data fixed.</summary>
    private sealed class BoundHessian(CompiledHessian function, double[] data) : IHessian
    {
        public int Dimension => function.Dimension;
        public double Value(ReadOnlySpan<double> x) => function.Value(x, data);
        public double ValueAndGradient(ReadOnlySpan<double> x, Span<double> gradient) => function.ValueAndGradient(x, data, gradient);
        public double ValueGradientHessian(ReadOnlySpan<double> x, Span<double> gradient, Span<double> hessian)
            => function.ValueGradientHessian(x, data, gradient, hessian);
        public double HessianVectorProduct(ReadOnlySpan<double> x, ReadOnlySpan<double> v, Span<double> gradient, Span<double> hv)
            => function.HessianVectorProduct(x, data, v, gradient, hv);
    }
}
