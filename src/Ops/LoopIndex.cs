using ExprGrad.Ops;

namespace ExprGrad;

/// <summary>
/// The index of <see cref="Scalar.Sum(int, Func{LoopIndex, Scalar})"/>'s body: an affine index
/// <c>scale * i + offset</c> of one loop. Shift and scale it with integer constants (<c>i + 1</c>,
/// <c>2 * i</c>, <c>2 * i + 1</c>) and read a <see cref="Vec"/> with it (<c>x[i + 1]</c>). While tracing for
/// <c>Grad.Compile</c> it is symbolic, so the body is traced once and compiled as a loop; in the other
/// modes it is a plain integer.
/// </summary>
public readonly struct LoopIndex
{
    internal readonly LoopVariable? Variable;
    internal readonly int Scale;
    internal readonly int Offset;

    internal LoopIndex(LoopVariable? variable, int scale, int offset)
    {
        Variable = variable;
        Scale = scale;
        Offset = offset;
    }

    /// <summary>A concrete index (eager modes).</summary>
    internal static LoopIndex Concrete(int value) => new(null, 0, value);

    /// <summary>The index shifted by <paramref name="k"/>.</summary>
    public static LoopIndex operator +(LoopIndex i, int k) => new(i.Variable, i.Scale, checked(i.Offset + k));
    /// <summary>The index shifted by <paramref name="k"/>.</summary>
    public static LoopIndex operator +(int k, LoopIndex i) => i + k;
    /// <summary>The index shifted by <c>-k</c>.</summary>
    public static LoopIndex operator -(LoopIndex i, int k) => new(i.Variable, i.Scale, checked(i.Offset - k));
    /// <summary>The index scaled by <paramref name="k"/>.</summary>
    public static LoopIndex operator *(LoopIndex i, int k) => new(i.Variable, checked(i.Scale * k), checked(i.Offset * k));
    /// <summary>The index scaled by <paramref name="k"/>.</summary>
    public static LoopIndex operator *(int k, LoopIndex i) => i * k;

    /// <inheritdoc/>
    public override string ToString() => Variable is null ? Offset.ToString(System.Globalization.CultureInfo.InvariantCulture)
        : $"{Scale} * i + {Offset} (i < {Variable.Count})";
}
