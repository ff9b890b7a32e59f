using ExprGrad.Ops;
using static System.Double;

namespace ExprGrad.Ops
{
    internal readonly struct ExpRule : IUnaryRule
    {
        public static double Eval(double x) => Math.Exp(x);
        public static T Derivative<T>(T x, T y) where T : IAlgebra<T> => y;
        public static readonly OpInfo Info = new("Exp", EdgeCases: [
            new([NegativeInfinity], 0, [0]), new([PositiveInfinity], PositiveInfinity, [PositiveInfinity])], Partials: ["{y}"]);
    }

    internal readonly struct LogRule : IUnaryRule
    {
        public static double Eval(double x) => Math.Log(x);
        public static T Derivative<T>(T x, T y) where T : IAlgebra<T> => 1.0 / x;
        public static readonly OpInfo Info = new("Log", "log'(0) = +inf; log(x < 0) = NaN", Domain.Positive, [
            new([0], NegativeInfinity, [PositiveInfinity]), new([-1], NaN, [-1]),
            new([PositiveInfinity], PositiveInfinity, [0])], Partials: ["1 / {a}"]);
    }

    internal readonly struct SqrtRule : IUnaryRule
    {
        public static double Eval(double x) => Math.Sqrt(x);
        // 1 / (2 sqrt x), reusing the result: +inf at 0 (the one-sided derivative).
        public static T Derivative<T>(T x, T y) where T : IAlgebra<T> => 0.5 / y;
        public static readonly OpInfo Info = new("Sqrt", "sqrt'(0) = +inf; sqrt(x < 0) = NaN", Domain.Positive, [
            new([0], 0, [PositiveInfinity]), new([-1], NaN, [NaN]),
            new([PositiveInfinity], PositiveInfinity, [0])], Partials: ["0.5 / {y}"]);
    }

    internal readonly struct Log1pRule : IUnaryRule
    {
        // Kahan's trick: exact for tiny x where log(1 + x) would round 1 + x first (.NET's LogP1 does that).
        public static double Eval(double x)
        {
            double u = 1.0 + x;
            return u == 1.0 ? x : double.IsPositiveInfinity(u) ? u : Math.Log(u) * (x / (u - 1.0));
        }
        public static T Derivative<T>(T x, T y) where T : IAlgebra<T> => 1.0 / (1.0 + x);
        public static readonly OpInfo Info = new(null, "accurate near 0 (Kahan's formula, not log(1 + x)); log1p'(-1) = +inf", new(-0.9, 3), [
            new([-1], NegativeInfinity, [PositiveInfinity]), new([0], 0, [1])],
            Partials: ["1 / (1 + {a})"]);
    }

    internal readonly struct Expm1Rule : IUnaryRule
    {
        // Kahan's trick: accurate for tiny x where exp(x) - 1 cancels (.NET's ExpM1 computes exactly that).
        public static double Eval(double x)
        {
            double u = Math.Exp(x);
            if (u == 1.0) return x;
            double um1 = u - 1.0;
            return um1 == -1.0 || double.IsPositiveInfinity(u) ? um1 : um1 * (x / Math.Log(u));
        }
        public static T Derivative<T>(T x, T y) where T : IAlgebra<T> => y + 1.0;
        public static readonly OpInfo Info = new(null, "accurate near 0 (Kahan's formula, not exp(x) - 1)", EdgeCases: [
            new([0], 0, [1]), new([NegativeInfinity], -1, [0])],
            Partials: ["{y} + 1"]);
    }
}

namespace ExprGrad
{
    public readonly partial struct Scalar
    {
        /// <summary>e raised to <paramref name="x"/>.</summary>
        public static Scalar Exp(Scalar x) => Apply(OpTable.Exp, x);
        /// <summary>Natural logarithm; log'(0) = +inf.</summary>
        public static Scalar Log(Scalar x) => Apply(OpTable.Log, x);
        /// <summary>Square root; sqrt'(0) = +inf.</summary>
        public static Scalar Sqrt(Scalar x) => Apply(OpTable.Sqrt, x);
        /// <summary>log(1 + x), accurate near 0.</summary>
        public static Scalar Log1P(Scalar x) => Apply(OpTable.Log1p, x);
        /// <summary>exp(x) - 1, accurate near 0.</summary>
        public static Scalar ExpM1(Scalar x) => Apply(OpTable.Expm1, x);
    }

    public readonly partial struct Dual
    {
        /// <summary>e raised to <paramref name="x"/>.</summary>
        public static Dual Exp(Dual x) => Apply(OpTable.Exp, x);
        /// <summary>Natural logarithm.</summary>
        public static Dual Log(Dual x) => Apply(OpTable.Log, x);
        /// <summary>Square root.</summary>
        public static Dual Sqrt(Dual x) => Apply(OpTable.Sqrt, x);
        /// <summary>log(1 + x).</summary>
        public static Dual Log1P(Dual x) => Apply(OpTable.Log1p, x);
        /// <summary>exp(x) - 1.</summary>
        public static Dual ExpM1(Dual x) => Apply(OpTable.Expm1, x);
    }
}
