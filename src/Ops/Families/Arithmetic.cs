using System.Linq.Expressions;
using ExprGrad.Ops;

namespace ExprGrad.Ops
{
    internal readonly struct AddRule : IBinaryRule
    {
        private static bool IsNegativeZero(double? c) => c is { } v && v == 0 && double.IsNegative(v);

        public static double Eval(double a, double b) => a + b;
        public static Expression Emit(Expression a, Expression b) => Expression.Add(a, b);
        public static SumStep SumStep => SumStep.AddsEitherOperand;
        public static T DerivativeA<T>(T a, T b, T y) where T : IAlgebra<T> => 1.0;
        public static T DerivativeB<T>(T a, T b, T y) where T : IAlgebra<T> => 1.0;
        public static readonly OpInfo Info = new(Commutative: true,
            // x + (-0) is x for every x; x + (+0) is not (-0 + 0 = +0), so only a negative zero vanishes.
            Identity: (a, b, p) => IsNegativeZero(b) ? 0 : IsNegativeZero(a) ? 1 : null,
            EdgeCases: [new([double.PositiveInfinity, double.NegativeInfinity], double.NaN, [1, 1])],
            Notation: "{a} + {b}", Partials: ["1", "1"]);
    }

    internal readonly struct SubRule : IBinaryRule
    {
        public static double Eval(double a, double b) => a - b;
        public static Expression Emit(Expression a, Expression b) => Expression.Subtract(a, b);
        public static SumStep SumStep => SumStep.SubtractsSecondOperand;
        public static T DerivativeA<T>(T a, T b, T y) where T : IAlgebra<T> => 1.0;
        public static T DerivativeB<T>(T a, T b, T y) where T : IAlgebra<T> => -1.0;
        // x - (+0) is x for every x (also -0 - 0 = -0); x - (-0) is not.
        public static readonly OpInfo Info = new(Identity: (a, b, p) => b is { } c && c == 0 && !double.IsNegative(c) ? 0 : null,
            EdgeCases: [new([double.PositiveInfinity, double.PositiveInfinity], double.NaN, [1, -1])],
            Notation: "{a} - {b}", Partials: ["1", "-1"]);
    }

    internal readonly struct MulRule : IBinaryRule
    {
        public static double Eval(double a, double b) => a * b;
        public static Expression Emit(Expression a, Expression b) => Expression.Multiply(a, b);
        public static T DerivativeA<T>(T a, T b, T y) where T : IAlgebra<T> => b;
        public static T DerivativeB<T>(T a, T b, T y) where T : IAlgebra<T> => a;
        public static readonly OpInfo Info = new(Commutative: true,
            Identity: (a, b, p) => b == 1 ? 0 : a == 1 ? 1 : null,
            EdgeCases: [new([0, double.PositiveInfinity], double.NaN, [double.PositiveInfinity, 0])],
            Notation: "{a} * {b}", Partials: ["{b}", "{a}"]);
    }

    internal readonly struct DivRule : IBinaryRule
    {
        public static double Eval(double a, double b) => a / b;
        public static Expression Emit(Expression a, Expression b) => Expression.Divide(a, b);
        public static T DerivativeA<T>(T a, T b, T y) where T : IAlgebra<T> => 1.0 / b;
        // d(a/b)/db = -a/b^2 = -y/b: reuses the result.
        public static T DerivativeB<T>(T a, T b, T y) where T : IAlgebra<T> => -y / b;
        public static readonly OpInfo Info = new(Domain: new(0.5, 3), Identity: (a, b, p) => b == 1 ? 0 : null,
            EdgeCases: [
                new([1, 0], double.PositiveInfinity, [double.PositiveInfinity, double.NegativeInfinity]),
                new([0, 0], double.NaN, [double.PositiveInfinity, double.NaN])], Notation: "{a} / {b}", Partials: ["1 / {b}", "-{y} / {b}"]);
    }

