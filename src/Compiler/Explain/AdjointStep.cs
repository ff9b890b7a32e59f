using ExprGrad.Explain;

namespace ExprGrad;

/// <summary>
/// One step of the backward pass of a <see cref="BackpropTrace"/>: the adjoint of one value, as the sum of what its
/// uses contribute, e.g. <c>dH/dU2 = relu'(U2) * dH/dH = 1 * 1 = 1</c>.
/// </summary>
/// <param name="Name">The value whose adjoint this is.</param>
/// <param name="Output">The output's name (the H of dH/dU2).</param>
/// <param name="Contributions">One per use of the value, in the order backprop adds them; none for the output (seeded with 1)
/// and for an input no derivative reaches.</param>
/// <param name="Adjoint">d(output)/d(value): their sum (1 for the output).</param>
public sealed record AdjointStep(string Name, string Output, IReadOnlyList<AdjointContribution> Contributions, double Adjoint)
{
    /// <summary>
    /// <c>dH/dv = terms = numbers [= contributions] = adjoint</c>; the output's own step reads <c>dH/dH = 1</c>, an
    /// input no derivative reaches <c>dH/dx = 0 (...)</c>.
    /// </summary>
    public override string ToString()
    {
        string left = $"d{Output}/d{Name}";
        if (Contributions.Count == 0)
            return Name == Output ? $"{left} = {StepText.Number(Adjoint)}" : $"{left} = 0 (no derivative flows from {Output} to {Name})";
        var parts = new List<string>
        {
            string.Join(" + ", Contributions.Select(c => c.Term(Output))),
            string.Join(" + ", Contributions.Select(c => c.Numbers)),
        };
        if (Contributions.Count > 1) parts.Add(string.Join(" + ", Contributions.Select(c => StepText.Operand(c.Value))));
        parts.Add(StepText.Number(Adjoint));
        return left + " = " + string.Join(" = ", parts);
    }
}
