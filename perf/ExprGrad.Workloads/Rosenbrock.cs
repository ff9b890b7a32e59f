using static ExprGrad.Scalar;

namespace ExprGrad.Workloads;

/// <summary>
/// W1, the extended Rosenbrock function
/// f(x) = sum over i &lt; n-1 of 100 (x[i+1] - x[i]^2)^2 + (1 - x[i])^2, minimum 0 at (1, ..., 1).
/// </summary>
public sealed class Rosenbrock : Workload
{
    private static readonly Func<Vec, Scalar> Traced = Objective;

    /// <summary>Creates the n-dimensional function (benchmarks use n = 2, 100 and 10,000).</summary>
    /// <param name="n">Number of inputs, at least 1 (n = 1 is the constant 0).</param>
    public Rosenbrock(int n) : base($"Rosenbrock n={n}", n)
    {
    }

    /// <inheritdoc/>
    public override bool HasPlainLoops => true;

    /// <inheritdoc/>
    public override Func<Vec, Scalar> Function => Traced;

    /// <summary>The classic start: -1.2 at even indices, 1 at odd ones.</summary>
    public override double[] StartPoint()
    {
        var x = new double[Dimension];
        for (int i = 0; i < x.Length; i++) x[i] = i % 2 == 0 ? -1.2 : 1.0;
        return x;
    }

    private static Scalar Objective(Vec x)
    {
        Scalar sum = 0.0;
        for (int i = 0; i < x.Length - 1; i++)
            sum += 100.0 * Square(x[i + 1] - Square(x[i])) + Square(1.0 - x[i]);
        return sum;
    }

    /// <inheritdoc/>
    protected override double HandValue(ReadOnlySpan<double> x)
    {
        double sum = 0;
        for (int i = 0; i < x.Length - 1; i++)
        {
            double t = x[i + 1] - x[i] * x[i];
            double u = 1 - x[i];
            sum += 100 * t * t + u * u;
        }
        return sum;
    }

    /// <inheritdoc/>
    protected override double HandGradient(ReadOnlySpan<double> x, Span<double> gradient)
    {
        // One pass: term i touches x[i] and x[i+1]; its x[i+1] part is carried to the next step.
        double sum = 0, carried = 0;
        for (int i = 0; i < x.Length - 1; i++)
        {
            double t = x[i + 1] - x[i] * x[i];
            double u = 1 - x[i];
            sum += 100 * t * t + u * u;
            gradient[i] = carried - 400 * t * x[i] - 2 * u;
            carried = 200 * t;
        }
        gradient[x.Length - 1] = carried;
        return sum;
    }
}
