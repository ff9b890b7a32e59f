using static ExprGrad.Scalar;

namespace ExprGrad.Workloads;

/// <summary>
/// W1 written with <see cref="Scalar.Sum(int, Func{LoopIndex, Scalar})"/>: the same function, start point and
/// hand-written baselines as <see cref="Rosenbrock"/>, but <c>Grad.Compile</c> traces the term once and
/// compiles a loop, so compile time and code size do not grow with n.
/// </summary>
public sealed class RosenbrockSum : Workload
{
    private static readonly Func<Vec, Scalar> Traced = Objective;
    private readonly Rosenbrock hand;

    /// <summary>Creates the n-dimensional function (benchmarks use n = 100 and 10,000).</summary>
    /// <param name="n">Number of inputs, at least 1 (n = 1 is the constant 0).</param>
    public RosenbrockSum(int n) : base($"Rosenbrock (Sum) n={n}", n)
    {
        hand = new Rosenbrock(n);
    }

    /// <inheritdoc/>
    public override Func<Vec, Scalar> Function => Traced;

    /// <inheritdoc/>
    public override double[] StartPoint() => hand.StartPoint();

    private static Scalar Objective(Vec x) => Sum(x.Length - 1, i => 100.0 * Square(x[i + 1] - Square(x[i])) + Square(1.0 - x[i]));

    /// <inheritdoc/>
    protected override double HandValue(ReadOnlySpan<double> x) => hand.Value(x);

    /// <inheritdoc/>
    protected override double HandGradient(ReadOnlySpan<double> x, Span<double> gradient) => hand.ValueAndGradient(x, gradient);
}
