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

    /// <summary>
    /// A vector whose entries are made on first use (the data of a traced function: entry i is entry
    /// <paramref name="start"/> + i of the data span, which holds the function's data vectors one after the other).
    /// </summary>
    internal Vec(VecSource source, int length, Recorder? owner, int vectorId, int start = 0)
    {
        this.source = source;
        Length = length;
        Owner = owner;
        epoch = owner?.Epoch ?? 0;
        VectorId = vectorId;
        Start = start;
    }

    /// <summary>
    /// A vector of the given values, e.g. the inputs of a <see cref="CustomOp.Function"/>, <c>Vec.Of(a, b, x[2])</c>, or the
    /// outputs of a vector function, <c>Grad.CompileJacobian(b =&gt; Vec.Of(b[0] - 1, 10 * (b[1] - b[0] * b[0])), 2)</c>.
    /// It belongs to the recording of its values; a compiled sum's body reads it with int indices, not with a loop index
    /// (unless every value is a constant: then it is a view of constants, as <see cref="Of(double[])"/> makes).
    /// </summary>
    /// <exception cref="ArgumentNullException"><paramref name="items"/> is null.</exception>
    /// <exception cref="InvalidOperationException">The values come from different recordings.</exception>
    public static Vec Of(params Scalar[] items)
    {
        ArgumentNullException.ThrowIfNull(items);
        Recorder? owner = null;
        foreach (Scalar item in items) owner = Scalar.SharedOwner(item, owner);
        if (owner is null)
        {
            var values = new double[items.Length];
            for (int i = 0; i < values.Length; i++) values[i] = items[i].Value;
            return Of(values);
        }
        return new Vec((Scalar[])items.Clone(), items.Length, owner, MadeVector);
    }

    /// <summary>The <see cref="VectorId"/> of a vector made by <see cref="Of(Scalar[])"/>: not one of the function's own vectors.</summary>
    internal const int MadeVector = -2;

    /// <summary>
    /// A read-only view of <paramref name="values"/> as constants, e.g. data captured by a function: readable with an
    /// int index, and with a <see cref="LoopIndex"/> inside <see cref="Scalar.Sum(int, Func{LoopIndex, Scalar})"/>
    /// (compiled, the loop reads a copy made when the function is traced: compiled in, like any constant, so later
    /// changes to the array are not seen). Not differentiated.
    /// </summary>
    /// <example><code>
    /// Vec tv = Vec.Of(t), yv = Vec.Of(y);   // double[] t, y
    /// var fit = Grad.Compile(b =&gt; Scalar.Sum(t.Length, i =&gt; Scalar.Square(b[0] * Scalar.Exp(-b[1] * tv[i]) - yv[i])), 2);
    /// </code></example>
    /// <exception cref="ArgumentNullException"><paramref name="values"/> is null.</exception>
    public static Vec Of(double[] values)
    {
        ArgumentNullException.ThrowIfNull(values);
        return new Vec(new ConstantEntries(values), values.Length, null, ConstantsVector);
    }

    /// <summary>The <see cref="VectorId"/> of a <see cref="Of(double[])"/> view: no vector of the function.</summary>
    internal const int ConstantsVector = -1;

    /// <summary>
    /// Which vector of the function this is: 0 for the inputs, 1 for the data (not differentiated),
    /// <see cref="ConstantsVector"/> for a view of constants (<see cref="Of(double[])"/>), <see cref="MadeVector"/> for a vector
    /// of Scalars (<see cref="Of(Scalar[])"/>), <see cref="MapVector"/> for a traced <see cref="Map"/>'s outputs.
    /// </summary>
    internal int VectorId { get; }

    /// <summary>Where entry 0 of this vector is in its vector of the function (a data vector after others).</summary>
    internal int Start { get; }

    /// <summary>The array a <see cref="Of(double[])"/> view reads (null for every other vector).</summary>
    internal double[]? Constants => (source as ConstantEntries)?.Values;

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
                    $"A Vec made of Scalars with Vec.Of was read with the loop index {i} of a compiled Scalar.Sum: a compiled loop reads " +
                    "only the function's inputs and data, and views of constants (Vec.Of(double[])), with its index. Read those in the body " +
                    "(x[i]), or index this Vec with an int.");
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
