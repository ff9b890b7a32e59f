using static ExprGrad.Scalar;

namespace ExprGrad.TestProblems;

// Problems 28-35: n variables, mostly systems of equations written as sums of squared residuals.
public static partial class MoreGarbowHillstrom
{
    /// <summary>
    /// 28. Discrete boundary value, m = n: fᵢ = 2xᵢ − xᵢ₋₁ − xᵢ₊₁ + h²(xᵢ + tᵢ + 1)³/2, h = 1/(n + 1),
    /// tᵢ = ih, x₀ = xₙ₊₁ = 0; f* = 0.
    /// </summary>
    public static TestProblem DiscreteBoundaryValue(int n)
    {
        RequireSize(n >= 1, nameof(n), n, "must be at least 1");
        double h = 1.0 / (n + 1);
        return new(28, $"Discrete boundary value (n = {n})", n, x => SumOfSquares(n, i =>
        {
            Scalar left = i > 1 ? x[i - 2] : 0, right = i < n ? x[i] : 0;
            return 2 * x[i - 1] - left - right + h * h * Pow(x[i - 1] + i * h + 1, 3) / 2;
        }), Filled(n, j => j * h * (j * h - 1)), 0);
    }

    /// <summary>
    /// 29. Discrete integral equation, m = n: fᵢ = xᵢ + h[(1 − tᵢ) Σ_{j≤i} tⱼ(xⱼ + tⱼ + 1)³
    /// + tᵢ Σ_{j&gt;i} (1 − tⱼ)(xⱼ + tⱼ + 1)³]/2; f* = 0.
    /// </summary>
    public static TestProblem DiscreteIntegralEquation(int n)
    {
        RequireSize(n >= 1, nameof(n), n, "must be at least 1");
        double h = 1.0 / (n + 1);
        return new(29, $"Discrete integral equation (n = {n})", n, x => SumOfSquares(n, i =>
        {
            double ti = i * h;
            Scalar below = 0, above = 0;
            for (int j = 1; j <= n; j++)
            {
                double tj = j * h;
                Scalar cube = Pow(x[j - 1] + tj + 1, 3);
                if (j <= i) below += tj * cube;
                else above += (1 - tj) * cube;
            }
            return x[i - 1] + h * ((1 - ti) * below + ti * above) / 2;
        }), Filled(n, j => j * h * (j * h - 1)), 0);
    }

    /// <summary>30. Broyden tridiagonal, m = n: fᵢ = (3 − 2xᵢ)xᵢ − xᵢ₋₁ − 2xᵢ₊₁ + 1, x₀ = xₙ₊₁ = 0; f* = 0.</summary>
    public static TestProblem BroydenTridiagonal(int n)
    {
        RequireSize(n >= 1, nameof(n), n, "must be at least 1");
        return new(30, $"Broyden tridiagonal (n = {n})", n, x => SumOfSquares(n, i =>
        {
            Scalar left = i > 1 ? x[i - 2] : 0, right = i < n ? x[i] : 0;
            return (3 - 2 * x[i - 1]) * x[i - 1] - left - 2 * right + 1;
        }), Filled(n, _ => -1), 0);
    }

    /// <summary>
    /// 31. Broyden banded, m = n: fᵢ = xᵢ(2 + 5xᵢ²) + 1 − Σ_{j∈Jᵢ} xⱼ(1 + xⱼ), Jᵢ = {j ≠ i : i − 5 ≤ j ≤ i + 1};
    /// f* = 0.
    /// </summary>
    public static TestProblem BroydenBanded(int n)
    {
        RequireSize(n >= 1, nameof(n), n, "must be at least 1");
        return new(31, $"Broyden banded (n = {n})", n, x => SumOfSquares(n, i =>
        {
            Scalar band = 0;
            for (int j = Math.Max(1, i - 5); j <= Math.Min(n, i + 1); j++)
                if (j != i) band += x[j - 1] * (1 + x[j - 1]);
            return x[i - 1] * (2 + 5 * Square(x[i - 1])) + 1 - band;
        }), Filled(n, _ => -1), 0);
    }

