using ExprGrad.Ops;

namespace ExprGrad.Tracer;

/// <summary>
/// <see cref="IGradient"/> by forward mode: one dual-number pass of f per input direction (n passes for n
/// inputs). One recorder per thread, so one instance serves many threads at once.
/// </summary>
internal sealed class ForwardGradient(Func<Vec, Scalar> function, int dimension) : IGradient
{
    private readonly ThreadLocal<ForwardRecorder> recorders = new(() => new ForwardRecorder());

    public int Dimension => dimension;

    public double Value(ReadOnlySpan<double> x)
    {
        Arguments.CheckLength(x.Length, dimension, nameof(x));
        ForwardRecorder recorder = recorders.Value!;
        using var call = recorder.StartCall("A Grad.Forward gradient");
        Scalar y;
        recorder.Load(x);
        using (Recorder.Enter(recorder)) y = function(recorder.Begin(ForwardRecorder.NoDirection));
        recorder.TangentOf(y);
        recorder.Seal();
        return y.Value;
    }

    public double ValueAndGradient(ReadOnlySpan<double> x, Span<double> gradient)
    {
        Arguments.CheckLength(x.Length, dimension, nameof(x));
        Arguments.CheckLength(gradient.Length, dimension, nameof(gradient));
        ForwardRecorder recorder = recorders.Value!;
        using var call = recorder.StartCall("A Grad.Forward gradient");
        recorder.Load(x);
        double value = 0;
        for (int i = 0; i < dimension; i++)
        {
            Scalar y;
            using (Recorder.Enter(recorder)) y = function(recorder.Begin(i));
            gradient[i] = recorder.TangentOf(y);
            value = y.Value;
        }
        recorder.Seal();
        return value;
    }
}
