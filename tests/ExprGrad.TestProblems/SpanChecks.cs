namespace ExprGrad.TestProblems;

/// <summary>The span-length check the hand-written Jacobians here make, naming the span, the actual and the expected length.</summary>
internal static class SpanChecks
{
    public static void Length(int actual, int expected, string name)
    {
        if (actual != expected)
            throw new ArgumentException($"{name} has length {actual}; expected {expected}.", name);
    }
}
