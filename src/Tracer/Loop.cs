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
    /// <summary>
    /// The node of the enclosing graph accumulator 0 starts from (-1: from +0.0, as a <see cref="Scalar.Sum"/> does). A
    /// loop recovered from <c>s = s0; for (...) s += term;</c> starts from <c>s0</c>, so it adds in the original order.
    /// </summary>
    public int Initial { get; init; } = -1;

    /// <summary>Body nodes run for their effect only: nested loops that scatter into the gradient.</summary>
    public int[] Effects { get; init; } = [];

    /// <summary>
    /// An adjoint loop that runs after its forward loop (not fused): the forward loop node (in the same graph)
    /// whose iterations may keep the values of <see cref="Cached"/> for this loop to read instead of recomputing
    /// them (-1: none). The code generator decides whether to (it needs both loops live and room in the workspace).
    /// </summary>
    public int CachedFrom { get; init; } = -1;

    /// <summary>Pairs of a forward body node (of the <see cref="CachedFrom"/> loop's body) and the node of this body with the same value.</summary>
    public (int Forward, int Body)[] Cached { get; init; } = [];
}

/// <summary>Adds body node <paramref name="Node"/> into the gradient at the index gather leaf <paramref name="Gather"/> reads.</summary>
internal readonly record struct Scatter(int Node, int Gather);
