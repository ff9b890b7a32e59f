using ExprGrad.Tracer;

namespace ExprGrad.Compiler;

/// <summary>
/// Tape mode on the very function a <see cref="PathCache"/> compiles, with the data of each call: it answers the calls
/// past <see cref="GradOptions.MaxPaths"/> paths (correct, slower). Thread-safe like every tape gradient.
/// </summary>
internal sealed class TapeFallback
{
    private readonly ThreadLocal<Scalar[]> data;   // this thread's call's data, as constants of no recording
    private readonly TapeGradient tape;

    public TapeFallback(Func<Vec, Vec, Scalar> function, int dimension, int dataLength, bool nanSafe)
    {
        Dimension = dimension;
        data = new(() => new Scalar[dataLength]);
        tape = new TapeGradient(x => function(x, new Vec(data.Value!, dataLength, null, 1)), dimension, nanSafe);
    }

    public int Dimension { get; }

    public double ValueAndGradient(ReadOnlySpan<double> x, ReadOnlySpan<double> data, Span<double> gradient)
    {
        Load(data);
        return tape.ValueAndGradient(x, gradient);
    }

    private void Load(ReadOnlySpan<double> values)
    {
        Scalar[] items = data.Value!;
        for (int i = 0; i < values.Length; i++) items[i] = values[i];
    }
}
