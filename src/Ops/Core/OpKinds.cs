using System.Linq.Expressions;

namespace ExprGrad.Ops;

/// <summary>
/// The forward function of a one-input op, as a number and as code. Most ops write only <see cref="Eval"/>: their
/// code is by default a call of the <see cref="Math"/> method the op names (<see cref="OpInfo.MathMethod"/>), or
/// else of <see cref="Eval"/> itself (<see cref="Ops.Emit.Default{TRule}"/>). An op whose code is an operator writes it.
/// </summary>
internal interface IUnaryFunction
{
    static abstract double Eval(double x);

    /// <summary>The forward function as code, when it is not a call (null: <see cref="Ops.Emit.Default{TRule}"/>).</summary>
    static virtual Expression? Emit(Expression x) => null;
}

/// <summary>A one-input op with its derivative <c>dy/dx</c>, which may reuse the result <c>y</c>.</summary>
internal interface IUnaryRule : IUnaryFunction
{
    static abstract T Derivative<T>(T x, T y) where T : IAlgebra<T>;
}

/// <summary>The forward function of a two-input op, as a number and as code (see <see cref="IUnaryFunction"/>).</summary>
internal interface IBinaryFunction
{
    static abstract double Eval(double a, double b);

    /// <summary>The forward function as code, when it is not a call (null: <see cref="Ops.Emit.Default{TRule}"/>).</summary>
    static virtual Expression? Emit(Expression a, Expression b) => null;

    /// <summary>Whether the op is a step of a sum written as plain C# (see <see cref="Ops.SumStep"/>).</summary>
    static virtual SumStep SumStep => SumStep.None;
}

/// <summary>A two-input op with both partial derivatives.</summary>
internal interface IBinaryRule : IBinaryFunction
{
    static abstract T DerivativeA<T>(T a, T b, T y) where T : IAlgebra<T>;
    static abstract T DerivativeB<T>(T a, T b, T y) where T : IAlgebra<T>;
}

/// <summary>A one-input op with a compile-time parameter (an exponent).</summary>
internal interface IParametricRule
{
    static abstract double Eval(double x, double p);
    static abstract Expression Emit(Expression x, double p);
    static abstract T Derivative<T>(T x, T y, double p) where T : IAlgebra<T>;
}

/// <summary>
/// Op metadata written beside a rule: documentation, test domain and edge cases, and how the op and its partials
/// read in text (<see cref="Op.Notation"/>, <see cref="Op.PartialNotation"/>; null: the generic text).
/// <c>StrongProducts</c>: the op's partials always scale tangents and adjoints with a strong zero (the strong
/// product's own derivative is strong too).
/// </summary>
internal sealed record OpInfo(
    string? MathMethod = null,
    string Convention = "IEEE 754",
    Domain? Domain = null,
    EdgeCase[]? EdgeCases = null,
    bool Commutative = false,
    Func<double?, double?, double, int?>? Identity = null,
    bool StrongProducts = false,
    string? Notation = null,
    string[]? Partials = null,
    Func<double?, double?, Op?>? Equivalent = null);

/// <summary>A differentiable one-input op built from its rule <typeparamref name="R"/>.</summary>
internal sealed class UnaryOp<R>(string name, OpInfo? info = null) : Op(name, 1) where R : IUnaryRule
{
    private readonly OpInfo info = info ?? new();
    public override double Eval(double a, double b, double c, double p) => R.Eval(a);
    public override Expression Emit(Expression a, Expression b, Expression c, double p)
        => R.Emit(a) ?? Ops.Emit.Default<R>(info.MathMethod, a);
    public override T PartialTimes<T>(int input, T a, T b, T c, T y, double p, T v, bool strongZero)
        => Scale(R.Derivative(a, y), v, strongZero);
    public override double PartialTimesReal(int input, double a, double b, double c, double y, double p, double v, bool strongZero)
        => Product(R.Derivative<Real>(a, y).V, v, strongZero);
    public override string? MathMethod => info.MathMethod;
    public override string Convention => info.Convention;
    public override string Notation => info.Notation ?? base.Notation;
    public override string PartialNotation(int input) => info.Partials?[input] ?? base.PartialNotation(input);
    public override Domain Domain => info.Domain ?? Domain.Everywhere;
    public override IReadOnlyList<EdgeCase> EdgeCases => info.EdgeCases ?? [];
    public override int? IdentityInput(double? a, double? b, double p) => info.Identity?.Invoke(a, b, p);
}

