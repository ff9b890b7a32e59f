using static ExprGrad.Scalar;

namespace ExprGrad.Optimization.TestProblems;

// Problems 20-35: any number of variables n. Where the paper publishes f* only for some n, other sizes get
// Minimum = NaN.
public static partial class MoreGarbowHillstrom
{
    /// <summary>
    /// 20. Watson, 2 ≤ n ≤ 31, m = 31: for i ≤ 29, tᵢ = i/29 and
    /// fᵢ = Σ_{j≥2} (j − 1)xⱼtᵢ^{j−2} − (Σ_j xⱼtᵢ^{j−1})² − 1; f₃₀ = x₁, f₃₁ = x₂ − x₁² − 1.
    /// f* = 2.28767e-3 (n = 6), 1.39976e-6 (n = 9), 4.72238e-10 (n = 12).
    /// </summary>
    public static TestProblem Watson(int n)
    {
        RequireSize(n is >= 2 and <= 31, nameof(n), n, "must be in 2..31");
        double minimum = n switch { 6 => 2.28767e-3, 9 => 1.39976e-6, 12 => 4.72238e-10, _ => double.NaN };
        return new(20, $"Watson (n = {n})", n, x => SumOfSquares(31, i =>
        {
            if (i == 30) return x[0];
            if (i == 31) return x[1] - Square(x[0]) - 1;
            double t = i / 29.0;
            Scalar derivative = 0, polynomial = 0;
            for (int j = 1; j <= n; j++)
            {
                if (j >= 2) derivative += (j - 1) * Math.Pow(t, j - 2) * x[j - 1];
                polynomial += Math.Pow(t, j - 1) * x[j - 1];
            }
            return derivative - Square(polynomial) - 1;
        }), new double[n], minimum);
    }

    /// <summary>21. Extended Rosenbrock, n even: n/2 uncoupled copies of problem 1; f* = 0.</summary>
    public static TestProblem ExtendedRosenbrock(int n)
    {
        RequireSize(n >= 2 && n % 2 == 0, nameof(n), n, "must be even and at least 2");
        return new(21, $"Extended Rosenbrock (n = {n})", n, x => SumOfSquares(n, i => i % 2 == 1
            ? 10 * (x[i] - Square(x[i - 1]))
            : 1 - x[i - 2]), Filled(n, j => j % 2 == 1 ? -1.2 : 1), 0);
    }

    /// <summary>22. Extended Powell singular, n a multiple of 4: n/4 copies of problem 13; f* = 0.</summary>
    public static TestProblem ExtendedPowellSingular(int n)
    {
        RequireSize(n >= 4 && n % 4 == 0, nameof(n), n, "must be a positive multiple of 4");
        double[] start = [3, -1, 0, 1];
        return new(22, $"Extended Powell singular (n = {n})", n, x =>
        {
            Scalar sum = 0;
            for (int k = 0; k < n; k += 4)
                sum += Square(x[k] + 10 * x[k + 1]) + 5 * Square(x[k + 2] - x[k + 3])
                     + Square(Square(x[k + 1] - 2 * x[k + 2])) + 10 * Square(Square(x[k] - x[k + 3]));
            return sum;
        }, Filled(n, j => start[(j - 1) % 4]), 0);
    }

    /// <summary>
    /// 23. Penalty function I, m = n + 1: fᵢ = √a (xᵢ − 1), a = 10⁻⁵; f_{n+1} = Σ xⱼ² − 1/4.
    /// f* = 2.24997e-5 (n = 4), 7.08765e-5 (n = 10).
    /// </summary>
    public static TestProblem PenaltyI(int n)
    {
        RequireSize(n >= 1, nameof(n), n, "must be at least 1");
        double minimum = n switch { 4 => 2.24997e-5, 10 => 7.08765e-5, _ => double.NaN };
        return new(23, $"Penalty I (n = {n})", n, x =>
        {
            Scalar penalty = 0, norm = 0;
            for (int j = 0; j < n; j++)
            {
                penalty += Square(x[j] - 1);
                norm += Square(x[j]);
            }
            return 1e-5 * penalty + Square(norm - 0.25);
        }, Filled(n, j => j), minimum);
    }

