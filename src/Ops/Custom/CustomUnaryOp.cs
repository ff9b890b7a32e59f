using System.Linq.Expressions;

namespace ExprGrad.Ops;

/// <summary>
/// A user's op of one input (<see cref="CustomOp.Unary"/>): its value is the user's double code, its derivative the
/// user's Scalar function, so every mode differentiates it as it does the table's ops, to any order.
/// </summary>
internal sealed class CustomUnaryOp(string name, Func<double, double> value, Func<Scalar, Scalar> derivative, OpInfo? info = null)
    : Op(name, 1)
{
    private readonly OpInfo info = info ?? new();

    public override double Eval(double a, double b, double c, double p) => value(a);

    public override Expression Emit(Expression a, Expression b, Expression c, double p) => UserRule.Call(value, a);

    public override T PartialTimes<T>(int input, T a, T b, T c, T y, double p, T v, bool strongZero)
        => Scale(UserRule.FromScalar<T>(derivative(UserRule.ToScalar(a)), Name), v, strongZero);

    public override double PartialTimesReal(int input, double a, double b, double c, double y, double p, double v, bool strongZero)
        => Product(UserRule.Number(derivative(new Scalar(a)), Name), v, strongZero);

    public override bool CallsUserCode => true;
    public override string Convention => info.Convention;
    public override Domain Domain => info.Domain ?? Domain.Everywhere;
    public override IReadOnlyList<EdgeCase> EdgeCases => info.EdgeCases ?? [];
}
