namespace ExprGrad.Workloads;

/// <summary>
/// W4a, the lecture's neuron H = max(0, W*x + b) as a function of the inputs (W, x, b), in that order.
/// At (2, 3, 1): H = 7 and the gradient is (x, W, 1) = (3, 2, 1).
/// </summary>
/// <remarks>
/// At the kink W*x + b = 0 the gradient is 0, as <see cref="Scalar.Max(Scalar, Scalar)"/> sends a tie's
/// gradient to its first argument, the constant 0.
/// </remarks>
public sealed class LectureNeuron : Workload
{
    private static readonly Func<Vec, Scalar> Traced = v => Scalar.Max(0.0, v[0] * v[1] + v[2]);

    /// <summary>Creates the 3-input neuron.</summary>
    public LectureNeuron() : base("Lecture H = max(0, W*x + b)", 3)
    {
    }

    /// <inheritdoc/>
    public override Func<Vec, Scalar> Function => Traced;

    /// <summary>The lecture's point (W, x, b) = (2, 3, 1).</summary>
    public override double[] StartPoint() => [2.0, 3.0, 1.0];

    /// <inheritdoc/>
    protected override double HandValue(ReadOnlySpan<double> v) => Math.Max(0, v[0] * v[1] + v[2]);

    /// <inheritdoc/>
    protected override double HandGradient(ReadOnlySpan<double> v, Span<double> gradient)
    {
        double z = v[0] * v[1] + v[2];
        bool active = z > 0;
        gradient[0] = active ? v[1] : 0;
        gradient[1] = active ? v[0] : 0;
        gradient[2] = active ? 1 : 0;
        return Math.Max(0, z);
    }
}
