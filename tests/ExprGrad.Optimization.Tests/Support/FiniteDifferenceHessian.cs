namespace ExprGrad.Optimization.Tests;

/// <summary>
/// Test-only <see cref="IHessian"/> over any <see cref="IGradient"/>: Hessian-vector products by central
/// differences of the gradient, Hv ≈ (∇f(x + hv) − ∇f(x − hv)) / 2h with h small enough that no coordinate moves
/// by more than ∛ε ≈ 6e-6 of its size (error ~1e-10 relative on well-scaled problems), the dense Hessian column by
/// column, symmetrised. Not thread-safe (one scratch set per instance).
/// </summary>
public sealed class FiniteDifferenceHessian(IGradient f) : IHessian
{
    private readonly double[] shifted = new double[f.Dimension], plus = new double[f.Dimension],
        minus = new double[f.Dimension], unit = new double[f.Dimension], column = new double[f.Dimension];

    public int Dimension => f.Dimension;
    public double Value(ReadOnlySpan<double> x) => f.Value(x);
    public double ValueAndGradient(ReadOnlySpan<double> x, Span<double> gradient) => f.ValueAndGradient(x, gradient);

    public double HessianVectorProduct(ReadOnlySpan<double> x, ReadOnlySpan<double> v, Span<double> gradient, Span<double> hv)
    {
        Check(x.Length, nameof(x));
        Check(v.Length, nameof(v));
        Check(gradient.Length, nameof(gradient));
        Check(hv.Length, nameof(hv));
        double value = f.ValueAndGradient(x, gradient);
        // The step moves no coordinate by more than ∛ε of its own size (or of 1e-3 at 0): a variable of 0.02
        // next to one of 4000 (Meyer) must not be pushed across its own scale.
        double h = double.PositiveInfinity;
        for (int i = 0; i < x.Length; i++)
            if (v[i] != 0) h = Math.Min(h, Math.Max(Math.Abs(x[i]), 1e-3) / Math.Abs(v[i]));
        if (double.IsPositiveInfinity(h))
        {
            hv.Clear();
            return value;
        }
        h *= Math.Cbrt(SpanMath.MachineEpsilon);
        for (int i = 0; i < x.Length; i++) shifted[i] = x[i] + h * v[i];
        f.ValueAndGradient(shifted, plus);
        for (int i = 0; i < x.Length; i++) shifted[i] = x[i] - h * v[i];
        f.ValueAndGradient(shifted, minus);
        for (int i = 0; i < x.Length; i++) hv[i] = (plus[i] - minus[i]) / (2 * h);
        return value;
    }

    public double ValueGradientHessian(ReadOnlySpan<double> x, Span<double> gradient, Span<double> hessian)
    {
        int n = Dimension;
        if (hessian.Length != n * n) throw new ArgumentException($"hessian has length {hessian.Length}; expected {n * n}.", nameof(hessian));
        double value = 0;
        for (int j = 0; j < n; j++)
        {
            Array.Clear(unit);
            unit[j] = 1;
            value = HessianVectorProduct(x, unit, gradient, column);
            for (int i = 0; i < n; i++) hessian[i * n + j] = column[i];
        }
        for (int i = 0; i < n; i++)
            for (int j = 0; j < i; j++)
                hessian[i * n + j] = hessian[j * n + i] = 0.5 * (hessian[i * n + j] + hessian[j * n + i]);
        return value;
    }

    private void Check(int length, string name)
    {
        if (length != Dimension) throw new ArgumentException($"{name} has length {length}; expected {Dimension}.", name);
    }
}
