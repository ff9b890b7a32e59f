namespace ExprGrad;

/// <summary>The input vector of a differentiable function: <see cref="Length"/> <see cref="Scalar"/>s.</summary>
public readonly struct Vec
{
    private readonly Scalar[] items;

    internal Vec(Scalar[] items, int length)
    {
        this.items = items;
        Length = length;
    }

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
            return items[i];
        }
    }
}
