namespace ExprGrad.TestProblems;

/// <summary>
/// The unconstrained test problems of Moré, Garbow and Hillstrom, "Testing Unconstrained Optimization
/// Software", ACM TOMS 7(1), 1981, pp. 17–41: each a sum of squares f(x) = Σ fᵢ(x)², written here as a
/// <see cref="Func{Vec, Scalar}"/> from the paper's definition, with the paper's starting point x₀ and
/// published minimum f*. Residuals are numbered from 1 as in the paper.
/// </summary>
/// <remarks>
/// The variable-size problems take their sizes as arguments; <see cref="Standard"/> lists every problem at
/// the sizes for which the paper publishes f*. Published values have six significant digits, so compare
/// with a relative tolerance of at least 5e-6.
/// </remarks>
public static partial class MoreGarbowHillstrom
{
    /// <summary>
    /// Every problem implemented here, at sizes with a published f*, in the paper's order: problems 1–35,
    /// Watson, penalty I and II at n = 4 and n = 10 (Watson at n = 6 and 9).
    /// </summary>
    public static IReadOnlyList<TestProblem> Standard() =>
    [
        Rosenbrock(), FreudensteinRoth(), PowellBadlyScaled(), BrownBadlyScaled(), Beale(), JennrichSampson(),
        HelicalValley(), Bard(), Gaussian(), Meyer(), GulfResearch(), Box3D(), PowellSingular(), Wood(),
        KowalikOsborne(), BrownDennis(), Osborne1(), BiggsExp6(), Osborne2(),
        Watson(6), Watson(9), ExtendedRosenbrock(10), ExtendedPowellSingular(12), PenaltyI(4), PenaltyI(10),
        PenaltyII(4), PenaltyII(10), VariablyDimensioned(10), Trigonometric(10), BrownAlmostLinear(10),
        DiscreteBoundaryValue(10), DiscreteIntegralEquation(10), BroydenTridiagonal(10), BroydenBanded(10),
        LinearFullRank(10, 20), LinearRank1(10, 20), LinearRank1ZeroColumnsAndRows(10, 20), Chebyquad(8),
    ];

    /// <summary>Σᵢ fᵢ² for i = 1..m, the shape of every problem in the paper.</summary>
    private static Scalar SumOfSquares(int m, Func<int, Scalar> residual)
    {
        Scalar sum = 0;
        for (int i = 1; i <= m; i++) sum += Scalar.Square(residual(i));
        return sum;
    }

    private static double[] Filled(int n, Func<int, double> entry)
    {
        var x = new double[n];
        for (int j = 1; j <= n; j++) x[j - 1] = entry(j);
        return x;
    }

    private static void RequireSize(bool ok, string parameter, int value, string rule)
    {
        if (!ok) throw new ArgumentOutOfRangeException(parameter, value, $"{parameter} {rule}.");
    }
}
