using static ExprGrad.Scalar;

namespace ExprGrad.Workloads;

/// <summary>
/// A straight-line program with nothing to recover (issue 13 §3): the chain x = sin(x) c + x, 1,000 steps from
/// one input. Each step depends on the previous one, so tracing gives 3,000 distinct nodes in one chain.
/// </summary>
/// <remarks>The hand gradient is the natural hand-written code: the forward pass keeps every x, the reverse sweep multiplies the adjoint by c cos x + 1.</remarks>
public sealed class SinChain : Workload
{
    /// <summary>Number of steps.</summary>
    public const int Steps = 1000;

    private const double C = 1e-3;
    private static readonly Func<Vec, Scalar> Traced = Objective;
    private readonly double[] xs = new double[Steps];

    /// <summary>Creates the chain (one input).</summary>
    public SinChain() : base($"Sin chain {Steps}", 1)
    {
    }

    /// <inheritdoc/>
    public override Func<Vec, Scalar> Function => Traced;

    /// <summary>x0 = 0.3.</summary>
    public override double[] StartPoint() => [0.3];

    private static Scalar Objective(Vec v)
    {
        Scalar x = v[0];
        for (int i = 0; i < Steps; i++) x = Sin(x) * C + x;
        return x;
    }

    /// <inheritdoc/>
    protected override double HandValue(ReadOnlySpan<double> x)
    {
        double y = x[0];
        for (int i = 0; i < Steps; i++) y = Math.Sin(y) * C + y;
        return y;
    }

    /// <inheritdoc/>
    protected override double HandGradient(ReadOnlySpan<double> x, Span<double> gradient)
    {
        double y = x[0];
        for (int i = 0; i < Steps; i++) { xs[i] = y; y = Math.Sin(y) * C + y; }
        double adjoint = 1;
        for (int i = Steps - 1; i >= 0; i--) adjoint *= Math.Cos(xs[i]) * C + 1;
        gradient[0] = adjoint;
        return y;
    }
}
