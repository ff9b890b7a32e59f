namespace ExprGrad.Ops;

/// <summary>
/// A branch (<c>if</c>, <c>?:</c>, <c>&amp;&amp;</c>, <c>||</c>, <c>while</c>) on a value of a recording that knows no values:
/// a symbolic trace. <c>Grad.Compile</c> catches it from its own top-level trace and traces paths at points instead;
/// from a <see cref="Scalar.Sum"/> body (traced once for every index) it reaches the user, pointing to <c>Scalar.Where</c>.
/// </summary>
internal sealed class BranchOnTracedValueException(Recorder owner, string comparison) : InvalidOperationException(MessageFor(owner, comparison))
{
    /// <summary>The recording whose value the branch compared (the innermost one).</summary>
    public Recorder Owner { get; } = owner;

    private static string MessageFor(Recorder owner, string comparison) => owner.Parent is null
        ? $"A branch on a traced value ('{comparison}' used in an if, ?:, && or ||) was met while tracing ({owner.Kind}). " +
          "The code is traced once and would keep only one side of the branch for every input. Write the choice as " +
          "Scalar.Where(condition, ifTrue, ifFalse) instead, which compiles both sides and chooses per call."
        : $"A branch on a value of a Scalar.Sum body ('{comparison}' used in an if, ?:, && or ||) was met while tracing the body. " +
          "The body is traced once for every index, so the branch would be frozen to one side for every iteration, and a " +
          "compiled path can only check decisions made once per call (values outside the body may decide). Write the choice " +
          "as Scalar.Where(condition, ifTrue, ifFalse), which chooses per iteration.";
}
