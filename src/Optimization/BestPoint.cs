namespace ExprGrad.Optimization;

/// <summary>
/// The lowest finite point seen so far. Momentum and Adam take fixed-size steps that can go uphill, so
/// their last point is not necessarily their best; this is what they return when stopped early.
/// </summary>
internal sealed class BestPoint(int dimension)
{
    private readonly double[] x = new double[dimension];

    public ReadOnlySpan<double> X => x;
    public double Value { get; private set; } = double.PositiveInfinity;
    public double GradientNorm { get; private set; } = double.NaN;
    public bool Exists => Value < double.PositiveInfinity;

    /// <summary>Keeps the point when it is finite and lower than the best so far.</summary>
    public void Offer(ReadOnlySpan<double> point, double value, double gradientNorm)
    {
        if (!(value < Value) || !double.IsFinite(value) || !double.IsFinite(gradientNorm)) return;
        point.CopyTo(x);
        Value = value;
        GradientNorm = gradientNorm;
    }
}
