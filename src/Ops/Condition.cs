using ExprGrad.Ops;

namespace ExprGrad;

/// <summary>
/// The result of comparing <see cref="Scalar"/>s (<c>x[0] &gt; x[1]</c>). Pass it to
/// <see cref="Scalar.Where(Condition, Scalar, Scalar)"/>, which works in every mode. Converting it to
/// <see cref="bool"/> (a plain <c>if</c>, <c>?:</c>, <c>&amp;&amp;</c>) works in tape and forward mode, and throws
/// while tracing for <c>Grad.Compile</c>: the traced code would silently keep only one branch.
/// </summary>
public readonly struct Condition
{
    internal readonly Op Comparison;
    internal readonly Scalar Left;
    internal readonly Scalar Right;
    internal readonly bool Negated;

    internal Condition(Op comparison, Scalar left, Scalar right, bool negated)
    {
        Comparison = comparison;
        Left = left;
        Right = right;
        Negated = negated;
    }

    /// <summary>The logical negation (exact, also when a NaN makes both a comparison and its opposite false).</summary>
    public static Condition operator !(Condition c) => new(c.Comparison, c.Left, c.Right, !c.Negated);

    /// <summary>Decides the condition; only possible where values are known (not while tracing).</summary>
    /// <exception cref="InvalidOperationException">Called while tracing a function for <c>Grad.Compile</c>, or on a default Condition.</exception>
    public static implicit operator bool(Condition c)
    {
        c.CheckMade(null);
        Recorder? owner = Scalar.SharedOwner(c.Right, Scalar.SharedOwner(c.Left, null));
        if (owner is not null) Scalar.CheckRunning(owner);
        if (owner is { KnowsValues: false })
            throw new InvalidOperationException(
                $"A branch on a traced value ('{c.Comparison.Name}' used in an if, ?:, && or ||) was met while tracing " +
                $"({owner.Kind}). The compiled code is traced once and would keep only one side of the branch for " +
                "every input. Write the choice as Scalar.Where(condition, ifTrue, ifFalse) instead, which compiles " +
                "both sides and chooses per call.");
        bool result = c.Comparison.Eval(c.Left.Value, c.Right.Value, 0, 0) != 0;
        return result != c.Negated;
    }

    /// <summary>The 0/1 value of the comparison itself, before negation (<paramref name="parameter"/>: the argument it was passed as).</summary>
    internal Scalar Indicator(string parameter)
    {
        CheckMade(parameter);
        return Scalar.Apply(Comparison, Left, Right);
    }

    // default(Condition) compares nothing, so it has no truth value to give (it threw NullReferenceException).
    private void CheckMade(string? parameter)
    {
        if (Comparison is not null) return;
        const string message = "A default Condition (default(Condition), or a field never assigned) was used: a Condition has no value " +
            "of its own, it comes only from comparing Scalars (x[0] > x[1], a == b).";
        throw parameter is null ? new InvalidOperationException(message) : new ArgumentException(message, parameter);
    }
}
