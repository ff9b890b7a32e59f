using System.Linq.Expressions;

namespace ExprGrad.Ops;

/// <summary>A user's op of two inputs (<see cref="CustomOp.Binary"/>), with both partials as Scalar functions.</summary>
internal sealed class CustomBinaryOp(string name, Func<double, double, double> value,
    Func<Scalar, Scalar, Scalar> partialA, Func<Scalar, Scalar, Scalar> partialB, OpInfo? info = null) : Op(name, 2)
{
    private readonly OpInfo info = info ?? new();

    public override double Eval(double a, double b, double c, double p) => value(a, b);

    public override Expression Emit(Expression a, Expression b, Expression c, double p) => UserRule.Call(value, a, b);

    public override T PartialTimes<T>(int input, T a, T b, T c, T y, double p, T v, bool strongZero)
        => Scale(UserRule.FromScalar<T>((input == 0 ? partialA : partialB)(UserRule.ToScalar(a), UserRule.ToScalar(b)), Name), v, strongZero);

    public override double PartialTimesReal(int input, double a, double b, double c, double y, double p, double v, bool strongZero)
        => Product(UserRule.Number((input == 0 ? partialA : partialB)(new Scalar(a), new Scalar(b)), Name), v, strongZero);

    public override bool CallsUserCode => true;
    public override string Convention => info.Convention;
    public override Domain Domain => info.Domain ?? Domain.Everywhere;
    public override IReadOnlyList<EdgeCase> EdgeCases => info.EdgeCases ?? [];
}
