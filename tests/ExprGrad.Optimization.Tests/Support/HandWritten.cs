namespace ExprGrad.Optimization.Tests;

/// <summary>Test functions with hand-written gradients; none allocates per call.</summary>
public static class HandWritten
{
    /// <summary>
    /// s · ½ Σ aᵢ (xᵢ − cᵢ)², aᵢ = i + 1, cᵢ = (−1)ⁱ (i + 1) / 2, s = <paramref name="scale"/>: minimum 0 at c,
    /// condition number n.
    /// </summary>
    public static DelegateGradient Quadratic(int n, double scale = 1) => new(n, (x, g) =>
    {
        double f = 0;
        for (int i = 0; i < x.Length; i++)
        {
            double d = x[i] - QuadraticMinimizer(i);
            f += 0.5 * (i + 1) * d * d;
            g[i] = scale * (i + 1) * d;
        }
        return scale * f;
    }, (x, v, hv) =>
    {
        for (int i = 0; i < x.Length; i++) hv[i] = scale * (i + 1) * v[i];
    });

    public static double QuadraticMinimizer(int i) => (i % 2 == 0 ? 1 : -1) * (i + 1) / 2.0;

    /// <summary>
    /// Extended Rosenbrock times <paramref name="scale"/>, s·Σ 100(x₂ₖ − x₂ₖ₋₁²)² + (1 − x₂ₖ₋₁)²: minimum 0 at
    /// (1, …, 1). A small scale keeps fixed-rate methods (momentum) stable on it.
    /// </summary>
    public static DelegateGradient Rosenbrock(int n = 2, double scale = 1) => new(n, (x, g) =>
    {
        double f = 0;
        for (int k = 0; k < x.Length; k += 2)
        {
            double a = x[k + 1] - x[k] * x[k], b = 1 - x[k];
            f += scale * (100 * a * a + b * b);
            g[k] = scale * (-400 * a * x[k] - 2 * b);
            g[k + 1] = scale * 200 * a;
        }
        return f;
    }, (x, v, hv) =>
    {
        for (int k = 0; k < x.Length; k += 2)
        {
            double h11 = scale * (1200 * x[k] * x[k] - 400 * x[k + 1] + 2), h12 = scale * -400 * x[k], h22 = scale * 200;
            hv[k] = h11 * v[k] + h12 * v[k + 1];
            hv[k + 1] = h12 * v[k] + h22 * v[k + 1];
        }
    });

    public static double[] RosenbrockStart(int n = 2)
    {
        var x = new double[n];
        for (int i = 0; i < n; i++) x[i] = i % 2 == 0 ? -1.2 : 1;
        return x;
    }

    /// <summary>x − 2√x on x ≥ 0: NaN for x &lt; 0, minimum −1 at x = 1. Big steps from small x leave the domain.</summary>
    public static DelegateGradient SquareRootWell() => new(1, (x, g) =>
    {
        double root = Math.Sqrt(x[0]);
        g[0] = 1 - 1 / root;
        return x[0] - 2 * root;
    }, (x, v, hv) => hv[0] = 0.5 / (Math.Sqrt(x[0]) * x[0]) * v[0]);

    /// <summary>x₀ + x₁²: unbounded below along −x₀, the probe's example (issue 11).</summary>
    public static DelegateGradient LinearPlusSquare() => new(2, (x, g) =>
    {
        g[0] = 1;
        g[1] = 2 * x[1];
        return x[0] + x[1] * x[1];
    }, (x, v, hv) =>
    {
        hv[0] = 0;
        hv[1] = 2 * v[1];
    });

    /// <summary>−eˣ⁰ + (x₁ − 1)²: unbounded below along +x₀ with a growing gradient, so even fixed-rate methods run away.</summary>
    public static DelegateGradient ExponentialCliff() => new(2, (x, g) =>
    {
        double e = Math.Exp(x[0]);
        g[0] = -e;
        g[1] = 2 * (x[1] - 1);
        return -e + (x[1] - 1) * (x[1] - 1);
    }, (x, v, hv) =>
    {
        hv[0] = -Math.Exp(x[0]) * v[0];
        hv[1] = 2 * v[1];
    });

    /// <summary><paramref name="inner"/> until it has been called <paramref name="goodCalls"/> times, NaN after: a function that blows up.</summary>
    public static DelegateGradient TurningNaNAfter(DelegateGradient inner, int goodCalls)
    {
        int calls = 0;
        return new(inner.Dimension, (x, g) =>
        {
            double f = inner.ValueAndGradient(x, g);
            return ++calls > goodCalls ? double.NaN : f;
        });
    }
}
