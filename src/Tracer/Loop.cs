namespace ExprGrad.Tracer;

/// <summary>
/// A loop of a graph: <see cref="Count"/> iterations of <see cref="Body"/>, a graph nested in the one holding
/// the loop node. <see cref="Captures"/> are the outer nodes the body reads (capture leaf j reads
/// <c>Captures[j]</c>). Each iteration adds body node <c>Accumulate[j]</c> into accumulator j (the loop node's
/// value is accumulator 0; an extract node reads the others) and adds each scatter's body node into the
/// gradient entry its gather leaf reads.
/// </summary>
internal sealed record Loop(Graph Body, int Count, int[] Captures, int[] Accumulate, Scatter[] Scatters)
{
    /// <summary>Body nodes run for their effect only: nested loops that scatter into the gradient.</summary>
    public int[] Effects { get; init; } = [];
}

/// <summary>Adds body node <paramref name="Node"/> into the gradient at the index gather leaf <paramref name="Gather"/> reads.</summary>
internal readonly record struct Scatter(int Node, int Gather);
