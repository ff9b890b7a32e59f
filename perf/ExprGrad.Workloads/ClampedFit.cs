using static ExprGrad.Scalar;

namespace ExprGrad.Workloads;

/// <summary>
/// A branchy objective (issue 14): a quadratic model fitted through a saturating sensor, <c>Clamp(w0 + w1 t + w2 t², lo, hi)</c>,
/// to m samples (a <see cref="Scalar.Sum(int, Func{LoopIndex, Scalar})"/> over the data, the per-sample clamp choosing without
/// branching), plus a box penalty on the parameters written as plain C# <c>if</c>s: under <c>Grad.Compile</c> each set of
/// penalty decisions is a path (inside the box at the start point: one path).
/// </summary>
public sealed class ClampedFit : DataWorkload
{
    private const double Lo = -0.5, Hi = 0.6, Bound = 2, Weight = 10;
    private readonly int m;

    /// <summary>Creates the fit over <paramref name="samples"/> samples (t, y), t evenly in [-1, 1].</summary>
    public ClampedFit(int samples = 1000) : base($"Clamped fit + box penalty (Sum, if) n={samples}", 3, Samples(samples))
    {
        m = samples;
    }

    private static double[] Samples(int m)
    {
        var data = new double[2 * m];
        for (int i = 0; i < m; i++)
        {
            double t = -1 + 2.0 * i / Math.Max(1, m - 1);
            data[2 * i] = t;
            data[2 * i + 1] = Math.Clamp(0.3 + 0.8 * t - 0.5 * t * t, Lo, Hi) + 0.05 * Math.Sin(17 * i);
        }
        return data;
    }

    /// <summary>Inside the box: the penalty's first path.</summary>
    public override double[] StartPoint() => [0.1, 0.5, -0.2];

    /// <inheritdoc/>
    public override Func<Vec, Vec, Scalar> DataFunction => (w, data) =>
    {
        // The decisions first: a point on another path leaves a compiled path before its sum runs.
        Scalar penalty = 0;
        for (int j = 0; j < w.Length; j++)
        {
            if (w[j] > Bound) penalty += Weight * Square(w[j] - Bound);
            else if (w[j] < -Bound) penalty += Weight * Square(w[j] + Bound);
        }
        return penalty + Sum(m, i => Square(Clamp(w[0] + data[2 * i] * (w[1] + data[2 * i] * w[2]), Lo, Hi) - data[2 * i + 1])) / m;
    };

    /// <inheritdoc/>
    protected override double HandValue(ReadOnlySpan<double> w)
    {
        double sum = 0;
        for (int i = 0; i < m; i++)
        {
            double t = Data[2 * i], u = w[0] + t * (w[1] + t * w[2]);
            double r = (u < Lo ? Lo : u > Hi ? Hi : u) - Data[2 * i + 1];
            sum += r * r;
        }
        return Penalty(w, default) + sum / m;
    }

    /// <inheritdoc/>
    protected override double HandGradient(ReadOnlySpan<double> w, Span<double> gradient)
    {
        double sum = 0, g0 = 0, g1 = 0, g2 = 0;
        ReadOnlySpan<double> data = Data;
        for (int i = 0; i < m; i++)
        {
            double t = data[2 * i], u = w[0] + t * (w[1] + t * w[2]);
            double r = (u < Lo ? Lo : u > Hi ? Hi : u) - data[2 * i + 1];
            sum += r * r;
            if (u < Lo || u > Hi) continue; // clamped: no slope (at the bounds the slope from inside, as Clamp's convention)
            double d = 2 * r;
            g0 += d;
            g1 += d * t;
            g2 += d * t * t;
        }
        gradient[0] = g0 / m;
        gradient[1] = g1 / m;
        gradient[2] = g2 / m;
        return Penalty(w, gradient) + sum / m;
    }

    // The box penalty; adds its gradient into a non-empty span.
    private static double Penalty(ReadOnlySpan<double> w, Span<double> gradient)
    {
        double penalty = 0;
        for (int j = 0; j < w.Length; j++)
        {
            double excess = w[j] > Bound ? w[j] - Bound : w[j] < -Bound ? w[j] + Bound : 0;
            penalty += Weight * excess * excess;
            if (!gradient.IsEmpty) gradient[j] += 2 * Weight * excess;
        }
        return penalty;
    }
}
