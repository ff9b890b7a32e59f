using ExprGrad.Compiler;
using ExprGrad.Tracer;

namespace ExprGrad;

/// <summary>
/// A vector function r: ℝ^<see cref="Dimension"/> → ℝ^<see cref="Outputs"/> and its Jacobian, compiled once by
/// <see cref="Grad.CompileJacobian(Func{Vec, Vec}, int, GradOptions?)"/>: the values alone, the dense Jacobian (row-major),
/// Jacobian-vector products J·v (forward mode) and vector-Jacobian products uᵀJ (reverse mode). Calls allocate nothing
/// and share no mutable state: one instance is safe to use from any number of threads at once.
/// </summary>
/// <remarks>
/// The Jacobian is computed by columns or by rows (<see cref="Mode"/>), compressed by colouring when its structural
/// pattern allows (<see cref="Colors"/> directional derivatives or sweeps per call instead of one per column or row).
/// A function compiled with data takes it at every call, or once through <see cref="Bind"/>; without data the instance
/// is itself an <see cref="IJacobian"/>. The values-only, J·v and uᵀJ code is compiled on its first call.
/// </remarks>
public sealed class CompiledJacobian : IJacobian
{
    private readonly JacobianPlan plan;
    private readonly LazyKernel values, jvp, vjp;

    internal CompiledJacobian(VectorTraced traced, int dimension, int dataLength, JacobianPlan plan, GradOptions options)
    {
        Dimension = dimension;
        DataLength = dataLength;
        Outputs = traced.Count;
        this.plan = plan;
        values = new LazyKernel(() => ProgramKernel.Compile(JacobianPrograms.Values(traced), dataLength, 0, options, CompileMonitor.None));
        jvp = new LazyKernel(() => ProgramKernel.Compile(
            DirectionalProgram.Of(JacobianPrograms.Values(traced), TangentSeeds.Runtime(dimension, 1, dataLength, structural: false), options.NanSafe),
            dataLength, dimension, options, CompileMonitor.None));
        vjp = new LazyKernel(() => ProgramKernel.Compile(JacobianPrograms.Vjp(traced, dataLength, options.NanSafe), dataLength, Outputs, options, CompileMonitor.None));
    }

    /// <inheritdoc/>
    public int Dimension { get; }

    /// <inheritdoc/>
    public int Outputs { get; }

    /// <summary>Length of the data span every call takes (0 for functions without data).</summary>
    public int DataLength { get; }

    /// <summary>How the Jacobian is computed: <see cref="JacobianMode.Forward"/> (by columns) or <see cref="JacobianMode.Reverse"/> (by rows).</summary>
    public JacobianMode Mode => plan.Mode;

    /// <summary>
    /// Directional derivatives (forward mode) or reverse sweeps (reverse mode, 1 for a map's per-iteration rows) one Jacobian
    /// costs: the colours of a colouring of its columns or rows, at most <see cref="Dimension"/> or <see cref="Outputs"/>.
    /// </summary>
    public int Colors => plan.Colors;

    /// <summary>Which compiler produced the Jacobian's delegate (see <see cref="CompiledGradient.Backend"/>).</summary>
    public string Backend => plan.Kernel.Kernel.Backend;

    /// <summary>Statements of the generated Jacobian code (a loop body counts once).</summary>
    public int StatementCount => plan.Kernel.Kernel.StatementCount;

    /// <summary>The generated Jacobian code as C# (its output vector holds the values, then the compressed Jacobian).</summary>
    public string ToCSharpString() => plan.Kernel.Kernel.ToCSharpString();

    /// <inheritdoc/>
    /// <exception cref="InvalidOperationException">The function takes data: pass it, or <see cref="Bind"/> it first.</exception>
    public void Evaluate(ReadOnlySpan<double> x, Span<double> values)
    {
        NoData("Values(x, data, values)");
        Values(x, default, values);
    }

    /// <inheritdoc/>
    /// <exception cref="InvalidOperationException">The function takes data: pass it, or <see cref="Bind"/> it first.</exception>
    public void Evaluate(ReadOnlySpan<double> x, Span<double> values, Span<double> jacobian)
    {
        NoData("Evaluate(x, data, values, jacobian)");
        Evaluate(x, default, values, jacobian);
    }

    /// <summary>Evaluates r(x, data) only: the allocation-free "predict" path.</summary>
    /// <exception cref="ArgumentException">A span has the wrong length; the message names the expected and the actual length.</exception>
    public void Values(ReadOnlySpan<double> x, ReadOnlySpan<double> data, Span<double> values)
    {
        JacobianArguments.Input(x.Length, Dimension, nameof(x));
        JacobianArguments.Data(data.Length, DataLength);
        CheckValues(values.Length);
        this.values.Value.Run(x, data, default, null, values);
    }

