using MathNet.Numerics;
using static ExprGrad.Scalar;

namespace ExprGrad.Tests.Reliability;

/// <summary>
/// The user-defined ops random programs call (<see cref="Kind.Erf"/>, <see cref="Kind.SmoothMax"/>, <see cref="Kind.Box"/>),
/// made through the public <see cref="CustomOp"/> API. A printed program that uses them compiles with
/// <c>using static ExprGrad.Tests.Reliability.RandomCustomOps;</c>.
/// </summary>
public static class RandomCustomOps
{
    /// <summary>erf as the issue writes it: MathNet's value (a public static method: called directly), the derivative from exp.</summary>
    public static readonly Func<Scalar, Scalar> Erf = CustomOp.Unary("erf", SpecialFunctions.Erf,
        derivative: x => 2 / Math.Sqrt(Math.PI) * Exp(-Square(x)));

    /// <summary>log(e^a + e^b), its value a lambda (called through the delegate), its partials sigmoids of the difference.</summary>
    public static readonly Func<Scalar, Scalar, Scalar> SmoothMax = CustomOp.Binary("smoothmax", SmoothMaxValue,
        partialA: (a, b) => Sigmoid(a - b), partialB: (a, b) => Sigmoid(b - a));

    /// <summary>A black box of three inputs: a b + sin c, with its gradient (b, a, cos c).</summary>
    public static readonly Func<Vec, Scalar> Box = CustomOp.Function("box", arity: 3,
        value: x => x[0] * x[1] + Math.Sin(x[2]),
        gradient: (x, g) =>
        {
            g[0] = x[1];
            g[1] = x[0];
            g[2] = Math.Cos(x[2]);
        });

    /// <summary>
    /// A quoted call of the custom op <paramref name="function"/>: of the static method it was made with, which names it in
    /// quoted code (reading the op's field first makes sure it was made).
    /// </summary>
    public static System.Linq.Expressions.Expression Quoted(string function, params System.Linq.Expressions.Expression[] args) => function switch
    {
        "Erf" when Erf is not null => System.Linq.Expressions.Expression.Call(typeof(SpecialFunctions).GetMethod(nameof(SpecialFunctions.Erf), [typeof(double)])!, args),
        "SmoothMax" when SmoothMax is not null => System.Linq.Expressions.Expression.Call(typeof(RandomCustomOps).GetMethod(nameof(SmoothMaxValue))!, args),
        _ => throw new ArgumentOutOfRangeException(nameof(function), function, "not a quotable custom op"),
    };

    public static double SmoothMaxValue(double a, double b) => Math.Max(a, b) + Math.Log(1 + Math.Exp(-Math.Abs(a - b)));

    public static double BoxValue(double a, double b, double c) => a * b + Math.Sin(c);
}
