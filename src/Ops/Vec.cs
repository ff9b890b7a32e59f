using ExprGrad.Ops;

namespace ExprGrad;

/// <summary>The input vector of a differentiable function: <see cref="Length"/> <see cref="Scalar"/>s.</summary>
/// <remarks>A Vec belongs to the call that received it: reading it after that call has ended, or inside another recording, throws.</remarks>
public readonly struct Vec
{
    private readonly Scalar[]? items;
    private readonly VecSource? source;
    private readonly int epoch;

    /// <summary>A vector of <paramref name="owner"/>'s current recording (null: a vector of constants, usable anywhere).</summary>
    internal Vec(Scalar[] items, int length, Recorder? owner, int vectorId = 0)
    {
        this.items = items;
        Length = length;
        Owner = owner;
        epoch = owner?.Epoch ?? 0;
        VectorId = vectorId;
    }

    /// <summary>A vector whose entries are made on first use (the data of a traced function).</summary>
    internal Vec(VecSource source, int length, Recorder owner, int vectorId)
    {
        this.source = source;
        Length = length;
        Owner = owner;
        epoch = owner.Epoch;
        VectorId = vectorId;
    }

    /// <summary>
    /// A vector of the given values, e.g. the inputs of a <see cref="CustomOp.Function"/>: <c>Vec.Of(a, b, x[2])</c>.
    /// It belongs to the recording of its values; a compiled sum's body reads it with int indices, not with a loop index.
    /// </summary>
    /// <exception cref="InvalidOperationException">The values come from different recordings.</exception>
    public static Vec Of(params ReadOnlySpan<Scalar> items)
    {
        Recorder? owner = null;
        foreach (Scalar item in items) owner = Scalar.SharedOwner(item, owner);
        return new Vec(items.ToArray(), items.Length, owner, MadeVector);
    }

    /// <summary>The <see cref="VectorId"/> of a vector made by <see cref="Of"/>: not one of the function's own vectors.</summary>
    internal const int MadeVector = -1;

    /// <summary>Which vector of the function this is: 0 for the inputs, 1 for the data (not differentiated), <see cref="MadeVector"/> for <see cref="Of"/>.</summary>
    internal int VectorId { get; }

    /// <summary>The recording this vector belongs to (null for constants).</summary>
    internal Recorder? Owner { get; }

    /// <summary>Number of entries.</summary>
    public int Length { get; }

    /// <summary>Entry <paramref name="i"/>.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="i"/> is outside 0..Length-1.</exception>
    /// <exception cref="InvalidOperationException">The call this Vec was passed to has ended, or runs on another thread or in another recording.</exception>
    public Scalar this[int i]
    {
        get
        {
            CheckUsable();
            if ((uint)i >= (uint)Length)
                throw new ArgumentOutOfRangeException(nameof(i), i, $"Vec index {i} is out of range: the Vec has length {Length} (valid indices 0..{Length - 1}).");
            return Get(i);
        }
    }

    /// <summary>
    /// Entry <paramref name="i"/> of a <see cref="Scalar.Sum(int, Func{LoopIndex, Scalar})"/> body, e.g. <c>x[i + 1]</c>.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">Some iteration of the loop would read outside 0..Length-1.</exception>
    /// <exception cref="InvalidOperationException">The index or this Vec is not from the sum's running recording (kept from an earlier one, or a default value).</exception>
    public Scalar this[LoopIndex i]
    {
        get
        {
            CheckUsable();
            LoopVariable loop = i.CheckUsable();
            long first = i.Offset, last = i.Offset + (long)i.Scale * (loop.Count - 1);
            if (Math.Min(first, last) < 0 || Math.Max(first, last) >= Length)
                throw new ArgumentOutOfRangeException(nameof(i), i.ToString(),
                    $"The loop index {i.Scale} * i + {i.Offset} reads entries {Math.Min(first, last)}..{Math.Max(first, last)} over the loop's {loop.Count} iterations, but the Vec has length {Length} (valid indices 0..{Length - 1}).");
            if (loop.IsSymbolic && VectorId == MadeVector)
                throw new InvalidOperationException(
                    $"A Vec made with Vec.Of was read with the loop index {i} of a compiled Scalar.Sum: a compiled loop reads only the " +
                    "function's inputs and data with its index. Read those in the body (x[i]), or index this Vec with an int.");
            return loop.IsSymbolic ? loop.Gather(this, i.Scale, i.Offset) : Get((int)(i.Offset + (long)i.Scale * i.Iteration));
        }
    }

    private Scalar Get(int i) => items is not null ? items[i] : source!.Get(i);

    // Before any entry is read or made: a data entry of a trace is a new leaf of its graph.
    private void CheckUsable()
    {
        if (Owner is not null) Recorder.CheckUse(Owner, epoch, "A Vec");
    }
}