    /// <summary>Evaluates r(x, data) and its Jacobian with respect to x, row-major: ∂rᵢ/∂xⱼ at <c>jacobian[i * Dimension + j]</c>.</summary>
    /// <exception cref="ArgumentException">A span has the wrong length; the message names the expected and the actual length.</exception>
    public void Evaluate(ReadOnlySpan<double> x, ReadOnlySpan<double> data, Span<double> values, Span<double> jacobian)
    {
        JacobianArguments.Input(x.Length, Dimension, nameof(x));
        JacobianArguments.Data(data.Length, DataLength);
        CheckValues(values.Length);
        JacobianArguments.Matrix(jacobian.Length, Outputs, Dimension, nameof(jacobian), "outputs", "inputs");
        plan.Kernel.Run(x, data, values, jacobian, clear: !plan.Dense);
    }

    /// <summary>Evaluates r(x) and the Jacobian-vector product J·v (one forward-mode pass, the Jacobian never formed).</summary>
    /// <exception cref="ArgumentException">A span has the wrong length; the message names the expected and the actual length.</exception>
    /// <exception cref="InvalidOperationException">The function takes data: pass it, or <see cref="Bind"/> it first.</exception>
    public void Jvp(ReadOnlySpan<double> x, ReadOnlySpan<double> v, Span<double> values, Span<double> jv)
    {
        NoData("Jvp(x, data, v, values, jv)");
        Jvp(x, default, v, values, jv);
    }

    /// <summary>Evaluates r(x, data) and the Jacobian-vector product J·v with respect to x.</summary>
    /// <exception cref="ArgumentException">A span has the wrong length; the message names the expected and the actual length.</exception>
    public void Jvp(ReadOnlySpan<double> x, ReadOnlySpan<double> data, ReadOnlySpan<double> v, Span<double> values, Span<double> jv)
    {
        JacobianArguments.Input(x.Length, Dimension, nameof(x));
        JacobianArguments.Data(data.Length, DataLength);
        JacobianArguments.Input(v.Length, Dimension, nameof(v));
        CheckValues(values.Length);
        JacobianArguments.Outputs(jv.Length, Outputs, nameof(jv));
        Span<double> outputs = CallBuffers.Outputs(2 * Outputs);
        jvp.Value.Run(x, data, v, null, outputs);
        outputs[..Outputs].CopyTo(values);
        outputs[Outputs..].CopyTo(jv);
    }

    /// <summary>Evaluates r(x) and the vector-Jacobian product uᵀJ (one reverse-mode sweep, the Jacobian never formed).</summary>
    /// <exception cref="ArgumentException">A span has the wrong length; the message names the expected and the actual length.</exception>
    /// <exception cref="InvalidOperationException">The function takes data: pass it, or <see cref="Bind"/> it first.</exception>
    public void Vjp(ReadOnlySpan<double> x, ReadOnlySpan<double> u, Span<double> values, Span<double> uj)
    {
        NoData("Vjp(x, data, u, values, uj)");
        Vjp(x, default, u, values, uj);
    }

    /// <summary>Evaluates r(x, data) and the vector-Jacobian product uᵀJ with respect to x.</summary>
    /// <exception cref="ArgumentException">A span has the wrong length; the message names the expected and the actual length.</exception>
    public void Vjp(ReadOnlySpan<double> x, ReadOnlySpan<double> data, ReadOnlySpan<double> u, Span<double> values, Span<double> uj)
    {
        JacobianArguments.Input(x.Length, Dimension, nameof(x));
        JacobianArguments.Data(data.Length, DataLength);
        JacobianArguments.Outputs(u.Length, Outputs, nameof(u));
        CheckValues(values.Length);
        JacobianArguments.Input(uj.Length, Dimension, nameof(uj));
        Span<double> outputs = CallBuffers.Outputs(Dimension + Outputs);
        vjp.Value.Run(x, data, u, null, outputs);
        outputs[Dimension..].CopyTo(values);
        outputs[..Dimension].CopyTo(uj);
    }

    /// <summary>This function with its data fixed (copied now), as an <see cref="IJacobian"/> for least-squares solvers.</summary>
    /// <exception cref="ArgumentException"><paramref name="data"/> does not have length <see cref="DataLength"/>.</exception>
    public IJacobian Bind(ReadOnlySpan<double> data)
    {
        JacobianArguments.Data(data.Length, DataLength);
        return new BoundJacobian(this, data.ToArray());
    }

    private void CheckValues(int length) => JacobianArguments.Outputs(length, Outputs, "values");

    private void NoData(string call)
    {
        if (DataLength != 0) throw JacobianArguments.NeedsData(DataLength, call);
    }

    /// <summary>A compiled Jacobian with its data fixed.</summary>
    private sealed class BoundJacobian(CompiledJacobian function, double[] data) : IJacobian
    {
        public int Dimension => function.Dimension;
        public int Outputs => function.Outputs;
        public void Evaluate(ReadOnlySpan<double> x, Span<double> values) => function.Values(x, data, values);
        public void Evaluate(ReadOnlySpan<double> x, Span<double> values, Span<double> jacobian) => function.Evaluate(x, data, values, jacobian);
    }
}
