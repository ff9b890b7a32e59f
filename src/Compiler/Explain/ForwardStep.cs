namespace ExprGrad;

/// <summary>One step of the forward pass of a <see cref="BackpropTrace"/>: <c>U1 = W * x = 2 * 3 = 6</c>.</summary>
/// <param name="Name">The value computed: U1, U2, ... or the output's name.</param>
/// <param name="Expression">What it computes, in names: <c>W * x</c>.</param>
/// <param name="Numbers">The same with the operands' values: <c>2 * 3</c>.</param>
/// <param name="Value">The value.</param>
public sealed record ForwardStep(string Name, string Expression, string Numbers, double Value)
{
    /// <summary><c>Name = Expression = Numbers = Value</c>, leaving out a part that repeats the one before.</summary>
    public override string ToString()
    {
        string value = Explain.StepText.Number(Value);
        return string.Join(" = ", new[] { Name, Expression, Numbers, value }.Distinct());
    }
}
