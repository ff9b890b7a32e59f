using static ExprGrad.Scalar;

namespace ExprGrad.TestProblems;

// Problems 11-19: three to eleven variables, mostly exponential data fits.
public static partial class MoreGarbowHillstrom
{
    /// <summary>
    /// 11. Gulf research and development, m = 99: fᵢ = exp(−|yᵢ − x₂|^x₃ / x₁) − tᵢ, tᵢ = i/100,
    /// yᵢ = 25 + (−50 ln tᵢ)^(2/3); f* = 0 at (50, 25, 1.5). (The paper's printed "mi" is a minus sign.)
    /// </summary>
    public static TestProblem GulfResearch() => new(11, "Gulf research and development (m = 99)", 3, x => SumOfSquares(99, i =>
    {
        double t = i / 100.0, y = 25 + Math.Pow(-50 * Math.Log(t), 2.0 / 3);
        return Exp(-Pow(Abs(y - x[1]), x[2]) / x[0]) - t;
    }), [5, 2.5, 0.15], 0);

    /// <summary>
    /// 12. Box three-dimensional, m = 10: fᵢ = e^{−tᵢx₁} − e^{−tᵢx₂} − x₃(e^{−tᵢ} − e^{−10tᵢ}), tᵢ = i/10;
    /// f* = 0 at (1, 10, 1) among others.
    /// </summary>
    public static TestProblem Box3D() => new(12, "Box three-dimensional (m = 10)", 3, x => SumOfSquares(10, i =>
    {
        double t = 0.1 * i;
        return Exp(-t * x[0]) - Exp(-t * x[1]) - x[2] * (Math.Exp(-t) - Math.Exp(-10 * t));
    }), [0, 10, 20], 0);

    /// <summary>13. Powell singular: f* = 0 at the origin, where the Hessian is singular.</summary>
    public static TestProblem PowellSingular() => new(13, "Powell singular", 4, x =>
        Square(x[0] + 10 * x[1]) + 5 * Square(x[2] - x[3]) + Square(Square(x[1] - 2 * x[2])) + 10 * Square(Square(x[0] - x[3])),
        [3, -1, 0, 1], 0);

    /// <summary>14. Wood: f* = 0 at (1, 1, 1, 1).</summary>
    public static TestProblem Wood() => new(14, "Wood", 4, x =>
        100 * Square(x[1] - Square(x[0])) + Square(1 - x[0]) + 90 * Square(x[3] - Square(x[2])) + Square(1 - x[2])
        + 10 * Square(x[1] + x[3] - 2) + 0.1 * Square(x[1] - x[3]),
        [-3, -1, -3, -1], 0);

    /// <summary>15. Kowalik and Osborne, m = 11: fᵢ = yᵢ − x₁(uᵢ² + uᵢx₂) / (uᵢ² + uᵢx₃ + x₄); f* = 3.07505e-4.</summary>
    public static TestProblem KowalikOsborne() => new(15, "Kowalik and Osborne", 4, x => SumOfSquares(11, i =>
    {
        double u = KowalikOsborneU[i - 1];
        return KowalikOsborneY[i - 1] - x[0] * (u * u + u * x[1]) / (u * u + u * x[2] + x[3]);
    }), [0.25, 0.39, 0.415, 0.39], 3.07505e-4);

    private static readonly double[] KowalikOsborneY =
        [0.1957, 0.1947, 0.1735, 0.1600, 0.0844, 0.0627, 0.0456, 0.0342, 0.0323, 0.0235, 0.0246];

    private static readonly double[] KowalikOsborneU =
        [4, 2, 1, 0.5, 0.25, 0.167, 0.125, 0.1, 0.0833, 0.0714, 0.0625];

    /// <summary>
    /// 16. Brown and Dennis, m = 20: fᵢ = (x₁ + tᵢx₂ − e^{tᵢ})² + (x₃ + x₄ sin tᵢ − cos tᵢ)², tᵢ = i/5;
    /// f* = 85822.2.
    /// </summary>
    public static TestProblem BrownDennis() => new(16, "Brown and Dennis (m = 20)", 4, x => SumOfSquares(20, i =>
    {
        double t = i / 5.0;
        return Square(x[0] + t * x[1] - Math.Exp(t)) + Square(x[2] + x[3] * Math.Sin(t) - Math.Cos(t));
    }), [25, 5, -5, -1], 85822.2);

