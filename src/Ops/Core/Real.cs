namespace ExprGrad.Ops;

/// <summary>A plain double seen through <see cref="IAlgebra{T}"/>: evaluating a rule with it gives numbers.</summary>
internal readonly struct Real(double value) : IAlgebra<Real>
{
    public readonly double V = value;

    public static Real Apply(Op op, Real a) => new(op.Eval(a.V, 0, 0, 0));
    public static Real Apply(Op op, Real a, Real b) => new(op.Eval(a.V, b.V, 0, 0));
    public static Real Apply(Op op, Real a, Real b, Real c) => new(op.Eval(a.V, b.V, c.V, 0));
    public static Real Apply(Op op, Real a, double parameter) => new(op.Eval(a.V, 0, 0, parameter));

    public static Real operator +(Real a, Real b) => new(a.V + b.V);
    public static Real operator -(Real a, Real b) => new(a.V - b.V);
    public static Real operator *(Real a, Real b) => new(a.V * b.V);
    public static Real operator /(Real a, Real b) => new(a.V / b.V);
    public static Real operator -(Real a) => new(-a.V);
    public static implicit operator Real(double value) => new(value);
}
