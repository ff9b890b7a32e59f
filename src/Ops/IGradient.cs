namespace ExprGrad;

/// <summary>
/// A differentiable scalar function of <see cref="Dimension"/> inputs: the one shape every mode
/// (compiled, tape, forward, hand-written) and every optimizer shares.
/// </summary>
/// <remarks>Implementations in ExprGrad are safe to call from many threads at once.</remarks>
public interface IGradient
{
    /// <summary>Number of inputs: the length every input and gradient span must have.</summary>
    int Dimension { get; }

    /// <summary>Evaluates f(x).</summary>
    /// <exception cref="ArgumentException"><paramref name="x"/> does not have length <see cref="Dimension"/>.</exception>
    double Value(ReadOnlySpan<double> x);

    /// <summary>Evaluates f(x) and writes its gradient into <paramref name="gradient"/>.</summary>
    /// <returns>f(x).</returns>
    /// <exception cref="ArgumentException">A span does not have length <see cref="Dimension"/>.</exception>
    double ValueAndGradient(ReadOnlySpan<double> x, Span<double> gradient);
}
