using ExprGrad.Tracer;

namespace ExprGrad.Compiler;

/// <summary>
/// The tangents of the inputs in each of <see cref="Directions"/> directions, for <see cref="ForwardTransform"/>: the
/// seed of input k in direction d is entry <c>DataOffset + d * Dimension + k</c> of the data the compiled code reads
/// (a direction passed at every call, or a seed table fixed at compile time), or, when known at compile time, a constant
/// (so zeros are structural and ones fold). A loop reading <c>x[a * i + b]</c> reads its seed from the data at the same
/// index shifted: one gather per direction.
/// </summary>
internal sealed class TangentSeeds
{
    private readonly double[]? constant;

    private TangentSeeds(int dimension, int directions, double[]? constant, int dataOffset, bool structural)
    {
        Dimension = dimension;
        Directions = directions;
        this.constant = constant;
        DataOffset = dataOffset;
        Structural = structural;
    }

    /// <summary>
    /// <paramref name="directions"/> directions over <paramref name="dimension"/> inputs passed at every call, after
    /// <paramref name="dataOffset"/> data values (a JVP's v, a batch of seeds). <paramref name="structural"/>: a zero seed
    /// stands for "this input is not in this direction" (a colouring's seeds), so the tangents must be multiplied with
    /// strong zeros, or an infinite partial would turn them into NaN.
    /// </summary>
    public static TangentSeeds Runtime(int dimension, int directions, int dataOffset, bool structural)
        => new(dimension, directions, null, dataOffset, structural);

    /// <summary>Seeds known at compile time, <paramref name="table"/>[d * dimension + k] (also appended to the data when a loop reads them).</summary>
    public static TangentSeeds Fixed(int dimension, int directions, double[] table, int dataOffset)
        => new(dimension, directions, table, dataOffset, structural: true);

    public int Dimension { get; }

    public int Directions { get; }

    /// <summary>Where direction 0's seed of input 0 is in the data the compiled code reads.</summary>
    public int DataOffset { get; }

    /// <summary>True when zeros are structural: see <see cref="Runtime"/>.</summary>
    public bool Structural { get; }

    /// <summary>The fixed seeds, if any: what the compiled code must find after the data when <see cref="ReadsData"/>.</summary>
    public double[]? Table => constant;

    /// <summary>True once a seed was read from the data (so the caller must pass it).</summary>
    public bool ReadsData { get; private set; }

    /// <summary>The seed node of input <paramref name="input"/> in direction <paramref name="d"/> (<see cref="Node.None"/>: zero).</summary>
    public int OfInput(Graph g, int input, int d)
    {
        if (constant is not null)
        {
            double seed = constant[d * Dimension + input];
            return seed == 0 ? Node.None : g.Constant(seed);
        }
        ReadsData = true;
        return g.Data(DataOffset + d * Dimension + input);
    }

    /// <summary>The seed of gather leaf <paramref name="gather"/> of the inputs in a loop body of <paramref name="count"/> iterations.</summary>
    public int OfGather(Graph body, Node gather, int count, int d)
    {
        int scale = gather.GatherScale, offset = gather.GatherOffset;
        if (constant is not null && AllZero(scale, offset, count, d)) return Node.None;
        ReadsData = true;
        return body.Gather(1, scale, DataOffset + d * Dimension + offset);
    }

    private bool AllZero(int scale, int offset, int count, int d)
    {
        for (long i = 0, at = d * (long)Dimension + offset; i < count; i++, at += scale)
            if (constant![at] != 0) return false;
        return true;
    }
}
