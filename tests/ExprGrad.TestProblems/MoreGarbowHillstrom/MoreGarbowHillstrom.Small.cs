using static ExprGrad.Scalar;

namespace ExprGrad.TestProblems;

// Problems 1-10: two and three variables.
public static partial class MoreGarbowHillstrom
{
    /// <summary>1. Rosenbrock: f₁ = 10(x₂ − x₁²), f₂ = 1 − x₁; f* = 0 at (1, 1).</summary>
    public static TestProblem Rosenbrock() => new(1, "Rosenbrock", 2,
        x => Square(10 * (x[1] - Square(x[0]))) + Square(1 - x[0]),
        [-1.2, 1], 0);

    /// <summary>
    /// 2. Freudenstein and Roth: f* = 0 at (5, 4). The paper also lists a local minimum 48.9842 at
    /// (11.41…, −0.8968…), which descent methods from x₀ usually reach.
    /// </summary>
    public static TestProblem FreudensteinRoth() => new(2, "Freudenstein and Roth", 2,
        x => Square(-13 + x[0] + ((5 - x[1]) * x[1] - 2) * x[1]) + Square(-29 + x[0] + ((x[1] + 1) * x[1] - 14) * x[1]),
        [0.5, -2], 0, LocalMinimum: 48.9842);

    /// <summary>3. Powell badly scaled: f₁ = 10⁴x₁x₂ − 1, f₂ = e^−x₁ + e^−x₂ − 1.0001; f* = 0.</summary>
    public static TestProblem PowellBadlyScaled() => new(3, "Powell badly scaled", 2,
        x => Square(1e4 * x[0] * x[1] - 1) + Square(Exp(-x[0]) + Exp(-x[1]) - 1.0001),
        [0, 1], 0);

    /// <summary>4. Brown badly scaled: f* = 0 at (10⁶, 2·10⁻⁶).</summary>
    public static TestProblem BrownBadlyScaled() => new(4, "Brown badly scaled", 2,
        x => Square(x[0] - 1e6) + Square(x[1] - 2e-6) + Square(x[0] * x[1] - 2),
        [1, 1], 0);

    /// <summary>5. Beale: fᵢ = yᵢ − x₁(1 − x₂ⁱ), y = (1.5, 2.25, 2.625); f* = 0 at (3, 0.5).</summary>
    public static TestProblem Beale() => new(5, "Beale", 2,
        x => SumOfSquares(3, i => BealeY[i - 1] - x[0] * (1 - Pow(x[1], i))),
        [1, 1], 0);

    private static readonly double[] BealeY = [1.5, 2.25, 2.625];

    /// <summary>6. Jennrich and Sampson, m = 10: fᵢ = 2 + 2i − (e^{ix₁} + e^{ix₂}); f* = 124.362.</summary>
    public static TestProblem JennrichSampson() => new(6, "Jennrich and Sampson (m = 10)", 2,
        x => SumOfSquares(10, i => 2 + 2 * i - (Exp(i * x[0]) + Exp(i * x[1]))),
        [0.3, 0.4], 124.362);

    /// <summary>
    /// 7. Helical valley: f₁ = 10(x₃ − 10θ), f₂ = 10(√(x₁² + x₂²) − 1), f₃ = x₃, with
    /// 2πθ = arctan(x₂/x₁) for x₁ &gt; 0 and arctan(x₂/x₁) + π for x₁ &lt; 0; f* = 0 at (1, 0, 0).
    /// </summary>
    public static TestProblem HelicalValley() => new(7, "Helical valley", 3, x =>
    {
        // The paper's θ, not atan2: the two differ by a whole turn for x₁ < 0, x₂ < 0.
        Scalar turn = Atan(x[1] / x[0]) / (2 * Math.PI);
        Scalar theta = Where(x[0] > 0, turn, turn + 0.5);
        return Square(10 * (x[2] - 10 * theta)) + Square(10 * (Hypot(x[0], x[1]) - 1)) + Square(x[2]);
    }, [-1, 0, 0], 0);

    /// <summary>8. Bard, m = 15: fᵢ = yᵢ − (x₁ + uᵢ / (vᵢx₂ + wᵢx₃)); f* = 8.21487e-3.</summary>
    public static TestProblem Bard() => new(8, "Bard", 3, x => SumOfSquares(15, i =>
    {
        int u = i, v = 16 - i, w = Math.Min(u, v);
        return BardY[i - 1] - (x[0] + u / (v * x[1] + w * x[2]));
    }), [1, 1, 1], 8.21487e-3);

    private static readonly double[] BardY =
        [0.14, 0.18, 0.22, 0.25, 0.29, 0.32, 0.35, 0.39, 0.37, 0.58, 0.73, 0.96, 1.34, 2.10, 4.39];

    /// <summary>9. Gaussian, m = 15: fᵢ = x₁ exp(−x₂(tᵢ − x₃)²/2) − yᵢ, tᵢ = (8 − i)/2; f* = 1.12793e-8.</summary>
    public static TestProblem Gaussian() => new(9, "Gaussian", 3, x => SumOfSquares(15, i =>
    {
        double t = (8 - i) / 2.0;
        return x[0] * Exp(-0.5 * x[1] * Square(t - x[2])) - GaussianY[i - 1];
    }), [0.4, 1, 0], 1.12793e-8);

    private static readonly double[] GaussianY =
        [0.0009, 0.0044, 0.0175, 0.0540, 0.1295, 0.2420, 0.3521, 0.3989, 0.3521, 0.2420, 0.1295, 0.0540, 0.0175, 0.0044, 0.0009];

    /// <summary>10. Meyer, m = 16: fᵢ = x₁ exp(x₂ / (tᵢ + x₃)) − yᵢ, tᵢ = 45 + 5i; f* = 87.9458.</summary>
    public static TestProblem Meyer() => new(10, "Meyer", 3,
        x => SumOfSquares(16, i => x[0] * Exp(x[1] / (45 + 5 * i + x[2])) - MeyerY[i - 1]),
        [0.02, 4000, 250], 87.9458);

    private static readonly double[] MeyerY =
        [34780, 28610, 23650, 19630, 16370, 13720, 11540, 9744, 8261, 7030, 6005, 5147, 4427, 3820, 3307, 2872];
}