    /// <summary>
    /// 32. Linear function, full rank, m ≥ n: fᵢ = xᵢ − (2/m)Σ xⱼ − 1 for i ≤ n, −(2/m)Σ xⱼ − 1 after;
    /// f* = m − n.
    /// </summary>
    public static TestProblem LinearFullRank(int n, int m)
    {
        RequireSize(n >= 1, nameof(n), n, "must be at least 1");
        RequireSize(m >= n, nameof(m), m, "must be at least n");
        return new(32, $"Linear, full rank (n = {n}, m = {m})", n, x =>
        {
            Scalar total = 0;
            for (int j = 0; j < n; j++) total += x[j];
            return SumOfSquares(m, i => (i <= n ? x[i - 1] : 0) - 2.0 / m * total - 1);
        }, Filled(n, _ => 1), m - n);
    }

    /// <summary>33. Linear function, rank 1, m ≥ n: fᵢ = i(Σ j xⱼ) − 1; f* = m(m − 1) / (2(2m + 1)).</summary>
    public static TestProblem LinearRank1(int n, int m)
    {
        RequireSize(n >= 1, nameof(n), n, "must be at least 1");
        RequireSize(m >= n, nameof(m), m, "must be at least n");
        return new(33, $"Linear, rank 1 (n = {n}, m = {m})", n, x =>
        {
            Scalar weighted = 0;
            for (int j = 1; j <= n; j++) weighted += j * x[j - 1];
            return SumOfSquares(m, i => i * weighted - 1);
        }, Filled(n, _ => 1), m * (m - 1.0) / (2 * (2 * m + 1)));
    }

    /// <summary>
    /// 34. Linear function, rank 1 with zero columns and rows, m ≥ n ≥ 3: f₁ = fₘ = −1,
    /// fᵢ = (i − 1)(Σ_{j=2}^{n−1} j xⱼ) − 1 otherwise; f* = (m² + 3m − 6) / (2(2m − 3)).
    /// </summary>
    public static TestProblem LinearRank1ZeroColumnsAndRows(int n, int m)
    {
        RequireSize(n >= 3, nameof(n), n, "must be at least 3");
        RequireSize(m >= n, nameof(m), m, "must be at least n");
        return new(34, $"Linear, rank 1 with zero columns and rows (n = {n}, m = {m})", n, x =>
        {
            Scalar weighted = 0;
            for (int j = 2; j <= n - 1; j++) weighted += j * x[j - 1];
            return SumOfSquares(m, i => i == 1 || i == m ? -1 : (i - 1) * weighted - 1);
        }, Filled(n, _ => 1), (m * m + 3.0 * m - 6) / (2 * (2 * m - 3)));
    }

    /// <summary>
    /// 35. Chebyquad, m = n: fᵢ = (1/n) Σⱼ Tᵢ(xⱼ) − ∫₀¹ Tᵢ, Tᵢ the Chebyshev polynomial shifted to [0, 1]
    /// (the integral is 0 for odd i and −1/(i² − 1) for even i). f* = 0 for n ≤ 7 and n = 9,
    /// 3.51687e-3 (n = 8), 6.50395e-3 (n = 10).
    /// </summary>
    public static TestProblem Chebyquad(int n)
    {
        RequireSize(n >= 1, nameof(n), n, "must be at least 1");
        double minimum = n switch { <= 7 or 9 => 0, 8 => 3.51687e-3, 10 => 6.50395e-3, _ => double.NaN };
        return new(35, $"Chebyquad (n = {n})", n, x =>
        {
            // Accumulate Σⱼ Tᵢ(xⱼ) for every i by the three-term recurrence, one variable at a time.
            var sums = new Scalar[n + 1];
            for (int j = 0; j < n; j++)
            {
                Scalar u = 2 * x[j] - 1, previous = 1, current = u;
                sums[1] += current;
                for (int i = 2; i <= n; i++)
                {
                    (previous, current) = (current, 2 * u * current - previous);
                    sums[i] += current;
                }
            }
            return SumOfSquares(n, i => sums[i] / n - (i % 2 == 1 ? 0 : -1.0 / (i * i - 1)));
        }, Filled(n, j => j / (n + 1.0)), minimum);
    }
}
