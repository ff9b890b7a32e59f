using ExprGrad.Ops;

namespace ExprGrad;

public readonly partial struct Vec
{
    /// <summary>The <see cref="VectorId"/> of a traced <see cref="Map"/>'s outputs: return them, they cannot be read while tracing.</summary>
    internal const int MapVector = -3;

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
    internal static Vec OfOwned(Scalar[] items) => new(items, items.Length, null, MadeVector);
}