    /// <summary>
    /// 24. Penalty function II, m = 2n: f₁ = x₁ − 0.2; fᵢ = √a (e^{xᵢ/10} + e^{xᵢ₋₁/10} − yᵢ) for 2 ≤ i ≤ n,
    /// yᵢ = e^{i/10} + e^{(i−1)/10}; fᵢ = √a (e^{xᵢ₋ₙ₊₁/10} − e^{−1/10}) for n &lt; i &lt; 2n;
    /// f₂ₙ = Σ (n − j + 1)xⱼ² − 1; a = 10⁻⁵. f* = 9.37629e-6 (n = 4), 2.93660e-4 (n = 10).
    /// </summary>
    public static TestProblem PenaltyII(int n)
    {
        RequireSize(n >= 2, nameof(n), n, "must be at least 2");
        double minimum = n switch { 4 => 9.37629e-6, 10 => 2.93660e-4, _ => double.NaN };
        return new(24, $"Penalty II (n = {n})", n, x =>
        {
            const double a = 1e-5;
            Scalar sum = Square(x[0] - 0.2), weighted = 0;
            for (int i = 2; i <= n; i++)
                sum += a * Square(Exp(x[i - 1] / 10) + Exp(x[i - 2] / 10) - (Math.Exp(i / 10.0) + Math.Exp((i - 1) / 10.0)));
            for (int i = n + 1; i < 2 * n; i++)
                sum += a * Square(Exp(x[i - n] / 10) - Math.Exp(-0.1));
            for (int j = 1; j <= n; j++)
                weighted += (n - j + 1) * Square(x[j - 1]);
            return sum + Square(weighted - 1);
        }, Filled(n, _ => 0.5), minimum);
    }

    /// <summary>
    /// 25. Variably dimensioned, m = n + 2: fᵢ = xᵢ − 1; f_{n+1} = Σ j(xⱼ − 1); f_{n+2} = (Σ j(xⱼ − 1))²;
    /// f* = 0 at (1, …, 1).
    /// </summary>
    public static TestProblem VariablyDimensioned(int n)
    {
        RequireSize(n >= 1, nameof(n), n, "must be at least 1");
        return new(25, $"Variably dimensioned (n = {n})", n, x =>
        {
            Scalar sum = 0, weighted = 0;
            for (int j = 1; j <= n; j++)
            {
                sum += Square(x[j - 1] - 1);
                weighted += j * (x[j - 1] - 1);
            }
            return sum + Square(weighted) + Square(Square(weighted));
        }, Filled(n, j => 1 - (double)j / n), 0);
    }

    /// <summary>26. Trigonometric, m = n: fᵢ = n − Σ cos xⱼ + i(1 − cos xᵢ) − sin xᵢ; f* = 0.</summary>
    public static TestProblem Trigonometric(int n)
    {
        RequireSize(n >= 1, nameof(n), n, "must be at least 1");
        return new(26, $"Trigonometric (n = {n})", n, x =>
        {
            Scalar cosines = 0;
            for (int j = 0; j < n; j++) cosines += Cos(x[j]);
            return SumOfSquares(n, i => n - cosines + i * (1 - Cos(x[i - 1])) - Sin(x[i - 1]));
        }, Filled(n, _ => 1.0 / n), 0);
    }

    /// <summary>
    /// 27. Brown almost-linear, m = n: fᵢ = xᵢ + Σ xⱼ − (n + 1) for i &lt; n, fₙ = Π xⱼ − 1;
    /// f* = 0 (the paper also lists 1, at (0, …, 0, n + 1)).
    /// </summary>
    public static TestProblem BrownAlmostLinear(int n)
    {
        RequireSize(n >= 1, nameof(n), n, "must be at least 1");
        return new(27, $"Brown almost-linear (n = {n})", n, x =>
        {
            Scalar total = 0, product = 1;
            for (int j = 0; j < n; j++)
            {
                total += x[j];
                product *= x[j];
            }
            return SumOfSquares(n, i => i < n ? x[i - 1] + total - (n + 1) : product - 1);
        }, Filled(n, _ => 0.5), 0);
    }

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
