using System.Linq.Expressions;
using ExprGrad.Ops;
using static System.Double;

namespace ExprGrad.Ops
{
    /// <summary>sign(x) in {-1, 0, 1}, NaN for NaN (Math.Sign throws on NaN). Piecewise constant: no derivative.</summary>
    internal readonly struct SignRule : IUnaryFunction
    {
        public static double Eval(double x) => x > 0 ? 1.0 : x < 0 ? -1.0 : x == 0 ? 0.0 : NaN;
        public static Expression Emit(Expression x) => Expression.Condition(Expression.GreaterThan(x, Ops.Emit.Constant(0.0)), Ops.Emit.Constant(1.0),
            Expression.Condition(Expression.LessThan(x, Ops.Emit.Constant(0.0)), Ops.Emit.Constant(-1.0),
                Expression.Condition(Expression.Equal(x, Ops.Emit.Constant(0.0)), Ops.Emit.Constant(0.0), Ops.Emit.Constant(NaN))));
        public static readonly OpInfo Info = new(Convention: "sign(0) = 0, sign(NaN) = NaN; derivative 0",
            EdgeCases: [new([0], 0, [0]), new([NaN], NaN, [0])]);
    }

    internal readonly struct AbsRule : IUnaryRule
    {
        public static double Eval(double x) => Math.Abs(x);
        public static T Derivative<T>(T x, T y) where T : IAlgebra<T> => T.Apply(OpTable.Sign, x);
        public static readonly OpInfo Info = new("Abs", "abs'(0) = 0", EdgeCases: [
            new([0], 0, [0]), new([-2], 2, [-1]), new([NegativeInfinity], PositiveInfinity, [-1])], Partials: ["sign({a})"]);
    }

    /// <summary>
    /// The 0/1 step used by max and min: 1 when a &gt;= b, 0 when a &lt; b, NaN when either is NaN (so a NaN
    /// input gives a NaN gradient instead of a silent 0). Piecewise constant: no derivative.
    /// </summary>
    internal readonly struct AtLeastRule : IBinaryFunction
    {
        public static double Eval(double a, double b) => a >= b ? 1.0 : a < b ? 0.0 : NaN;
        public static Expression Emit(Expression a, Expression b) => Expression.Condition(Expression.GreaterThanOrEqual(a, b), Ops.Emit.Constant(1.0),
            Expression.Condition(Expression.LessThan(a, b), Ops.Emit.Constant(0.0), Ops.Emit.Constant(NaN)));
        public static readonly OpInfo Info = new(Convention: "1 if a >= b, 0 if a < b, NaN if unordered",
            EdgeCases: [new([1, 1], 1, [0, 0]), new([NaN, 1], NaN, [0, 0])]);
    }

    /// <summary>max(a, b); at a tie the whole gradient goes to the first argument a.</summary>
    internal readonly struct MaxRule : IBinaryRule
    {
        public static double Eval(double a, double b) => Math.Max(a, b);
        public static T DerivativeA<T>(T a, T b, T y) where T : IAlgebra<T> => T.Apply(OpTable.AtLeast, a, b);
        public static T DerivativeB<T>(T a, T b, T y) where T : IAlgebra<T> => 1.0 - T.Apply(OpTable.AtLeast, a, b);
        public static readonly OpInfo Info = new("Max", "tie a == b: gradient to the first argument; NaN in, NaN out",
            EdgeCases: [new([1, 1], 1, [1, 0]), new([NaN, 1], NaN, [NaN, NaN]), new([-1, 2], 2, [0, 1])],
            Partials: ["[{a} >= {b}]", "1 - [{a} >= {b}]"]);
    }

    /// <summary>min(a, b); at a tie the whole gradient goes to the first argument a.</summary>
    internal readonly struct MinRule : IBinaryRule
    {
        public static double Eval(double a, double b) => Math.Min(a, b);
        public static T DerivativeA<T>(T a, T b, T y) where T : IAlgebra<T> => T.Apply(OpTable.AtLeast, b, a);
        public static T DerivativeB<T>(T a, T b, T y) where T : IAlgebra<T> => 1.0 - T.Apply(OpTable.AtLeast, b, a);
        public static readonly OpInfo Info = new("Min", "tie a == b: gradient to the first argument; NaN in, NaN out",
            EdgeCases: [new([1, 1], 1, [1, 0]), new([1, NaN], NaN, [NaN, NaN]), new([-1, 2], -1, [1, 0])],
            Partials: ["[{b} >= {a}]", "1 - [{b} >= {a}]"]);
    }
}

namespace ExprGrad
{
    public readonly partial struct Scalar
    {
        /// <summary>Absolute value; abs'(0) = 0.</summary>
        public static Scalar Abs(Scalar x) => Apply(OpTable.Abs, x);
        /// <summary>Sign in {-1, 0, 1} (NaN for NaN); its derivative is 0.</summary>
        public static Scalar Sign(Scalar x) => Apply(OpTable.Sign, x);
        /// <summary>The larger of two values; at a tie the gradient goes to <paramref name="a"/>.</summary>
        public static Scalar Max(Scalar a, Scalar b) => Apply(OpTable.Max, a, b);
        /// <summary>The smaller of two values; at a tie the gradient goes to <paramref name="a"/>.</summary>
        public static Scalar Min(Scalar a, Scalar b) => Apply(OpTable.Min, a, b);
    }

    public readonly partial struct Dual
    {
        /// <summary>Absolute value; abs'(0) = 0.</summary>
        public static Dual Abs(Dual x) => Apply(OpTable.Abs, x);
        /// <summary>Sign; its derivative is 0.</summary>
        public static Dual Sign(Dual x) => Apply(OpTable.Sign, x);
        /// <summary>The larger of two values; at a tie the derivative follows <paramref name="a"/>.</summary>
        public static Dual Max(Dual a, Dual b) => Apply(OpTable.Max, a, b);
        /// <summary>The smaller of two values; at a tie the derivative follows <paramref name="a"/>.</summary>
        public static Dual Min(Dual a, Dual b) => Apply(OpTable.Min, a, b);
    }
}
