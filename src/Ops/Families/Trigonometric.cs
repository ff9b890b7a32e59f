using ExprGrad.Ops;
using static System.Double;

namespace ExprGrad.Ops
{
    internal readonly struct SinRule : IUnaryRule
    {
        public static double Eval(double x) => Math.Sin(x);
        public static T Derivative<T>(T x, T y) where T : IAlgebra<T> => T.Apply(OpTable.Cos, x);
        public static readonly OpInfo Info = new("Sin", "IEEE 754 (NaN at +-inf)",
            EdgeCases: [new([0], 0, [1]), new([PositiveInfinity], NaN, [NaN])],
            Partials: ["cos({a})"]);
    }

    internal readonly struct CosRule : IUnaryRule
    {
        public static double Eval(double x) => Math.Cos(x);
        public static T Derivative<T>(T x, T y) where T : IAlgebra<T> => -T.Apply(OpTable.Sin, x);
        public static readonly OpInfo Info = new("Cos", "IEEE 754 (NaN at +-inf)",
            EdgeCases: [new([0], 1, [-0.0]), new([NegativeInfinity], NaN, [NaN])],
            Partials: ["-sin({a})"]);
    }

    internal readonly struct TanRule : IUnaryRule
    {
        public static double Eval(double x) => Math.Tan(x);
        public static T Derivative<T>(T x, T y) where T : IAlgebra<T> => 1.0 + y * y;
        public static readonly OpInfo Info = new("Tan", "IEEE 754 (NaN at +-inf)", Domain: new(-1.2, 1.2), EdgeCases: [new([0], 0, [1])],
            Partials: ["1 + {y}^2"]);
    }

    internal readonly struct AsinRule : IUnaryRule
    {
        public static double Eval(double x) => Math.Asin(x);
        public static T Derivative<T>(T x, T y) where T : IAlgebra<T> => 1.0 / T.Apply(OpTable.Sqrt, 1.0 - x * x);
        public static readonly OpInfo Info = new("Asin", "asin'(+-1) = +inf; NaN outside [-1, 1]", Domain.Unit,
            [new([1], Math.PI / 2, [PositiveInfinity]), new([2], NaN, [NaN])], Partials: ["1 / sqrt(1 - {a}^2)"]);
    }

    internal readonly struct AcosRule : IUnaryRule
    {
        public static double Eval(double x) => Math.Acos(x);
        public static T Derivative<T>(T x, T y) where T : IAlgebra<T> => -1.0 / T.Apply(OpTable.Sqrt, 1.0 - x * x);
        public static readonly OpInfo Info = new("Acos", "acos'(+-1) = -inf; NaN outside [-1, 1]", Domain.Unit,
            [new([-1], Math.PI, [NegativeInfinity]), new([-2], NaN, [NaN])], Partials: ["-1 / sqrt(1 - {a}^2)"]);
    }

    internal readonly struct AtanRule : IUnaryRule
    {
        public static double Eval(double x) => Math.Atan(x);
        public static T Derivative<T>(T x, T y) where T : IAlgebra<T> => 1.0 / (1.0 + x * x);
        public static readonly OpInfo Info = new("Atan", EdgeCases: [new([PositiveInfinity], Math.PI / 2, [0])], Partials: ["1 / (1 + {a}^2)"]);
    }

    /// <summary>atan2(a, b): the angle of the point (b, a), as Math.Atan2(y, x).</summary>
    internal readonly struct Atan2Rule : IBinaryRule
    {
        public static double Eval(double a, double b) => Math.Atan2(a, b);
        public static T DerivativeA<T>(T a, T b, T y) where T : IAlgebra<T> => b / (a * a + b * b);
        public static T DerivativeB<T>(T a, T b, T y) where T : IAlgebra<T> => -a / (a * a + b * b);
        public static readonly OpInfo Info = new("Atan2", "atan2 at (0, 0): value 0, partials NaN (0/0)", new(0.5, 3),
            [new([0, 0], 0, [NaN, NaN]), new([0, -1], Math.PI, [-1, 0])], Partials: ["{b} / ({a}^2 + {b}^2)", "-{a} / ({a}^2 + {b}^2)"]);
    }
}

namespace ExprGrad
{
    public readonly partial struct Scalar
    {
        /// <summary>Sine.</summary>
        public static Scalar Sin(Scalar x) => Apply(OpTable.Sin, x);
        /// <summary>Cosine.</summary>
        public static Scalar Cos(Scalar x) => Apply(OpTable.Cos, x);
        /// <summary>Tangent.</summary>
        public static Scalar Tan(Scalar x) => Apply(OpTable.Tan, x);
        /// <summary>Arcsine.</summary>
        public static Scalar Asin(Scalar x) => Apply(OpTable.Asin, x);
        /// <summary>Arccosine.</summary>
        public static Scalar Acos(Scalar x) => Apply(OpTable.Acos, x);
        /// <summary>Arctangent.</summary>
        public static Scalar Atan(Scalar x) => Apply(OpTable.Atan, x);
        /// <summary>The angle of the point (<paramref name="x"/>, <paramref name="y"/>), like <see cref="Math.Atan2"/>.</summary>
        public static Scalar Atan2(Scalar y, Scalar x) => Apply(OpTable.Atan2, y, x);
    }

    public readonly partial struct Dual
    {
        /// <summary>Sine.</summary>
        public static Dual Sin(Dual x) => Apply(OpTable.Sin, x);
        /// <summary>Cosine.</summary>
        public static Dual Cos(Dual x) => Apply(OpTable.Cos, x);
        /// <summary>Tangent.</summary>
        public static Dual Tan(Dual x) => Apply(OpTable.Tan, x);
        /// <summary>Arcsine.</summary>
        public static Dual Asin(Dual x) => Apply(OpTable.Asin, x);
        /// <summary>Arccosine.</summary>
        public static Dual Acos(Dual x) => Apply(OpTable.Acos, x);
        /// <summary>Arctangent.</summary>
        public static Dual Atan(Dual x) => Apply(OpTable.Atan, x);
        /// <summary>The angle of the point (<paramref name="x"/>, <paramref name="y"/>).</summary>
        public static Dual Atan2(Dual y, Dual x) => Apply(OpTable.Atan2, y, x);
    }
}
