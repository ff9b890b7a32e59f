using ExprGrad.Tracer;

namespace ExprGrad.Compiler;

/// <summary>
/// Tape mode on the very function a <see cref="PathCache"/> compiles, with the data of each call: it answers the calls
/// past <see cref="GradOptions.MaxPaths"/> paths (correct, slower). Thread-safe like every tape gradient.
/// </summary>
internal sealed class TapeFallback
{
    private readonly ThreadLocal<(Scalar[][] Items, Vec[] Vectors)> data; // this thread's call's data vectors, as constants of no recording
    private readonly int[] dataLengths;
    private readonly TapeGradient tape;

    /// <summary>Tape mode on <paramref name="function"/>, whose data vectors have lengths <paramref name="dataLengths"/> (held one after the other in a call's data).</summary>
    public TapeFallback(Func<Vec, Vec[], Scalar> function, int dimension, int[] dataLengths, bool nanSafe)
    {
        Dimension = dimension;
        this.dataLengths = dataLengths;
        data = new(() =>
        {
            Scalar[][] items = [.. dataLengths.Select(length => new Scalar[length])];
            return (items, [.. items.Select(vector => new Vec(vector, vector.Length, null, 1))]);
        });
        tape = new TapeGradient(x => function(x, data.Value.Vectors), dimension, nanSafe);
    }

    public int Dimension { get; }

    public double ValueAndGradient(ReadOnlySpan<double> x, ReadOnlySpan<double> data, Span<double> gradient)
    {
        Load(data);
        return tape.ValueAndGradient(x, gradient);
    }

    private void Load(ReadOnlySpan<double> values)
    {
        Scalar[][] vectors = data.Value.Items;
        for (int k = 0, start = 0; k < vectors.Length; start += dataLengths[k++])
            for (int i = 0; i < vectors[k].Length; i++) vectors[k][i] = values[start + i];
    }
}
