namespace ExprGrad.Optimization;

/// <summary>
/// What a line search found. When <see cref="Accepted"/>, the trial buffers the search was given hold the
/// accepted point and its gradient, and <see cref="Value"/> is f there.
/// </summary>
internal readonly record struct LineSearchOutcome(bool Accepted, double Step, double Value, bool EndedNonFinite)
{
    public static LineSearchOutcome Accept(double step, double value) => new(true, step, value, false);

    /// <param name="endedNonFinite">The last trial was NaN or infinite: even short steps leave the function's domain.</param>
    public static LineSearchOutcome Fail(bool endedNonFinite) => new(false, 0, double.NaN, endedNonFinite);

    /// <summary>The stop reason for a search that found nothing.</summary>
    public StopReason FailureReason => EndedNonFinite ? StopReason.NonFiniteValue : StopReason.LineSearchFailed;
}
