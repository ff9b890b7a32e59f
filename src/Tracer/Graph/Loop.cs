namespace ExprGrad.Tracer;

/// <summary>
/// A loop of a graph: <see cref="Count"/> iterations of <see cref="Body"/>, a graph nested in the one holding
/// the loop node. <see cref="Captures"/> are the outer nodes the body reads (capture leaf j reads
/// <c>Captures[j]</c>). Each iteration adds body node <c>Accumulate[j]</c> into accumulator j (the loop node's
/// value is accumulator 0; an extract node reads the others) and adds each scatter's body node into the
/// gradient entry its gather leaf reads. Only the structure: how loops are differentiated, fused, cached and
/// emitted is in src/Compiler/Loops.
/// </summary>
internal sealed record Loop(Graph Body, int Count, int[] Captures, int[] Accumulate, Scatter[] Scatters)
{
    /// <summary>
    /// The node of the enclosing graph the loop's sum starts from (<see cref="Node.None"/>: from +0.0, as a
    /// <see cref="ExprGrad.Scalar.Sum"/> does): accumulator <see cref="InitialAccumulator"/>. A loop recovered from
    /// <c>s = s0; for (...) s += term;</c> starts from <c>s0</c>, so it adds the same numbers in the same order.
    /// </summary>
    public int Initial { get; init; } = Node.None;

    /// <summary>The accumulator that starts from <see cref="Initial"/>: 0, or a fused adjoint loop's forward sum.</summary>
    public int InitialAccumulator => Fusion?.Component ?? 0;

    /// <summary>Body nodes run for their effect only: nested loops that scatter into the gradient.</summary>
    public int[] Effects { get; init; } = [];

    /// <summary>
    /// For an adjoint loop that also computes its forward loop's sum: it runs in the forward loop's place (forward
    /// and reverse of each iteration share one loop). Null for every other loop.
    /// </summary>
    public LoopFusion? Fusion { get; init; }

    /// <summary>
    /// For an adjoint loop that runs after its forward loop: the forward values it may read from that loop's
    /// iterations instead of recomputing them. Null when there are none. The code generator decides whether
    /// they are kept (it needs both loops live and room in the workspace).
    /// </summary>
    public LoopCache? Cache { get; init; }

    /// <summary>
    /// For an adjoint loop: its first body node of the reverse sweep (the nodes before it recompute the forward body).
    /// Null for a forward loop. Only pictures of the program read it.
    /// </summary>
    public int? AdjointFrom { get; init; }
}

/// <summary>Adds body node <paramref name="Node"/> into the gradient at the index gather leaf <paramref name="Gather"/> reads.</summary>
internal readonly record struct Scatter(int Node, int Gather);

/// <summary>
/// The fused adjoint loop computes loop node <paramref name="ForwardLoop"/>'s value as its accumulator <paramref name="Component"/>.
/// </summary>
internal sealed record LoopFusion(int ForwardLoop, int Component);

/// <summary>
/// The values an adjoint loop may read from forward loop node <paramref name="ForwardLoop"/> (of the same graph):
/// pairs of a node of the forward loop's body and the node of the adjoint body with the same value.
/// </summary>
internal sealed record LoopCache(int ForwardLoop, (int Forward, int Body)[] Values);
