namespace ExprGrad.Optimization.Tests;

/// <summary>f(x) that also writes ∇f(x) into the second span.</summary>
public delegate double ValueAndGradientFunction(ReadOnlySpan<double> x, Span<double> gradient);

/// <summary>A hand-written <see cref="IGradient"/>: the optimizers' tests need no compiler.</summary>
public sealed class DelegateGradient(int dimension, ValueAndGradientFunction function) : IGradient
{
    private readonly double[] scratch = new double[dimension];

    public int Dimension { get; } = dimension;
    public int Calls { get; private set; }

    public double Value(ReadOnlySpan<double> x) => ValueAndGradient(x, scratch);

    public double ValueAndGradient(ReadOnlySpan<double> x, Span<double> gradient)
    {
        Calls++;
        return function(x, gradient);
    }
}
