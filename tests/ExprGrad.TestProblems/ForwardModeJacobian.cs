namespace ExprGrad.TestProblems;

/// <summary>
/// An <see cref="IJacobian"/> built on <c>Grad.Forward</c>, one forward-mode gradient per output: the stand-in
/// for compiled Jacobians until <c>Grad.CompileJacobian</c> exists (test and benchmark code; it allocates per
/// call and is as thread-safe as <c>Grad.Forward</c>).
/// </summary>
/// <remarks>
/// Output i is <c>function(x, row i)</c> where row i is <c>data[i * rowLength .. (i + 1) * rowLength)</c>,
/// copied when this is built. Costs Dimension dual-number passes per output per Jacobian.
/// </remarks>
public sealed class ForwardModeJacobian : IJacobian
{
    private readonly IGradient[] rows;

    /// <summary>One output per row of <paramref name="data"/>.</summary>
    /// <exception cref="ArgumentException">data's length is not a multiple of <paramref name="rowLength"/>.</exception>
    public ForwardModeJacobian(Func<Vec, Vec, Scalar> function, int dimension, ReadOnlySpan<double> data, int rowLength)
    {
        ArgumentNullException.ThrowIfNull(function);
        if (rowLength < 1 || data.Length % rowLength != 0)
            throw new ArgumentException($"data has length {data.Length}, not a multiple of rowLength {rowLength}.", nameof(data));
        Dimension = dimension;
        rows = new IGradient[data.Length / rowLength];
        for (int i = 0; i < rows.Length; i++) rows[i] = Grad.Forward(function, dimension, data.Slice(i * rowLength, rowLength));
    }

    /// <summary>The residuals of a NIST problem, one per observation.</summary>
    public static ForwardModeJacobian Of(NistProblem problem) =>
        new(problem.RowResidual, problem.Parameters, problem.Data, problem.RowLength);

    /// <inheritdoc/>
    public int Dimension { get; }

    /// <inheritdoc/>
    public int Outputs => rows.Length;

    /// <inheritdoc/>
    public void Evaluate(ReadOnlySpan<double> x, Span<double> values)
    {
        SpanChecks.Length(x.Length, Dimension, nameof(x));
        SpanChecks.Length(values.Length, Outputs, nameof(values));
        for (int i = 0; i < rows.Length; i++) values[i] = rows[i].Value(x);
    }

    /// <inheritdoc/>
    public void Evaluate(ReadOnlySpan<double> x, Span<double> values, Span<double> jacobian)
    {
        SpanChecks.Length(x.Length, Dimension, nameof(x));
        SpanChecks.Length(values.Length, Outputs, nameof(values));
        SpanChecks.Length(jacobian.Length, Outputs * Dimension, nameof(jacobian));
        for (int i = 0; i < rows.Length; i++) values[i] = rows[i].ValueAndGradient(x, jacobian.Slice(i * Dimension, Dimension));
    }
}

/// <summary>The span-length check every <see cref="IJacobian"/> here makes, worded as ExprGrad's own.</summary>
internal static class SpanChecks
{
    public static void Length(int actual, int expected, string name)
    {
        if (actual != expected)
            throw new ArgumentException($"{name} has length {actual}; expected {expected}.", name);
    }
}