    /// <summary>17. Osborne 1, m = 33: fᵢ = yᵢ − (x₁ + x₂e^{−tᵢx₄} + x₃e^{−tᵢx₅}), tᵢ = 10(i − 1); f* = 5.46489e-5.</summary>
    public static TestProblem Osborne1() => new(17, "Osborne 1", 5, x => SumOfSquares(33, i =>
    {
        double t = 10 * (i - 1);
        return Osborne1Y[i - 1] - (x[0] + x[1] * Exp(-t * x[3]) + x[2] * Exp(-t * x[4]));
    }), [0.5, 1.5, -1, 0.01, 0.02], 5.46489e-5);

    private static readonly double[] Osborne1Y =
    [
        0.844, 0.908, 0.932, 0.936, 0.925, 0.908, 0.881, 0.850, 0.818, 0.784, 0.751, 0.718, 0.685, 0.658, 0.628, 0.603, 0.580,
        0.558, 0.538, 0.522, 0.506, 0.490, 0.478, 0.467, 0.457, 0.448, 0.438, 0.431, 0.424, 0.420, 0.414, 0.411, 0.406,
    ];

    /// <summary>
    /// 18. Biggs EXP6, m = 13: fᵢ = x₃e^{−tᵢx₁} − x₄e^{−tᵢx₂} + x₆e^{−tᵢx₅} − yᵢ, tᵢ = i/10,
    /// yᵢ = e^{−tᵢ} − 5e^{−10tᵢ} + 3e^{−4tᵢ}; f* = 0 at (1, 10, 1, 5, 4, 3). The paper also lists
    /// 5.65565e-3, a local minimum.
    /// </summary>
    public static TestProblem BiggsExp6() => new(18, "Biggs EXP6 (m = 13)", 6, x => SumOfSquares(13, i =>
    {
        double t = 0.1 * i, y = Math.Exp(-t) - 5 * Math.Exp(-10 * t) + 3 * Math.Exp(-4 * t);
        return x[2] * Exp(-t * x[0]) - x[3] * Exp(-t * x[1]) + x[5] * Exp(-t * x[4]) - y;
    }), [1, 2, 1, 1, 1, 1], 0, LocalMinimum: 5.65565e-3);

    /// <summary>
    /// 19. Osborne 2, m = 65: fᵢ = yᵢ − (x₁e^{−tᵢx₅} + x₂e^{−(tᵢ−x₉)²x₆} + x₃e^{−(tᵢ−x₁₀)²x₇}
    /// + x₄e^{−(tᵢ−x₁₁)²x₈}), tᵢ = (i − 1)/10; f* = 4.01377e-2.
    /// </summary>
    public static TestProblem Osborne2() => new(19, "Osborne 2", 11, x => SumOfSquares(65, i =>
    {
        double t = (i - 1) / 10.0;
        return Osborne2Y[i - 1] - (x[0] * Exp(-t * x[4]) + x[1] * Exp(-Square(t - x[8]) * x[5])
            + x[2] * Exp(-Square(t - x[9]) * x[6]) + x[3] * Exp(-Square(t - x[10]) * x[7]));
    }), [1.3, 0.65, 0.65, 0.7, 0.6, 3, 5, 7, 2, 4.5, 5.5], 4.01377e-2);

    private static readonly double[] Osborne2Y =
    [
        1.366, 1.191, 1.112, 1.013, 0.991, 0.885, 0.831, 0.847, 0.786, 0.725, 0.746, 0.679, 0.608, 0.655, 0.616, 0.606, 0.602,
        0.626, 0.651, 0.724, 0.649, 0.649, 0.694, 0.644, 0.624, 0.661, 0.612, 0.558, 0.533, 0.495, 0.500, 0.423, 0.395, 0.375,
        0.372, 0.391, 0.396, 0.405, 0.428, 0.429, 0.523, 0.562, 0.607, 0.653, 0.672, 0.708, 0.633, 0.668, 0.645, 0.632, 0.591,
        0.559, 0.597, 0.625, 0.739, 0.710, 0.729, 0.720, 0.636, 0.581, 0.428, 0.292, 0.162, 0.098, 0.054,
    ];
}
