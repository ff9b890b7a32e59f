using ExprGrad.Ops;

namespace ExprGrad;

/// <summary>The input vector of a differentiable function: <see cref="Length"/> <see cref="Scalar"/>s.</summary>
public readonly struct Vec
{
    private readonly Scalar[]? items;
    private readonly VecSource? source;

    internal Vec(Scalar[] items, int length, int vectorId = 0)
    {
        this.items = items;
        Length = length;
        VectorId = vectorId;
    }

    /// <summary>A vector whose entries are made on first use (the data of a traced function).</summary>
    internal Vec(VecSource source, int length, int vectorId)
    {
        this.source = source;
        Length = length;
        VectorId = vectorId;
    }

    /// <summary>Which vector of the function this is: 0 for the inputs, 1 for the data (not differentiated).</summary>
    internal int VectorId { get; }

    /// <summary>Number of entries.</summary>
    public int Length { get; }

    /// <summary>Entry <paramref name="i"/>.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="i"/> is outside 0..Length-1.</exception>
    public Scalar this[int i]
    {
        get
        {
            if ((uint)i >= (uint)Length)
                throw new ArgumentOutOfRangeException(nameof(i), i, $"Vec index {i} is out of range: the Vec has length {Length} (valid indices 0..{Length - 1}).");
            return items is not null ? items[i] : source!.Get(i);
        }
    }

    /// <summary>
    /// Entry <paramref name="i"/> of a <see cref="Scalar.Sum(int, Func{LoopIndex, Scalar})"/> body, e.g. <c>x[i + 1]</c>.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">Some iteration of the loop would read outside 0..Length-1.</exception>
    public Scalar this[LoopIndex i]
    {
        get
        {
            if (i.Variable is null) return this[i.Offset];
            long first = i.Offset, last = i.Offset + (long)i.Scale * (i.Variable.Count - 1);
            if (Math.Min(first, last) < 0 || Math.Max(first, last) >= Length)
                throw new ArgumentOutOfRangeException(nameof(i), i.ToString(),
                    $"The loop index {i.Scale} * i + {i.Offset} reads entries {Math.Min(first, last)}..{Math.Max(first, last)} over the loop's {i.Variable.Count} iterations, but the Vec has length {Length} (valid indices 0..{Length - 1}).");
            return i.Variable.Gather(this, i.Scale, i.Offset);
        }
    }
}
