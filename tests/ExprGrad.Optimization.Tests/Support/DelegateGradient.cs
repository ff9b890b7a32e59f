namespace ExprGrad.Optimization.Tests;

/// <summary>f(x) that also writes ∇f(x) into the second span.</summary>
public delegate double ValueAndGradientFunction(ReadOnlySpan<double> x, Span<double> gradient);

/// <summary>Writes ∇²f(x) v into the last span.</summary>
public delegate void HessianVectorFunction(ReadOnlySpan<double> x, ReadOnlySpan<double> v, Span<double> hv);

/// <summary>
/// A hand-written <see cref="IGradient"/> (the optimizers' tests need no compiler), also an <see cref="IHessian"/>:
/// with a hand-written Hessian-vector product when given one, else by finite differences of the gradient.
/// <see cref="Calls"/> counts one per <see cref="ValueAndGradient"/> and per <see cref="HessianVectorProduct"/>,
/// as the optimizers count their evaluations.
/// </summary>
public sealed class DelegateGradient : IHessian
{
    private readonly double[] scratch;
    private readonly ValueAndGradientFunction function;
    private readonly HessianVectorFunction? hessianTimes;
    private readonly FiniteDifferenceHessian differences;

    public DelegateGradient(int dimension, ValueAndGradientFunction function, HessianVectorFunction? hessianTimes = null)
    {
        Dimension = dimension;
        this.function = function;
        this.hessianTimes = hessianTimes;
        scratch = new double[dimension];
        differences = new FiniteDifferenceHessian(new Uncounted(this));
    }

    public int Dimension { get; }
    public int Calls { get; private set; }
    public bool HasHandWrittenHessian => hessianTimes is not null;

    public double Value(ReadOnlySpan<double> x) => ValueAndGradient(x, scratch);

    public double ValueAndGradient(ReadOnlySpan<double> x, Span<double> gradient)
    {
        Calls++;
        return function(x, gradient);
    }

    public double HessianVectorProduct(ReadOnlySpan<double> x, ReadOnlySpan<double> v, Span<double> gradient, Span<double> hv)
    {
        Calls++;
        if (hessianTimes is null) return differences.HessianVectorProduct(x, v, gradient, hv);
        hessianTimes(x, v, hv);
        return function(x, gradient);
    }

    public double ValueGradientHessian(ReadOnlySpan<double> x, Span<double> gradient, Span<double> hessian)
    {
        if (hessianTimes is null) return differences.ValueGradientHessian(x, gradient, hessian);
        int n = Dimension;
        double[] unit = new double[n], column = new double[n];
        for (int j = 0; j < n; j++)
        {
            Array.Clear(unit);
            unit[j] = 1;
            hessianTimes(x, unit, column);
            for (int i = 0; i < n; i++) hessian[i * n + j] = column[i];
        }
        Calls++;
        return function(x, gradient);
    }

    /// <summary>The same function without counting, for the finite differences behind an uncounted product.</summary>
    private sealed class Uncounted(DelegateGradient owner) : IGradient
    {
        public int Dimension => owner.Dimension;
        public double Value(ReadOnlySpan<double> x) => owner.function(x, owner.scratch);
        public double ValueAndGradient(ReadOnlySpan<double> x, Span<double> gradient) => owner.function(x, gradient);
    }
}
