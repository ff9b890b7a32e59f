using ExprGrad.Ops;

namespace ExprGrad.Tracer;

/// <summary>
/// <see cref="IGradient"/> by tape-based reverse mode: every call records f on a tape and runs the reverse
/// sweep. One tape per thread (reused across calls), so one instance serves many threads at once.
/// </summary>
internal sealed class TapeGradient(Func<Vec, Scalar> function, int dimension, bool strongZero) : IGradient
{
    private readonly ThreadLocal<Tape> tapes = new(() => new Tape());

    public int Dimension => dimension;

    public double Value(ReadOnlySpan<double> x)
    {
        Arguments.CheckLength(x.Length, dimension, nameof(x));
        Tape tape = tapes.Value!;
        using var call = tape.StartCall("A Grad.Tape gradient");
        Scalar y;
        using (Recorder.Enter(tape)) y = function(tape.Begin(x));
        Scalar.SharedOwner(y, tape);
        tape.Seal();
        return y.Value;
    }

    public double ValueAndGradient(ReadOnlySpan<double> x, Span<double> gradient)
    {
        Arguments.CheckLength(x.Length, dimension, nameof(x));
        Arguments.CheckLength(gradient.Length, dimension, nameof(gradient));
        Tape tape = tapes.Value!;
        using var call = tape.StartCall("A Grad.Tape gradient");
        Scalar y;
        using (Recorder.Enter(tape)) y = function(tape.Begin(x));
        tape.Backward(y, gradient, strongZero);
        tape.Seal();
        return y.Value;
    }
}
