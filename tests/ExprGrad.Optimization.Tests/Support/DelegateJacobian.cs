namespace ExprGrad.Optimization.Tests;

/// <summary>Residuals r(x) written into the values span, and, when the Jacobian span is not empty, ∂r/∂x row-major.</summary>
public delegate void ResidualFunction(ReadOnlySpan<double> x, Span<double> values, Span<double> jacobian);

/// <summary>A hand-written <see cref="IJacobian"/> that counts its calls and checks span lengths like ExprGrad's.</summary>
public sealed class DelegateJacobian(int dimension, int outputs, ResidualFunction function) : IJacobian
{
    public int Dimension { get; } = dimension;
    public int Outputs { get; } = outputs;
    public int Calls { get; private set; }
    public int JacobianCalls { get; private set; }

    public void Evaluate(ReadOnlySpan<double> x, Span<double> values)
    {
        Check(x, values);
        Calls++;
        function(x, values, default);
    }

    public void Evaluate(ReadOnlySpan<double> x, Span<double> values, Span<double> jacobian)
    {
        Check(x, values);
        if (jacobian.Length != Outputs * Dimension)
            throw new ArgumentException($"jacobian has length {jacobian.Length}; expected {Outputs * Dimension}.", nameof(jacobian));
        Calls++;
        JacobianCalls++;
        function(x, values, jacobian);
    }

    /// <summary>½‖r(x)‖².</summary>
    public double HalfSumOfSquares(ReadOnlySpan<double> x)
    {
        var r = new double[Outputs];
        function(x, r, default);
        return 0.5 * r.Sum(v => v * v);
    }

    private void Check(ReadOnlySpan<double> x, Span<double> values)
    {
        if (x.Length != Dimension) throw new ArgumentException($"x has length {x.Length}; expected {Dimension}.", nameof(x));
        if (values.Length != Outputs) throw new ArgumentException($"values has length {values.Length}; expected {Outputs}.", nameof(values));
    }
}

/// <summary>Least-squares problems with hand-written Jacobians (Moré, Garbow and Hillstrom's numbering where they have one).</summary>
public static class Residuals
{
    /// <summary>MGH 1: r = (10(x₂ − x₁²), 1 − x₁); zero residual at (1, 1).</summary>
    public static DelegateJacobian Rosenbrock() => new(2, 2, (x, r, j) =>
    {
        r[0] = 10 * (x[1] - x[0] * x[0]);
        r[1] = 1 - x[0];
        if (j.IsEmpty) return;
        j[0] = -20 * x[0]; j[1] = 10;
        j[2] = -1; j[3] = 0;
    });

    /// <summary>MGH 3, Powell badly scaled: zero residual at (1.098…e-5, 9.106…).</summary>
    public static DelegateJacobian PowellBadlyScaled() => new(2, 2, (x, r, j) =>
    {
        r[0] = 1e4 * x[0] * x[1] - 1;
        r[1] = Math.Exp(-x[0]) + Math.Exp(-x[1]) - 1.0001;
        if (j.IsEmpty) return;
        j[0] = 1e4 * x[1]; j[1] = 1e4 * x[0];
        j[2] = -Math.Exp(-x[0]); j[3] = -Math.Exp(-x[1]);
    });

    /// <summary>MGH 6, Jennrich and Sampson (m = 10): rᵢ = 2 + 2i − (e^{ix₁} + e^{ix₂}); Σ rᵢ² = 124.362 at (0.2578, 0.2578).</summary>
    public static DelegateJacobian JennrichSampson() => new(2, 10, (x, r, j) =>
    {
        for (int i = 1; i <= 10; i++)
        {
            double a = Math.Exp(i * x[0]), b = Math.Exp(i * x[1]);
            r[i - 1] = 2 + 2 * i - (a + b);
            if (j.IsEmpty) continue;
            j[2 * (i - 1)] = -i * a;
            j[2 * (i - 1) + 1] = -i * b;
        }
    });

    /// <summary>MGH 10, Meyer: rᵢ = x₁ exp(x₂ / (tᵢ + x₃)) − yᵢ, tᵢ = 45 + 5i; Σ rᵢ² = 87.9458. Variables differ in scale by 10⁶.</summary>
    public static DelegateJacobian Meyer() => new(3, 16, (x, r, j) =>
    {
        for (int i = 1; i <= 16; i++)
        {
            double t = 45 + 5 * i, d = t + x[2], e = Math.Exp(x[1] / d);
            r[i - 1] = x[0] * e - MeyerY[i - 1];
            if (j.IsEmpty) continue;
            j[3 * (i - 1)] = e;
            j[3 * (i - 1) + 1] = x[0] * e / d;
            j[3 * (i - 1) + 2] = -x[0] * e * x[1] / (d * d);
        }
    });

    private static readonly double[] MeyerY =
        [34780, 28610, 23650, 19630, 16370, 13720, 11540, 9744, 8261, 7030, 6005, 5147, 4427, 3820, 3307, 2872];

    /// <summary>
    /// MGH 33, linear function of rank 1 (n = 4, m = 6): rᵢ = i Σⱼ j xⱼ − 1. The minimum Σ rᵢ² = m(m − 1) / (2(2m + 1))
    /// is attained on a whole hyperplane.
    /// </summary>
    public static DelegateJacobian LinearRank1(int n = 4, int m = 6) => new(n, m, (x, r, j) =>
    {
        double s = 0;
        for (int k = 0; k < n; k++) s += (k + 1) * x[k];
        for (int i = 0; i < m; i++)
        {
            r[i] = (i + 1) * s - 1;
            if (j.IsEmpty) continue;
            for (int k = 0; k < n; k++) j[i * n + k] = (i + 1) * (k + 1);
        }
    });

    /// <summary>One equation in two unknowns, r = x₁ + 2x₂ − 3: fewer residuals than variables, zero residual on a line.</summary>
    public static DelegateJacobian Underdetermined() => new(2, 1, (x, r, j) =>
    {
        r[0] = x[0] + 2 * x[1] - 3;
        if (j.IsEmpty) return;
        j[0] = 1; j[1] = 2;
    });
}
