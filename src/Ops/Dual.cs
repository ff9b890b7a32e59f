using ExprGrad.Ops;

namespace ExprGrad;

/// <summary>
/// A dual number <c>Value + Derivative·ε</c> with <c>ε² = 0</c>: forward-mode differentiation by operator
/// overloading. Every op costs O(1) more than on doubles and reads its derivative from the same op table
/// as the other modes. <c>Dual.Sin(Dual.Variable(x)).Derivative</c> is <c>cos(x)</c>.
/// </summary>
/// <remarks>
/// A zero <see cref="Derivative"/> is a strong zero: it contributes nothing even where a partial is
/// infinite, so constants stay constants (<c>Dual.Sqrt(Dual.Constant(0))</c> has derivative 0, not NaN).
/// </remarks>
public readonly partial struct Dual : IEquatable<Dual>
{
    /// <summary>Creates <c>value + derivative·ε</c>.</summary>
    public Dual(double value, double derivative)
    {
        Value = value;
        Derivative = derivative;
    }

    /// <summary>The primal value.</summary>
    public double Value { get; }

    /// <summary>The derivative (tangent) carried along.</summary>
    public double Derivative { get; }

    /// <summary>The independent variable at <paramref name="value"/>: derivative 1.</summary>
    public static Dual Variable(double value) => new(value, 1);

    /// <summary>A constant: derivative 0.</summary>
    public static Dual Constant(double value) => new(value, 0);

    /// <summary>A constant.</summary>
    public static implicit operator Dual(double value) => new(value, 0);

    internal static Dual Apply(Op op, Dual a) => Apply(op, a, default, default, 0);
    internal static Dual Apply(Op op, Dual a, Dual b) => Apply(op, a, b, default, 0);
    internal static Dual Apply(Op op, Dual a, Dual b, Dual c) => Apply(op, a, b, c, 0);
    internal static Dual Apply(Op op, Dual a, double parameter) => Apply(op, a, default, default, parameter);

    private static Dual Apply(Op op, Dual a, Dual b, Dual c, double p)
    {
        double y = op.Eval(a.Value, b.Value, c.Value, p);
        double t = Tangent.Of(op, a.Value, b.Value, c.Value, y, p, a.Derivative, b.Derivative, c.Derivative,
            active: op.ActiveInputs(a.Value, b.Value, c.Value, (a.Derivative != 0 ? 1 : 0) | (b.Derivative != 0 ? 2 : 0) | (c.Derivative != 0 ? 4 : 0)));
        return new(y, t);
    }

    /// <inheritdoc/>
    public bool Equals(Dual other) => Value.Equals(other.Value) && Derivative.Equals(other.Derivative);
    /// <inheritdoc/>
    public override bool Equals(object? obj) => obj is Dual d && Equals(d);
    /// <inheritdoc/>
    public override int GetHashCode() => HashCode.Combine(Value, Derivative);
    /// <summary>Exact equality of value and derivative.</summary>
    public static bool operator ==(Dual a, Dual b) => a.Equals(b);
    /// <summary>Exact inequality of value or derivative.</summary>
    public static bool operator !=(Dual a, Dual b) => !a.Equals(b);
    /// <inheritdoc/>
    public override string ToString() => $"{Value:R} + {Derivative:R}ε";
}
