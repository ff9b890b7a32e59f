using ExprGrad.Ops;

namespace ExprGrad;

public readonly partial struct Vec
{
    /// <summary>The <see cref="VectorId"/> of a list made by <see cref="Of(Scalar[])"/>: read it with int indices.</summary>
    internal const int ListVector = -2;

    /// <summary>The <see cref="VectorId"/> of a traced <see cref="Map"/>'s outputs: return them, they cannot be read while tracing.</summary>
    internal const int MapVector = -3;

    /// <summary>
    /// A vector of the given entries (copied), e.g. the outputs of a vector function:
    /// <c>Grad.CompileJacobian(b =&gt; Vec.Of(b[0] - 1, 10 * (b[1] - b[0] * b[0])), 2)</c>. Constants convert implicitly
    /// (<c>Vec.Of(1.0, 2.0)</c>; a <c>double[]</c> gives a view of constants instead, <see cref="Of(double[])"/>). Read it with int indices; while tracing for <c>Grad.Compile</c> a loop index cannot read
    /// it (it is no vector of the function).
    /// </summary>
    /// <exception cref="ArgumentNullException"><paramref name="items"/> is null.</exception>
    public static Vec Of(params Scalar[] items)
    {
        ArgumentNullException.ThrowIfNull(items);
        return new Vec((Scalar[])items.Clone(), items.Length, null, ListVector);
    }

    /// <summary>
    /// The vector of <paramref name="body"/>(i) for i = 0..<paramref name="count"/>-1, e.g. one residual per data row:
    /// <c>Vec.Map(m, i =&gt; data[2 * i + 1] - b[0] * Scalar.Exp(-b[1] * data[2 * i]))</c>. Under
    /// <c>Grad.CompileJacobian</c> the body is traced ONCE with a symbolic <see cref="LoopIndex"/> and compiled as a loop
    /// that writes one output per iteration (never unrolled), in every derivative; tape and forward mode iterate. Like
    /// <see cref="Scalar.Sum(int, Func{LoopIndex, Scalar})"/>'s body it reads vectors at affine indices and may use values
    /// computed before it.
    /// </summary>
    /// <remarks>
    /// While tracing, a map is the function's result: return it (its entries cannot be read inside the traced function),
    /// and call it at the top level of the function, not inside a sum or another map.
    /// </remarks>
    /// <exception cref="ArgumentNullException"><paramref name="body"/> is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="count"/> is negative.</exception>
    public static Vec Map(int count, Func<LoopIndex, Scalar> body)
    {
        ArgumentNullException.ThrowIfNull(body);
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        if (count == 0) return Of();
        return Recorder.Current is { } recorder ? recorder.Map(count, body) : Recorder.MapEagerly(count, body);
    }

    /// <summary>A list of Scalars already copied (no second copy): a map iterated eagerly.</summary>
    internal static Vec OfOwned(Scalar[] items) => new(items, items.Length, null, ListVector);
}
