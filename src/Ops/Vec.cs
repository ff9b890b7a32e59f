using ExprGrad.Ops;

namespace ExprGrad;

/// <summary>The input vector of a differentiable function: <see cref="Length"/> <see cref="Scalar"/>s.</summary>
/// <remarks>A Vec belongs to the call that received it: reading it after that call has ended, or inside another recording, throws.</remarks>
public readonly partial struct Vec
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
    /// Which vector of the function this is: 0 for the inputs, 1 for the data (not differentiated), <see cref="ListVector"/> for
    /// a <see cref="Of"/> list, <see cref="MapVector"/> for a traced <see cref="Map"/>'s outputs.
    /// </summary>
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
            return loop.IsSymbolic ? loop.Gather(this, i.Scale, i.Offset) : Get((int)(i.Offset + (long)i.Scale * i.Iteration));
        }
    }

    private Scalar Get(int i) => items is not null ? items[i] : source!.Get(i);

    /// <summary>Entry <paramref name="i"/> without the checks of the indexer (library code reading a function's result after its trace ended).</summary>
    internal Scalar ItemAt(int i) => Get(i);

    /// <summary>Where the entries come from when they are made on demand (null for a list of Scalars).</summary>
    internal VecSource? Source => source;

    /// <summary>The recording this vector was handed out in (<see cref="Recorder.Epoch"/> then).</summary>
    internal int Epoch => epoch;

    // Before any entry is read or made: a data entry of a trace is a new leaf of its graph.
    private void CheckUsable()
    {
        if (Owner is not null) Recorder.CheckUse(Owner, epoch, "A Vec");
    }
}
