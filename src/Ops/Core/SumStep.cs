namespace ExprGrad.Ops;

/// <summary>
/// How an op can be one step of a sum written as plain C#, <c>s = s op term</c>: loop recovery turns a chain of such
/// steps into a loop that adds each term to an accumulator, the way a <see cref="Scalar.Sum"/> does.
/// </summary>
internal enum SumStep
{
    /// <summary>Not a step of a sum.</summary>
    None,

    /// <summary><c>a + b</c>: the running sum is either operand (<c>s + t</c> or <c>t + s</c>), the loop adds the other.</summary>
    AddsEitherOperand,

    /// <summary><c>a - b</c>: the running sum is <c>a</c>; the loop adds <c>-b</c> (<c>a - b</c> is <c>a + (-b)</c> bit for bit).</summary>
    SubtractsSecondOperand,
}
