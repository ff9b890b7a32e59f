using ExprGrad.Ops;
using static System.Double;

namespace ExprGrad.Ops
{
    internal readonly struct SinhRule : IUnaryRule
    {
        public static double Eval(double x) => Math.Sinh(x);
        public static T Derivative<T>(T x, T y) where T : IAlgebra<T> => T.Apply(OpTable.Cosh, x);
        public static readonly OpInfo Info = new("Sinh",
            EdgeCases: [new([0], 0, [1]), new([NegativeInfinity], NegativeInfinity, [PositiveInfinity])],
            Partials: ["cosh({a})"]);
    }

    internal readonly struct CoshRule : IUnaryRule
    {
        public static double Eval(double x) => Math.Cosh(x);
        public static T Derivative<T>(T x, T y) where T : IAlgebra<T> => T.Apply(OpTable.Sinh, x);
        public static readonly OpInfo Info = new("Cosh",
            EdgeCases: [new([0], 1, [0]), new([NegativeInfinity], PositiveInfinity, [NegativeInfinity])],
            Partials: ["sinh({a})"]);
    }

    internal readonly struct TanhRule : IUnaryRule
    {
        public static double Eval(double x) => Math.Tanh(x);
        public static T Derivative<T>(T x, T y) where T : IAlgebra<T> => 1.0 - y * y;
        public static readonly OpInfo Info = new("Tanh", EdgeCases: [new([0], 0, [1]), new([PositiveInfinity], 1, [0]), new([-1000], -1, [0])],
            Partials: ["1 - {y}^2"]);
    }
}

namespace ExprGrad
{
    public readonly partial struct Scalar
    {
        /// <summary>Hyperbolic sine.</summary>
        public static Scalar Sinh(Scalar x) => Apply(OpTable.Sinh, x);
        /// <summary>Hyperbolic cosine.</summary>
        public static Scalar Cosh(Scalar x) => Apply(OpTable.Cosh, x);
        /// <summary>Hyperbolic tangent.</summary>
        public static Scalar Tanh(Scalar x) => Apply(OpTable.Tanh, x);
    }

    public readonly partial struct Dual
    {
        /// <summary>Hyperbolic sine.</summary>
        public static Dual Sinh(Dual x) => Apply(OpTable.Sinh, x);
        /// <summary>Hyperbolic cosine.</summary>
        public static Dual Cosh(Dual x) => Apply(OpTable.Cosh, x);
        /// <summary>Hyperbolic tangent.</summary>
        public static Dual Tanh(Dual x) => Apply(OpTable.Tanh, x);
    }
}
