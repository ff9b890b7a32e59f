using System.Linq.Expressions;
using ExprGrad.Ops;
using static System.Double;

namespace ExprGrad.Ops
{
    /// <summary>
    /// x^n for a constant integer n, lowered to multiplications (square-and-multiply). The number and the
    /// code use the same multiplication order, so every mode agrees to the last bit.
    /// </summary>
    internal readonly struct PowIntRule : IParametricRule
    {
        /// <summary>Largest |n| lowered to multiplications; beyond it pow uses Math.Pow.</summary>
        public const int MaxExponent = 64;

        public static double Eval(double x, double p)
        {
            int n = (int)p;
            if (n == 0) return 1.0;
            int m = Math.Abs(n);
            double result = 0, square = x;
            bool started = false;
            while (true)
            {
                if ((m & 1) != 0) { result = started ? result * square : square; started = true; }
                m >>= 1;
                if (m == 0) break;
                square *= square;
            }
            return n < 0 ? 1.0 / result : result;
        }

        // Mirrors Eval: the same products in the same order. A square gets a temporary only when it is
        // squared again (used twice); x itself is always a local or a constant in generated code.
        public static Expression Emit(Expression x, double p)
        {
            int n = (int)p;
            if (n == 0) return Ops.Emit.Constant(1.0);
            int m = Math.Abs(n);
            var temporaries = new List<ParameterExpression>();
            var body = new List<Expression>();
            Expression? result = null;
            Expression square = x;
            while (true)
            {
                if ((m & 1) != 0) result = result is null ? square : Expression.Multiply(result, square);
                m >>= 1;
                if (m == 0) break;
                Expression product = Expression.Multiply(square, square);
                if (m > 1)
                {
                    var t = Expression.Variable(typeof(double), $"sq{temporaries.Count}");
                    temporaries.Add(t);
                    body.Add(Expression.Assign(t, product));
                    product = t;
                }
                square = product;
            }
            if (n < 0) result = Expression.Divide(Ops.Emit.Constant(1.0), result!);
            if (temporaries.Count == 0) return result!;
            body.Add(result!);
            return Expression.Block(typeof(double), temporaries, body);
        }

        // n x^(n-1), except that x^0 and x^1 have the exact derivatives 0 and 1: 0 * x^-1 would be NaN at x = 0
        // (and at inf, NaN), and constants also keep their higher derivatives exact.
        public static T Derivative<T>(T x, T y, double p) where T : IAlgebra<T>
            => p == 0 ? 0.0 : p == 1 ? 1.0 : T.Apply(OpTable.PowInt, x, p - 1) * p;

        public static readonly OpInfo Info = new(Convention: "integer exponent: lowered to multiplications; (x^0)' = 0, (x^1)' = 1 everywhere",
            Identity: (a, b, p) => p == 1 ? 0 : null,
            EdgeCases: [
                // x^0 = 1 and x^1 = x everywhere: derivatives 0 and 1 exactly, also where x^(n-1) is infinite or NaN.
                new([0], 1, [0], Parameter: 0, Higher: [0, 0]), new([-3], 1, [0], Parameter: 0), new([NaN], 1, [0], Parameter: 0),
                new([PositiveInfinity], 1, [0], Parameter: 0), new([0], 0, [1], Parameter: 1, Higher: [0]),
                new([PositiveInfinity], PositiveInfinity, [1], Parameter: 1),
                new([0], 0, [0], Parameter: 2, Higher: [2, 0]), new([0], 0, [0], Parameter: 3, Higher: [0, 6, 0]),
                new([-2], -8, [12], Parameter: 3), new([NegativeInfinity], PositiveInfinity, [NegativeInfinity], Parameter: 2),
                new([0], PositiveInfinity, [NegativeInfinity], Parameter: -1, Higher: [PositiveInfinity]),
                new([0], PositiveInfinity, [NegativeInfinity], Parameter: -2, Higher: [PositiveInfinity]),
                new([-0.0], PositiveInfinity, [PositiveInfinity], Parameter: -2), new([0], 0, [0], Parameter: 64, Higher: [0])],
            Notation: "{a}^{p}", Partials: ["{p} * {a}^{p-1}"]);
    }

