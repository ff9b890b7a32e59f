using System.Globalization;
using ExprGrad.Ops;

namespace ExprGrad.Tests.Ops;

/// <summary>
/// An <see cref="IAlgebra{T}"/> that writes formulas instead of computing: a rule evaluated with it prints itself
/// (<c>SinRule</c>'s derivative prints <c>cos(x)</c>, tanh's <c>1 - y * y</c>), so the README's derivative column
/// comes from the rules themselves and cannot drift from them. A compile-time parameter prints as <c>p</c>: rules
/// are evaluated at <see cref="P"/>, a value no rule uses, and it and <c>P - 1</c> print by name.
/// </summary>
internal readonly struct Formula : IAlgebra<Formula>
{
    /// <summary>The parameter value rules are evaluated at (an exponent no rule special-cases).</summary>
    public const double P = 1234.5;

    private const int Sum = 1, Product = 2, Atom = 3; // how tightly the text binds
    private readonly string text;
    private readonly int level;

    private Formula(string text, int level)
    {
        this.text = text;
        this.level = level;
    }

    /// <summary>A named value: <c>x</c>, <c>a</c>, <c>y</c>.</summary>
    public static Formula Named(string name) => new(name, Atom);

    public override string ToString() => text;

    private bool IsNumber(double value) => text == Number(value).text;

    private static string At(Formula f, int level) => f.level >= level ? f.text : $"({f.text})";

    private static Formula Call(Op op, params Formula[] args) => new($"{op.Name}({string.Join(", ", args.Select(a => a.text))})", Atom);

    private static Formula Number(double value) => value switch
    {
        P => new("p", Atom),
        P - 1 => new("p - 1", Sum),
        < 0 => new(value.ToString("R", CultureInfo.InvariantCulture), Product), // binds like unary minus
        _ => new(value.ToString("R", CultureInfo.InvariantCulture), Atom),
    };

    public static Formula Apply(Op op, Formula a) => Call(op, a);
    public static Formula Apply(Op op, Formula a, Formula b) => Call(op, a, b);
    public static Formula Apply(Op op, Formula a, Formula b, Formula c) => Call(op, a, b, c);
    public static Formula Apply(Op op, Formula a, double parameter) => Call(op, a, Number(parameter));

    public static Formula operator +(Formula a, Formula b) => new($"{a.text} + {At(b, Product)}", Sum);
    public static Formula operator -(Formula a, Formula b) => new($"{a.text} - {At(b, Product)}", Sum);
    public static Formula operator *(Formula a, Formula b)
        => b.IsNumber(1) ? a : a.IsNumber(1) ? b : new($"{At(a, Product)} * {At(b, Atom)}", Product);
    public static Formula operator /(Formula a, Formula b) => new($"{At(a, Product)} / {At(b, Atom)}", Product);
    public static Formula operator -(Formula a) => new($"-{At(a, Atom)}", Product);
    public static implicit operator Formula(double value) => Number(value);
}
