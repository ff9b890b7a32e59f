using System.Linq.Expressions;

namespace ExprGrad.Ops;

/// <summary>
/// A primitive operation: a name, an arity, its forward function (as a number and as code) and its partial
/// derivatives times a vector. Interpreters and transforms ask an <see cref="Op"/> for its rule; nothing
/// outside src/Ops switches over ops (a graph's structural nodes are told apart by their kind, not by an op).
/// </summary>
/// <remarks>
/// Inputs are <c>a, b, c</c> (unused ones are 0); <c>p</c> is a compile-time parameter (the exponent of
/// <c>powi</c>). <c>y</c> is the op's own result, which rules may reuse.
/// </remarks>
internal abstract class Op(string name, int arity)
{
    /// <summary>Short lower-case name, used in generated code comments, errors and the op table.</summary>
    public string Name { get; } = name;

    /// <summary>Number of inputs (1..3).</summary>
    public int Arity { get; } = arity;

    /// <summary>True when swapping the two inputs never changes the result (lets hash-consing share a+b and b+a).</summary>
    public virtual bool IsCommutative => false;

    /// <summary>Whether the op can be a step of a plain C# sum (<c>s += t</c>, <c>s -= t</c>) that loop recovery makes a loop.</summary>
    public virtual SumStep SumStep => SumStep.None;

    /// <summary>Documentation of the op's conventions at its edge points (shown in the README's table).</summary>
    public virtual string Convention => "IEEE 754";

    /// <summary>Forward value.</summary>
    public abstract double Eval(double a, double b, double c, double p);

    /// <summary>Forward value as code; must compute exactly what <see cref="Eval"/> computes.</summary>
    public abstract Expression Emit(Expression a, Expression b, Expression c, double p);

    /// <summary>False when no derivative flows into input <paramref name="input"/> (comparisons, a select's condition).</summary>
    public virtual bool HasPartial(int input) => input < Arity;

    /// <summary>
    /// Of the inputs flagged in <paramref name="mask"/> (bit i = input i carries a tangent), those the result's
    /// tangent depends on at these input values: inputs with a partial, by default. Forward mode treats a
    /// result with none as a structural zero (no <c>inf * 0</c> can come from it later).
    /// </summary>
    public virtual int ActiveInputs(double a, double b, double c, int mask)
        => mask & ((HasPartial(0) ? 1 : 0) | (HasPartial(1) ? 2 : 0) | (HasPartial(2) ? 4 : 0));

    /// <summary>
    /// The partial derivative with respect to input <paramref name="input"/> applied to <paramref name="v"/>:
    /// <c>dy/dx_i * v</c>. In reverse mode <paramref name="v"/> is the result's adjoint and the answer is the
    /// contribution to the input's adjoint; in forward mode <paramref name="v"/> is the input's tangent.
    /// With <paramref name="strongZero"/> a zero <paramref name="v"/> gives 0 even when the partial is inf or NaN.
    /// </summary>
    public abstract T PartialTimes<T>(int input, T a, T b, T c, T y, double p, T v, bool strongZero) where T : IAlgebra<T>;

    /// <summary><see cref="PartialTimes{T}"/> on doubles, without generic virtual dispatch (the tape's hot loop).</summary>
    public abstract double PartialTimesReal(int input, double a, double b, double c, double y, double p, double v, bool strongZero);

    /// <summary>
    /// Algebraic identities used while building graphs: when this op applied to constant inputs
    /// (<see langword="null"/> = not a constant) is the identity on one input, that input's index; else null.
    /// </summary>
    public virtual int? IdentityInput(double? a, double? b, double p) => null;

    /// <summary>
    /// How the op reads in text, with <c>{a}</c>, <c>{b}</c>, <c>{c}</c> for its inputs and <c>{p}</c> for its
    /// parameter: <c>"{a} + {b}"</c>; by default the name applied to the inputs, <c>"exp({a})"</c>.
    /// </summary>
    public virtual string Notation => Arity switch { 0 => Name, 1 => Name + "({a})", 2 => Name + "({a}, {b})", _ => Name + "({a}, {b}, {c})" };

    /// <summary>
    /// The partial derivative with respect to input <paramref name="input"/> in text, as the rule computes it:
    /// <c>{a}</c>, <c>{b}</c>, <c>{c}</c> stand for the inputs, <c>{y}</c> for the result, <c>{p}</c> and
    /// <c>{p-1}</c> for the parameter, and <c>[...]</c> is 1 where the condition holds, else 0 (mul: <c>"{b}"</c>
    /// and <c>"{a}"</c>; exp: <c>"{y}"</c>). Printed by <c>Grad.Explain</c> beside the numbers. An op that does not
    /// say gets <c>"name'({a})"</c> (one input) or <c>"dname/d{a}"</c>.
    /// </summary>
    public virtual string PartialNotation(int input)
        => Arity == 1 ? Name + "'({a})" : "d" + Name + "/d{" + "abc"[input] + "}";

    /// <summary>
    /// An op computing what this one computes (up to the sign of a zero) when its inputs are these constants
    /// (<see langword="null"/> = not a constant), which graphs build instead; else null. A strong-zero product with a
    /// finite nonzero constant factor is a plain product: the zero test is for infinite or NaN partials only.
    /// </summary>
    public virtual Op? EquivalentWith(double? a, double? b) => null;
    /// <summary>True when the op's code calls the user's delegates (<see cref="CustomOp"/>): compiled code then calls out.</summary>
    public virtual bool CallsUserCode => false;

    /// <summary>Name of the <see cref="Math"/> method that computes this op, for the quote frontend.</summary>
    public virtual string? MathMethod => null;

    /// <summary>Where the op is smooth and finite: the table-driven tests sample it there.</summary>
    public virtual Domain Domain => Domain.Everywhere;

    /// <summary>The op's documented results at its edge points, checked in every mode by the tests.</summary>
    public virtual IReadOnlyList<EdgeCase> EdgeCases => [];

    /// <summary><see cref="Scale{T}"/> on doubles: the same strong-zero rule as the mul0 op.</summary>
    protected static double Product(double partial, double v, bool strongZero)
        => strongZero ? StrongMulRule.Eval(v, partial) : partial * v;

    /// <summary>Scales a partial by an adjoint or tangent, honouring the strong-zero convention.</summary>
    protected static T Scale<T>(T partial, T v, bool strongZero) where T : IAlgebra<T>
        => strongZero ? T.Apply(OpTable.StrongMul, v, partial) : partial * v;

    /// <inheritdoc/>
    public override string ToString() => Name;
}

/// <summary>A sampling interval for tests, and whether an op's inputs must stay apart (e.g. atan2 away from 0).</summary>
internal readonly record struct Domain(double Low, double High)
{
    public static Domain Everywhere => new(-3, 3);
    public static Domain Positive => new(0.1, 4);
    public static Domain Unit => new(-0.9, 0.9);
}

/// <summary>
/// A documented result at an edge point: inputs, expected value and expected partials (NaN = NaN), and optionally
/// the derivatives of order 2, 3, ... with respect to the first input, the others held constant (<see cref="Higher"/>).
/// </summary>
internal sealed record EdgeCase(double[] Inputs, double Value, double[] Partials, double Parameter = 0, double[]? Higher = null)
{
    public override string ToString()
        => $"({string.Join(", ", Inputs)}) -> {Value}, d = [{string.Join(", ", Partials)}]"
            + (Higher is null ? "" : $", higher d = [{string.Join(", ", Higher)}]");
}
