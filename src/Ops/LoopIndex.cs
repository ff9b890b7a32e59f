using System.Globalization;
using ExprGrad.Ops;

namespace ExprGrad;

/// <summary>
/// The index of <see cref="Scalar.Sum(int, Func{LoopIndex, Scalar})"/>'s body: an affine index
/// <c>scale * i + offset</c> of one loop. Shift and scale it with integer constants (<c>i + 1</c>,
/// <c>2 * i</c>, <c>2 * i + 1</c>) and read a <see cref="Vec"/> with it (<c>x[i + 1]</c>). While tracing for
/// <c>Grad.Compile</c> it is symbolic, so the body is traced once and compiled as a loop; in the other
/// modes it stands for the current iteration. It is valid only while its sum's body runs.
/// </summary>
public readonly struct LoopIndex
{
    internal readonly LoopVariable? Variable;
    internal readonly int Epoch;
    internal readonly int Iteration; // eager loops: the current i (symbolic loops: 0)
    internal readonly int Scale;
    internal readonly int Offset;

    internal LoopIndex(LoopVariable variable, int epoch, int iteration, int scale, int offset)
    {
        Variable = variable;
        Epoch = epoch;
        Iteration = iteration;
        Scale = scale;
        Offset = offset;
    }

    /// <summary>The index shifted by <paramref name="k"/>.</summary>
    /// <exception cref="OverflowException">The offset leaves the range of <see cref="int"/>.</exception>
    public static LoopIndex operator +(LoopIndex i, int k) => i.With(i.Scale, Checked((long)i.Offset + k, i, $"+ {k}"));
    /// <summary>The index shifted by <paramref name="k"/>.</summary>
    /// <exception cref="OverflowException">The offset leaves the range of <see cref="int"/>.</exception>
    public static LoopIndex operator +(int k, LoopIndex i) => i + k;
    /// <summary>The index shifted by <c>-k</c>.</summary>
    /// <exception cref="OverflowException">The offset leaves the range of <see cref="int"/>.</exception>
    public static LoopIndex operator -(LoopIndex i, int k) => i.With(i.Scale, Checked((long)i.Offset - k, i, $"- {k}"));
    /// <summary>The index scaled by <paramref name="k"/>.</summary>
    /// <exception cref="OverflowException">The scale or the offset leaves the range of <see cref="int"/>.</exception>
    public static LoopIndex operator *(LoopIndex i, int k)
        => i.With(Checked((long)i.Scale * k, i, $"* {k}"), Checked((long)i.Offset * k, i, $"* {k}"));
    /// <summary>The index scaled by <paramref name="k"/>.</summary>
    /// <exception cref="OverflowException">The scale or the offset leaves the range of <see cref="int"/>.</exception>
    public static LoopIndex operator *(int k, LoopIndex i) => i * k;

    private LoopIndex With(int scale, int offset) => new(Variable!, Epoch, Iteration, scale, offset);

    private static int Checked(long value, LoopIndex i, string operation)
        => value is >= int.MinValue and <= int.MaxValue ? (int)value : throw new OverflowException(
            $"The loop index {i.Affine} {operation} overflows int (it would need {value.ToString(CultureInfo.InvariantCulture)}): " +
            "a loop index is scale * i + offset with int scale and offset.");

    private string Affine => string.Create(CultureInfo.InvariantCulture, $"{Scale} * i + {Offset}");

    /// <summary>
    /// The loop of this index, after checking it may be used here: not a default value, its sum still running,
    /// on this thread, in the recording running now (or one nested in it).
    /// </summary>
    internal LoopVariable CheckUsable()
    {
        if (Variable is null)
            throw new InvalidOperationException(
                "A default LoopIndex was used to read a Vec: loop indices come only from Scalar.Sum, as the parameter of its body.");
        if (Epoch != Variable.Epoch)
            throw new InvalidOperationException(
                $"A LoopIndex from an earlier recording (the index {Affine} of a Scalar.Sum whose body has returned) was used again. " +
                "A loop index lives only while its sum's body runs: use it inside that body, or inside a sum nested in it.");
        if (Variable.ThreadId != Environment.CurrentManagedThreadId)
            throw new InvalidOperationException(
                "A LoopIndex of a Scalar.Sum running on another thread was used on this thread; a loop index belongs to its sum's body.");
        if (Variable.Owner is { } owner) Recorder.CheckUse(owner, owner.Epoch, "A LoopIndex");
        return Variable;
    }

    /// <inheritdoc/>
    public override string ToString() => Variable switch
    {
        null => "default(LoopIndex)",
        { IsSymbolic: true } => $"{Affine} (i < {Variable.Count})",
        _ => string.Create(CultureInfo.InvariantCulture, $"{Affine} (i = {Iteration} < {Variable.Count})"),
    };
}
