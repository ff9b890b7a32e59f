using ExprGrad.Ops;

namespace ExprGrad;

/// <summary>
/// The result of comparing <see cref="Scalar"/>s (<c>x[0] &gt; x[1]</c>), or a combination of such results with
/// <c>&amp;</c>, <c>|</c> and <c>!</c>. Pass it to <see cref="Scalar.Where(Condition, Scalar, Scalar)"/>, which chooses
/// per call in every mode without branching. Converting it to <see cref="bool"/> (a plain <c>if</c>, <c>?:</c>,
/// <c>&amp;&amp;</c>, <c>||</c>, a <c>while</c> condition) is a decision: tape and forward mode take it at every call,
/// <c>Grad.Compile</c> compiles one path per set of decisions and checks them at every call (its guards).
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

    /// <summary>
    /// Both conditions hold: a condition of its own, usable in <see cref="Scalar.Where(Condition, Scalar, Scalar)"/> without
    /// branching (<c>Where((x[0] &gt; 0) &amp; (x[1] &gt; 0), a, b)</c>). A NaN makes each comparison false, as in C#.
    /// </summary>
    /// <exception cref="ArgumentException">An operand is a default Condition (it compares nothing).</exception>
    public static Condition operator &(Condition a, Condition b) => Combine(a, b, both: true);

    /// <summary>At least one of the conditions holds; usable in <see cref="Scalar.Where(Condition, Scalar, Scalar)"/> without branching.</summary>
    /// <exception cref="ArgumentException">An operand is a default Condition (it compares nothing).</exception>
    public static Condition operator |(Condition a, Condition b) => Combine(a, b, both: false);

    /// <summary>Decides the condition (what <c>a &amp;&amp; b</c> and <c>a || b</c> ask first); see the conversion to <see cref="bool"/>.</summary>
    public static bool operator true(Condition c) => c;

    /// <summary>Decides the condition's negation (what <c>a &amp;&amp; b</c> asks first); see the conversion to <see cref="bool"/>.</summary>
    public static bool operator false(Condition c) => !(bool)c;

    /// <summary>
    /// Decides the condition from the values of this call. While <c>Grad.Compile</c> traces a path the decision becomes one
    /// of the path's guards, checked at every call.
    /// </summary>
    /// <exception cref="InvalidOperationException">
    /// The condition depends on the index of a <see cref="Scalar.Sum(int, Func{LoopIndex, Scalar})"/> body being traced (use
    /// <see cref="Scalar.Where(Condition, Scalar, Scalar)"/> there), or is a default Condition.
    /// </exception>
    public static implicit operator bool(Condition c)
    {
        c.CheckMade(null);
        Recorder? owner = Scalar.SharedOwner(c.Right, Scalar.SharedOwner(c.Left, null));
        if (owner is not null) Scalar.CheckRunning(owner);
        if (owner is { KnowsValues: false }) throw owner.BranchMet(c.Comparison.Name);
        bool holds = c.Comparison.Eval(c.Left.Value, c.Right.Value, 0, 0) != 0;
        owner?.Decided(c.Comparison, c.Left, c.Right, holds);
        return holds != c.Negated;
    }

    /// <summary>The 0/1 value of the comparison itself, before negation (<paramref name="parameter"/>: the argument it was passed as).</summary>
    internal Scalar Indicator(string parameter)
    {
        CheckMade(parameter);
        return Scalar.Apply(Comparison, Left, Right);
    }

    // a & b = select(a, b, 0), a | b = select(a, 1, b) on 0/1 indicators (a negation swaps a select's branches): exact, and
    // no gradient flows into a condition, so the combination costs nothing in the reverse sweep.
    private static Condition Combine(Condition a, Condition b, bool both)
    {
        Scalar ia = a.Indicator(nameof(a)), ib = b.Indicator(nameof(b));
        Scalar tb = b.Negated ? Scalar.Apply(OpTable.Select, ib, 0.0, 1.0) : ib;
        (Scalar whenA, Scalar otherwise) = both ? (tb, (Scalar)0.0) : (1.0, tb);
        Scalar combined = a.Negated ? Scalar.Apply(OpTable.Select, ia, otherwise, whenA) : Scalar.Apply(OpTable.Select, ia, whenA, otherwise);
        return new Condition(OpTable.NotEqual, combined, 0.0, false);
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
