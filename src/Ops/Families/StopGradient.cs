using System.Linq.Expressions;
using ExprGrad.Ops;
using static System.Double;

namespace ExprGrad.Ops
{
    /// <summary>
    /// stop_gradient(x): the value x, through which no derivative flows (JAX's <c>lax.stop_gradient</c>): targets in
    /// TD losses, straight-through estimators, fixed baselines. Not an identity the graph may drop: x's node stays apart.
    /// </summary>
    internal readonly struct StopGradientRule : IUnaryFunction
    {
        public static double Eval(double x) => x;
        public static Expression Emit(Expression x) => x;
        public static readonly OpInfo Info = new(Convention: "value x; derivative 0 in every mode and order", Notation: "stopgrad({a})",
            EdgeCases: [new([2], 2, [0], Higher: [0, 0]), new([NaN], NaN, [0]), new([PositiveInfinity], PositiveInfinity, [0])]);
    }
}

namespace ExprGrad
{
    public readonly partial struct Scalar
    {
        /// <summary>
        /// The value <paramref name="x"/> with derivative zero, in every mode and to every order: what is computed from it
        /// is treated as a constant (a TD target, a straight-through estimator, a fixed baseline).
        /// </summary>
        public static Scalar StopGradient(Scalar x) => Apply(OpTable.StopGradient, x);
    }

    public readonly partial struct Dual
    {
        /// <summary>The value of <paramref name="x"/> with derivative zero.</summary>
        public static Dual StopGradient(Dual x) => Apply(OpTable.StopGradient, x);
    }
}
