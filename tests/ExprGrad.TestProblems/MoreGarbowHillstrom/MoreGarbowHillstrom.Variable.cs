using static ExprGrad.Scalar;

namespace ExprGrad.TestProblems;

// Problems 20-27: any number of variables n. Where the paper publishes f* only for some n, other sizes get
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
    /// <remarks>
    /// The function has many other stationary points; from the standard start with n = 10, gradient methods
    /// (ExprGrad's and MathNet's L-BFGS alike) stop at one with f ≈ 2.79506e-5, which the paper does not list.
    /// </remarks>
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
}
