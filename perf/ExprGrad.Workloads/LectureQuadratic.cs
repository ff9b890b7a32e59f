namespace ExprGrad.Workloads;

/// <summary>W4b, the lecture's y = x*(x+1), one input. At x = 17: y = 306, dy/dx = 2x + 1 = 35.</summary>
public sealed class LectureQuadratic : Workload
{
    private static readonly Func<Vec, Scalar> Traced = v => v[0] * (v[0] + 1.0);

    /// <summary>Creates the 1-input function.</summary>
    public LectureQuadratic() : base("Lecture y = x*(x+1)", 1)
    {
    }

    /// <inheritdoc/>
    public override Func<Vec, Scalar> Function => Traced;

    /// <summary>The lecture's point x = 17.</summary>
    public override double[] StartPoint() => [17.0];

    /// <inheritdoc/>
    protected override double HandValue(ReadOnlySpan<double> v) => v[0] * (v[0] + 1);

    /// <inheritdoc/>
    protected override double HandGradient(ReadOnlySpan<double> v, Span<double> gradient)
    {
        gradient[0] = 2 * v[0] + 1;
        return v[0] * (v[0] + 1);
    }
}