/// <summary>A differentiable two-input op built from its rule <typeparamref name="R"/>.</summary>
internal sealed class BinaryOp<R>(string name, OpInfo? info = null) : Op(name, 2) where R : IBinaryRule
{
    private readonly OpInfo info = info ?? new();
    public override bool IsCommutative => info.Commutative;
    public override SumStep SumStep => R.SumStep;
    public override double Eval(double a, double b, double c, double p) => R.Eval(a, b);
    public override Expression Emit(Expression a, Expression b, Expression c, double p)
        => R.Emit(a, b) ?? Ops.Emit.Default<R>(info.MathMethod, a, b);
    public override T PartialTimes<T>(int input, T a, T b, T c, T y, double p, T v, bool strongZero)
        => Scale(input == 0 ? R.DerivativeA(a, b, y) : R.DerivativeB(a, b, y), v, strongZero || info.StrongProducts);
    public override double PartialTimesReal(int input, double a, double b, double c, double y, double p, double v, bool strongZero)
        => Product(input == 0 ? R.DerivativeA<Real>(a, b, y).V : R.DerivativeB<Real>(a, b, y).V, v, strongZero || info.StrongProducts);
    public override string? MathMethod => info.MathMethod;
    public override string Convention => info.Convention;
    public override string Notation => info.Notation ?? base.Notation;
    public override string PartialNotation(int input) => info.Partials?[input] ?? base.PartialNotation(input);
    public override Domain Domain => info.Domain ?? Domain.Everywhere;
    public override IReadOnlyList<EdgeCase> EdgeCases => info.EdgeCases ?? [];
    public override int? IdentityInput(double? a, double? b, double p) => info.Identity?.Invoke(a, b, p);
    public override Op? EquivalentWith(double? a, double? b) => info.Equivalent?.Invoke(a, b);
}

/// <summary>A one-input op with a compile-time parameter, built from its rule <typeparamref name="R"/>.</summary>
internal sealed class ParametricOp<R>(string name, OpInfo? info = null) : Op(name, 1) where R : IParametricRule
{
    private readonly OpInfo info = info ?? new();
    public override double Eval(double a, double b, double c, double p) => R.Eval(a, p);
    public override Expression Emit(Expression a, Expression b, Expression c, double p) => R.Emit(a, p);
    public override T PartialTimes<T>(int input, T a, T b, T c, T y, double p, T v, bool strongZero)
        => Scale(R.Derivative(a, y, p), v, strongZero);
    public override double PartialTimesReal(int input, double a, double b, double c, double y, double p, double v, bool strongZero)
        => Product(R.Derivative<Real>(a, y, p).V, v, strongZero);
    public override string Convention => info.Convention;
    public override string Notation => info.Notation ?? base.Notation;
    public override string PartialNotation(int input) => info.Partials?[input] ?? base.PartialNotation(input);
    public override Domain Domain => info.Domain ?? Domain.Everywhere;
    public override IReadOnlyList<EdgeCase> EdgeCases => info.EdgeCases ?? [];
    public override int? IdentityInput(double? a, double? b, double p) => info.Identity?.Invoke(a, b, p);
}

/// <summary>A piecewise-constant op of one input (sign): no derivative flows through it.</summary>
internal sealed class StepOp<R>(string name, OpInfo? info = null) : Op(name, 1) where R : IUnaryFunction
{
    private readonly OpInfo info = info ?? new();
    public override double Eval(double a, double b, double c, double p) => R.Eval(a);
    public override Expression Emit(Expression a, Expression b, Expression c, double p)
        => R.Emit(a) ?? Ops.Emit.Default<R>(info.MathMethod, a);
    public override bool HasPartial(int input) => false;
    public override T PartialTimes<T>(int input, T a, T b, T c, T y, double p, T v, bool strongZero) => 0.0;
    public override double PartialTimesReal(int input, double a, double b, double c, double y, double p, double v, bool strongZero) => 0;
    public override string Convention => info.Convention;
    public override string Notation => info.Notation ?? base.Notation;
    public override Domain Domain => info.Domain ?? Domain.Everywhere;
    public override IReadOnlyList<EdgeCase> EdgeCases => info.EdgeCases ?? [];
}

/// <summary>A comparison giving 1 or 0: no derivative flows through it.</summary>
internal sealed class ComparisonOp<R>(string name, OpInfo? info = null) : Op(name, 2) where R : IBinaryFunction
{
    private readonly OpInfo info = info ?? new();
    public override double Eval(double a, double b, double c, double p) => R.Eval(a, b);
    public override Expression Emit(Expression a, Expression b, Expression c, double p)
        => R.Emit(a, b) ?? Ops.Emit.Default<R>(info.MathMethod, a, b);
    public override bool HasPartial(int input) => false;
    public override T PartialTimes<T>(int input, T a, T b, T c, T y, double p, T v, bool strongZero) => 0.0;
    public override double PartialTimesReal(int input, double a, double b, double c, double y, double p, double v, bool strongZero) => 0;
    public override string Convention => info.Convention;
    public override string Notation => info.Notation ?? base.Notation;
    public override Domain Domain => info.Domain ?? Domain.Everywhere;
    public override IReadOnlyList<EdgeCase> EdgeCases => info.EdgeCases ?? [];
}
