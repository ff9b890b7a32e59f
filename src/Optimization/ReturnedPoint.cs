namespace ExprGrad.Optimization;

/// <summary>
/// The point a fixed-step method (momentum, Adam) returns when stopped by anything but convergence: the lowest
/// finite point evaluated, since fixed steps can go uphill; or, for stochastic gradients
/// (<see cref="AdamOptions.ReturnLastIterate"/>), the last finite one, since values of different minibatches
/// cannot be compared.
/// </summary>
internal sealed class ReturnedPoint(int dimension, bool last)
{
    private readonly double[] x = new double[dimension];

    public ReadOnlySpan<double> X => x;
    public double Value { get; private set; } = double.PositiveInfinity;
    public double GradientNorm { get; private set; } = double.NaN;
    public bool Exists { get; private set; }

    /// <summary>Keeps the point when it is finite and, unless the last point is wanted, lower than the one kept.</summary>
    public void Offer(ReadOnlySpan<double> point, double value, double gradientNorm)
    {
        if (!double.IsFinite(value) || !double.IsFinite(gradientNorm) || (!last && !(value < Value))) return;
        point.CopyTo(x);
        Value = value;
        GradientNorm = gradientNorm;
        Exists = true;
    }
}
