using ExprGrad.Ops;

namespace ExprGrad;

public readonly partial struct Scalar
{
    /// <summary>
    /// The sum of <paramref name="body"/>(i) for i = 0..<paramref name="count"/>-1. Under <c>Grad.Compile</c> the
    /// body is traced ONCE with a symbolic <see cref="LoopIndex"/> and compiled as a loop (not unrolled):
    /// compile time and code size do not grow with <paramref name="count"/>. The body may read vectors at
    /// affine indices (<c>x[i + 1]</c>, <c>data[2 * i]</c>) and use values computed outside the sum; it must
    /// not keep Scalars of one iteration for another. Tape and forward mode simply iterate.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="count"/> is negative.</exception>
    public static Scalar Sum(int count, Func<LoopIndex, Scalar> body)
    {
        ArgumentNullException.ThrowIfNull(body);
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        if (count == 0) return 0.0;
        return Recorder.Current is { } recorder ? recorder.Sum(count, body) : Recorder.SumEagerly(count, body);
    }
}
