using System.Linq.Expressions;
using ExprGrad.Ops;
using static System.Double;

namespace ExprGrad.Ops
{
    internal readonly struct GreaterRule : IBinaryFunction
    {
        public static double Eval(double a, double b) => a > b ? 1.0 : 0.0;
        public static Expression Emit(Expression a, Expression b) => Choose(Expression.GreaterThan(a, b));
        internal static Expression Choose(Expression test) => Expression.Condition(test, Ops.Emit.Constant(1.0), Ops.Emit.Constant(0.0));
        public static readonly OpInfo Info = new(Convention: "1 or 0; false when unordered (NaN)", EdgeCases: [new([NaN, 0], 0, [0, 0])],
            Notation: "{a} > {b}");
    }

    internal readonly struct GreaterOrEqualRule : IBinaryFunction
    {
        public static double Eval(double a, double b) => a >= b ? 1.0 : 0.0;
        public static Expression Emit(Expression a, Expression b) => GreaterRule.Choose(Expression.GreaterThanOrEqual(a, b));
        public static readonly OpInfo Info = new(Convention: "1 or 0; false when unordered (NaN)", EdgeCases: [new([1, 1], 1, [0, 0])],
            Notation: "{a} >= {b}");
    }

    internal readonly struct LessRule : IBinaryFunction
    {
        public static double Eval(double a, double b) => a < b ? 1.0 : 0.0;
        public static Expression Emit(Expression a, Expression b) => GreaterRule.Choose(Expression.LessThan(a, b));
        public static readonly OpInfo Info = new(Convention: "1 or 0; false when unordered (NaN)", EdgeCases: [new([0, NaN], 0, [0, 0])],
            Notation: "{a} < {b}");
    }

    internal readonly struct LessOrEqualRule : IBinaryFunction
    {
        public static double Eval(double a, double b) => a <= b ? 1.0 : 0.0;
        public static Expression Emit(Expression a, Expression b) => GreaterRule.Choose(Expression.LessThanOrEqual(a, b));
        public static readonly OpInfo Info = new(Convention: "1 or 0; false when unordered (NaN)", EdgeCases: [new([1, 1], 1, [0, 0])],
            Notation: "{a} <= {b}");
    }

    internal readonly struct EqualRule : IBinaryFunction
    {
        public static double Eval(double a, double b) => a == b ? 1.0 : 0.0;
        public static Expression Emit(Expression a, Expression b) => GreaterRule.Choose(Expression.Equal(a, b));
        public static readonly OpInfo Info = new(Convention: "1 or 0; NaN == NaN is false", EdgeCases: [new([NaN, NaN], 0, [0, 0])],
            Notation: "{a} == {b}");
    }

    internal readonly struct NotEqualRule : IBinaryFunction
    {
        public static double Eval(double a, double b) => a != b ? 1.0 : 0.0;
        public static Expression Emit(Expression a, Expression b) => GreaterRule.Choose(Expression.NotEqual(a, b));
        public static readonly OpInfo Info = new(Convention: "1 or 0; NaN != NaN is true", EdgeCases: [new([NaN, NaN], 1, [0, 0])],
            Notation: "{a} != {b}");
    }

    /// <summary>
    /// select(c, a, b) = c != 0 ? a : b. Hand-written linear map: the adjoint (or tangent) is routed with a
    /// select too, so the branch not taken receives exactly 0, never <c>0 * adjoint</c>.
    /// </summary>
    internal sealed class SelectOp() : Op("select", 3)
    {
        public override string Convention => "no gradient into the branch not taken";
        public override string Notation => "{a} ? {b} : {c}";
        public override string PartialNotation(int input) => input == 1 ? "[{a} != 0]" : "[{a} == 0]";
        public override double Eval(double a, double b, double c, double p) => a != 0 ? b : c;
        public override Expression Emit(Expression a, Expression b, Expression c, double p)
            => Expression.Condition(Expression.NotEqual(a, Ops.Emit.Constant(0.0)), b, c);
        public override bool HasPartial(int input) => input is 1 or 2;
        // The result IS the chosen branch: its tangent is that branch's, a structural zero when it is constant.
        public override int ActiveInputs(double a, double b, double c, int mask) => mask & (a != 0 ? 2 : 4);
        public override T PartialTimes<T>(int input, T a, T b, T c, T y, double p, T v, bool strongZero)
            => input == 1 ? T.Apply(this, a, v, 0.0) : T.Apply(this, a, 0.0, v);
        public override double PartialTimesReal(int input, double a, double b, double c, double y, double p, double v, bool strongZero)
            => (a != 0) == (input == 1) ? v : 0.0;
        public override int? IdentityInput(double? a, double? b, double p) => a is { } c ? (c != 0 ? 1 : 2) : null;
        public override IReadOnlyList<EdgeCase> EdgeCases =>
            [new([1, 2, NaN], 2, [0, 1, 0]), new([0, PositiveInfinity, 3], 3, [0, 0, 1])];
    }
}

namespace ExprGrad
{
    public readonly partial struct Scalar
    {
        /// <summary>Compares; use the result in <see cref="Where(Condition, Scalar, Scalar)"/>.</summary>
        public static Condition operator >(Scalar a, Scalar b) => new(OpTable.Greater, a, b, false);
        /// <summary>Compares; use the result in <see cref="Where(Condition, Scalar, Scalar)"/>.</summary>
        public static Condition operator >=(Scalar a, Scalar b) => new(OpTable.GreaterOrEqual, a, b, false);
        /// <summary>Compares; use the result in <see cref="Where(Condition, Scalar, Scalar)"/>.</summary>
        public static Condition operator <(Scalar a, Scalar b) => new(OpTable.Less, a, b, false);
        /// <summary>Compares; use the result in <see cref="Where(Condition, Scalar, Scalar)"/>.</summary>
        public static Condition operator <=(Scalar a, Scalar b) => new(OpTable.LessOrEqual, a, b, false);

        /// <summary>Exact equality, as a <see cref="Condition"/>.</summary>
        public static Condition operator ==(Scalar a, Scalar b) => new(OpTable.Equal, a, b, false);
        /// <summary>Exact inequality, as a <see cref="Condition"/>.</summary>
        public static Condition operator !=(Scalar a, Scalar b) => new(OpTable.NotEqual, a, b, false);

        /// <summary>
        /// <paramref name="ifTrue"/> where <paramref name="condition"/> holds, else <paramref name="ifFalse"/>,
        /// decided per call in every mode (compiled code keeps both sides). No gradient flows into the side
        /// not taken, nor into the condition.
        /// </summary>
        /// <exception cref="ArgumentException"><paramref name="condition"/> is a default Condition (it compares nothing).</exception>
        public static Scalar Where(Condition condition, Scalar ifTrue, Scalar ifFalse)
        {
            Scalar indicator = condition.Indicator(nameof(condition));
            return condition.Negated
                ? Apply(OpTable.Select, indicator, ifFalse, ifTrue)
                : Apply(OpTable.Select, indicator, ifTrue, ifFalse);
        }

        /// <summary>True only for two equal constants; compare recorded values with <c>==</c> inside <see cref="Where"/>.</summary>
        public override bool Equals(object? obj) => obj is Scalar s && Owner is null && s.Owner is null && Value.Equals(s.Value);
        /// <inheritdoc/>
        public override int GetHashCode() => Owner is null ? Value.GetHashCode() : HashCode.Combine(Owner, Index);
    }
}
