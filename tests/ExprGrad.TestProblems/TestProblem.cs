namespace ExprGrad.TestProblems;

/// <summary>An unconstrained test problem: a function, its standard start and its published minimum value.</summary>
/// <param name="Number">The problem's number in its source (for More-Garbow-Hillstrom, 1 to 35).</param>
/// <param name="Name">The source's name, with the chosen sizes, e.g. "Watson (n = 6)".</param>
/// <param name="Dimension">Number of variables n.</param>
/// <param name="Function">f as a differentiable function; pass it to <c>Grad.Compile</c>.</param>
/// <param name="Start">The standard starting point x₀ (copy it before modifying).</param>
/// <param name="Minimum">The published minimum value f* (NaN where none is published for this size).</param>
/// <param name="LocalMinimum">
/// A second, local minimum value that the source also publishes and that descent methods from
/// <paramref name="Start"/> may reach instead of f*; NaN when there is none.
/// </param>
public sealed record TestProblem(int Number, string Name, int Dimension, Func<Vec, Scalar> Function,
    double[] Start, double Minimum, double LocalMinimum = double.NaN)
{
    /// <inheritdoc/>
    public override string ToString() => $"{Number}. {Name}";
}
