using static ExprGrad.Scalar;

namespace ExprGrad.Tests.Compiler.Transforms;

/// <summary>
/// A subtraction's partial (-1 * adjoint) is subtracted where adjoints are summed (a - v instead of a + (-1 * v)): the
/// same numbers, compared here with the tape (which multiplies by -1 and adds) at ordinary and special points: equal or
/// both NaN. Signed zeros are not compared: the tape starts every adjoint at +0 and adds (0 + -0 = +0), the compiled
/// code starts from the first contribution.
/// </summary>
public class SubtractedAdjointTests
{
    private static readonly double[] Points = [0.0, -0.0, 1.5, -2.5, 1e300, double.PositiveInfinity, double.NegativeInfinity, double.NaN];

    // Rosenbrock's term, a difference of squares, and a sum whose first adjoint contribution is the negated one.
    private static readonly Func<Vec, Scalar>[] Functions =
    [
        v => 100 * Square(v[1] - Square(v[0])) + Square(1 - v[0]),
        v => v[0] * v[1] - v[1] * v[1] - (v[0] - v[1]),
        v => (1 - v[0]) + v[0] * v[1] - v[1] + v[0],
    ];

    [Fact]
    public void Compiled_gradient_equals_the_tapes_at_special_points()
    {
        for (int f = 0; f < Functions.Length; f++)
        {
            CompiledGradient compiled = Grad.Compile(Functions[f], 2);
            IGradient tape = Grad.Tape(Functions[f], 2);
            foreach (double a in Points)
                foreach (double b in Points)
                {
                    double[] x = [a, b], expected = new double[2], actual = new double[2];
                    double expectedValue = tape.ValueAndGradient(x, expected), value = compiled.ValueAndGradient(x, actual);
                    string at = $"function {f} at ({a:R}, {b:R})";
                    Assert.True(Same(expectedValue, value), $"{at}: value {value:R} vs tape {expectedValue:R}");
                    for (int i = 0; i < 2; i++)
                        Assert.True(Same(expected[i], actual[i]),
                            $"{at}: gradient[{i}] {actual[i]:R} vs tape {expected[i]:R}");
                }
        }
    }

    private static bool Same(double expected, double actual) => expected == actual || (double.IsNaN(expected) && double.IsNaN(actual));

    [Fact]
    public void Unrolled_rosenbrock_spends_14_statements_per_term()
    {
        static Scalar Rosenbrock(Vec x)
        {
            Scalar sum = 0.0;
            for (int i = 0; i < x.Length - 1; i++) sum += 100.0 * Square(x[i + 1] - Square(x[i])) + Square(1.0 - x[i]);
            return sum;
        }
        int Count(int n) => Grad.Compile(Rosenbrock, n, new GradOptions { RecoverLoops = false }).StatementCount;
        // 8 forward (square, subtract, square, scale, subtract, square, add, add to the sum), 6 reverse, as the hand gradient:
        // 17 at first, 16 once sums subtracted a negated term, 15 once a product with a negation is a negated product
        // (x * (-1 * v) = -(x * v)), 14 once 100 * t + 100 * t is 200 * t.
        Assert.Equal(14, Count(42) - Count(41));
    }
}