    /// <summary>x^c for a constant non-integer c.</summary>
    internal readonly struct PowConstRule : IParametricRule
    {
        public static double Eval(double x, double p) => Math.Pow(x, p);
        public static Expression Emit(Expression x, double p) => Ops.Emit.Math("Pow", x, Ops.Emit.Constant(p));
        public static T Derivative<T>(T x, T y, double p) where T : IAlgebra<T>
            => p == 0 ? 0.0 : p == 1 ? 1.0 : T.Apply(OpTable.PowConst, x, p - 1) * p; // exact for x^0 and x^1, as powi
        public static readonly OpInfo Info = new(Convention: "constant exponent c: d/dx = c x^(c-1) (+inf at 0 for 0 < c < 1)",
            Domain: Domain.Positive,
            EdgeCases: [
                new([0], 0, [PositiveInfinity], Parameter: 0.5, Higher: [NegativeInfinity]), new([-1], NaN, [NaN], Parameter: 0.5),
                new([0], 1, [0], Parameter: 0, Higher: [0]), new([NaN], 1, [0], Parameter: 0), new([0], 0, [1], Parameter: 1, Higher: [0]),
                new([0], 0, [0], Parameter: 1.5, Higher: [PositiveInfinity]), new([0], PositiveInfinity, [NegativeInfinity], Parameter: -0.5),
                new([0], 0, [0], Parameter: 100, Higher: [0])],
            Notation: "{a}^{p}", Partials: ["{p} * {a}^{p-1}"]);
    }

    /// <summary>x^y with both inputs variable.</summary>
    internal readonly struct PowRule : IBinaryRule
    {
        public static double Eval(double a, double b) => Math.Pow(a, b);
        // y x^(y-1) with a strong zero: at y = 0 the derivative is 0 wherever x^-1 is infinite or NaN (x^0 = 1 for every x).
        public static T DerivativeA<T>(T a, T b, T y) where T : IAlgebra<T> => T.Apply(OpTable.StrongMul, b, T.Apply(OpTable.Pow, a, b - 1.0));
        // d/dy x^y = log(x) x^y: IEEE at x <= 0 (NaN for x < 0; -inf * 0 = NaN at x = 0 when y > 0).
        public static T DerivativeB<T>(T a, T b, T y) where T : IAlgebra<T> => T.Apply(OpTable.Log, a) * y;
        public static readonly OpInfo Info = new("Pow", "d/dx at y = 0 is 0 (also at x = 0); d/dy at x <= 0 follows IEEE (log x * x^y)",
            new(0.5, 2.5), [
            new([0, 0], 1, [0, NegativeInfinity], Higher: [0]), new([NaN, 0], 1, [0, NaN]), new([0, 1], 0, [1, NaN], Higher: [0]),
            new([0, 2], 0, [0, NaN], Higher: [2]), new([0, 0.5], 0, [PositiveInfinity, NaN], Higher: [NegativeInfinity]),
            new([0, -1], PositiveInfinity, [NegativeInfinity, NegativeInfinity], Higher: [PositiveInfinity]),
            new([-2, 2], 4, [-4, NaN]), new([2, 0], 1, [0, Math.Log(2)])],
            Partials: ["{b} * {a}^({b} - 1)", "log({a}) * {y}"]);
    }
}

namespace ExprGrad
{
    public readonly partial struct Scalar
    {
        /// <summary>
        /// <paramref name="x"/> to a constant power. Integer exponents up to 64 in magnitude are lowered to
        /// multiplications (no log, exact at negative x).
        /// </summary>
        public static Scalar Pow(Scalar x, double exponent)
            => exponent == Math.Round(exponent) && Math.Abs(exponent) <= PowIntRule.MaxExponent
                ? Apply(OpTable.PowInt, x, exponent)
                : Apply(OpTable.PowConst, x, exponent);

        /// <summary>
        /// <paramref name="x"/> to the power <paramref name="y"/>; a constant exponent is lowered as in <see cref="Pow(Scalar, double)"/>.
        /// </summary>
        public static Scalar Pow(Scalar x, Scalar y) => y.IsConstant ? Pow(x, y.Value) : Apply(OpTable.Pow, x, y);
    }

    public readonly partial struct Dual
    {
        /// <summary><paramref name="x"/> to a constant power (integers lowered to multiplications).</summary>
        public static Dual Pow(Dual x, double exponent)
            => exponent == Math.Round(exponent) && Math.Abs(exponent) <= PowIntRule.MaxExponent
                ? Apply(OpTable.PowInt, x, exponent)
                : Apply(OpTable.PowConst, x, exponent);

        /// <summary><paramref name="x"/> to the power <paramref name="y"/>.</summary>
        public static Dual Pow(Dual x, Dual y) => y.Derivative == 0 ? Pow(x, y.Value) : Apply(OpTable.Pow, x, y);
    }
}