    internal readonly struct NegRule : IUnaryRule
    {
        public static double Eval(double x) => -x;
        public static Expression Emit(Expression x) => Expression.Negate(x);
        public static T Derivative<T>(T x, T y) where T : IAlgebra<T> => -1.0;
        public static readonly OpInfo Info = new(
            EdgeCases: [new([double.NegativeInfinity], double.PositiveInfinity, [-1])], Notation: "-{a}", Partials: ["-1"]);
    }

    /// <summary>
    /// Multiplication with a strong zero: 0 when either factor is 0, even if the other is inf or NaN. Used by
    /// NaN-safe mode to scale partials by adjoints: a zero adjoint times an infinite partial (the branch not
    /// taken of a Where) and an infinite adjoint times a zero partial (sqrt of x*x at 0) both contribute 0.
    /// </summary>
    internal readonly struct StrongMulRule : IBinaryRule
    {
        public static double Eval(double a, double b) => a == 0 || b == 0 ? 0 : a * b;
        public static Expression Emit(Expression a, Expression b)
            => Expression.Condition(Expression.OrElse(Expression.Equal(a, Expression.Constant(0.0)), Expression.Equal(b, Expression.Constant(0.0))),
                Expression.Constant(0.0), Expression.Multiply(a, b));
        public static T DerivativeA<T>(T a, T b, T y) where T : IAlgebra<T> => b;
        public static T DerivativeB<T>(T a, T b, T y) where T : IAlgebra<T> => a;
        private static bool FiniteNonzero(double? c) => c is { } v && double.IsFinite(v) && v != 0;
        // Its derivative is strong too: a zero factor times an infinite tangent contributes 0 (pow's second derivative at y = 0).
        public static readonly OpInfo Info = new(Convention: "0 * anything = anything * 0 = 0 (strong zero)",
            Identity: (a, b, p) => b == 1 ? 0 : a == 1 ? 1 : null, StrongProducts: true,
            Equivalent: (a, b) => FiniteNonzero(a) || FiniteNonzero(b) ? OpTable.Mul : null,
            EdgeCases: [new([0, double.PositiveInfinity], 0, [double.PositiveInfinity, 0])],
            Partials: ["{b}", "{a}"]);
    }
}

namespace ExprGrad
{
    public readonly partial struct Scalar
    {
        /// <summary>Sum.</summary>
        public static Scalar operator +(Scalar a, Scalar b) => Apply(OpTable.Add, a, b);
        /// <summary>Difference.</summary>
        public static Scalar operator -(Scalar a, Scalar b) => Apply(OpTable.Sub, a, b);
        /// <summary>Product.</summary>
        public static Scalar operator *(Scalar a, Scalar b) => Apply(OpTable.Mul, a, b);
        /// <summary>Quotient.</summary>
        public static Scalar operator /(Scalar a, Scalar b) => Apply(OpTable.Div, a, b);
        /// <summary>Negation.</summary>
        public static Scalar operator -(Scalar a) => Apply(OpTable.Neg, a);
        /// <summary>Identity.</summary>
        public static Scalar operator +(Scalar a) => a;
    }

    public readonly partial struct Dual
    {
        /// <summary>Sum.</summary>
        public static Dual operator +(Dual a, Dual b) => Apply(OpTable.Add, a, b);
        /// <summary>Difference.</summary>
        public static Dual operator -(Dual a, Dual b) => Apply(OpTable.Sub, a, b);
        /// <summary>Product.</summary>
        public static Dual operator *(Dual a, Dual b) => Apply(OpTable.Mul, a, b);
        /// <summary>Quotient.</summary>
        public static Dual operator /(Dual a, Dual b) => Apply(OpTable.Div, a, b);
        /// <summary>Negation.</summary>
        public static Dual operator -(Dual a) => Apply(OpTable.Neg, a);
        /// <summary>Identity.</summary>
        public static Dual operator +(Dual a) => a;
    }
}
