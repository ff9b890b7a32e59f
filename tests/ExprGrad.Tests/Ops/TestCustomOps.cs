using MathNet.Numerics;
using ExprGrad.Ops;
using static System.Double;

namespace ExprGrad.Tests.Ops;

/// <summary>
/// User-defined ops registered in the table-driven tests (<see cref="OpCases.Names"/>) as if they were built in: the
/// same rules (<see cref="CustomUnaryOp"/>, <see cref="CustomBinaryOp"/>) that <see cref="CustomOp"/> builds, with a
/// domain and edge cases, so every table test (every mode, finite differences, edge points, NaN, higher derivatives,
/// dual numbers, Grad.Explain, GradCheck) checks them like the table's ops.
/// </summary>
internal static class TestCustomOps
{
    /// <summary>A public static method as the value: compiled code calls it directly, not through the delegate.</summary>
    public static double Cube(double x) => x * x * x;

    private static readonly OpInfo Info = new(Convention: "user-defined");

    // erf as in the issue: MathNet's value, the derivative written with Scalars (so its higher derivatives come from exp).
    private static readonly Op Erf = new CustomUnaryOp("erf", SpecialFunctions.Erf,
        x => 2 / Math.Sqrt(Math.PI) * Scalar.Exp(-Scalar.Square(x)), Info with
        {
            EdgeCases = [new([0], 0, [2 / Math.Sqrt(Math.PI)], Higher: [0, -4 / Math.Sqrt(Math.PI)]), new([PositiveInfinity], 1, [0]),
                new([NegativeInfinity], -1, [0])],
        });

    private static readonly Op CubeOp = new CustomUnaryOp("cube", Cube, x => 3 * x * x, Info with
    {
        EdgeCases = [new([0], 0, [0], Higher: [0, 6, 0]), new([-2], -8, [12])],
    });

    // A derivative that calls the custom op itself: e' = e, to every order.
    private static readonly Op SelfExp = SelfDifferentiating();

    private static Op SelfDifferentiating()
    {
        CustomUnaryOp? op = null;
        op = new CustomUnaryOp("myexp", Math.Exp, x => Scalar.Apply(op!, x), Info with
        {
            EdgeCases = [new([0], 1, [1], Higher: [1, 1, 1]), new([NegativeInfinity], 0, [0])],
        });
        return op;
    }

    // log(e^a + e^b) with the partials written as sigmoids of the difference.
    private static readonly Op SmoothMax = new CustomBinaryOp("smoothmax", (a, b) => Math.Max(a, b) + Math.Log(1 + Math.Exp(-Math.Abs(a - b))),
        (a, b) => Scalar.Sigmoid(a - b), (a, b) => Scalar.Sigmoid(b - a), Info with
        {
            EdgeCases = [new([0, 0], Math.Log(2), [0.5, 0.5], Higher: [0.25, 0]), new([1, NaN], NaN, [NaN, NaN])],
        });

    public static IReadOnlyList<Op> All { get; } = [Erf, CubeOp, SelfExp, SmoothMax];
}
