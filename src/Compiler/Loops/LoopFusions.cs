using ExprGrad.Tracer;

namespace ExprGrad.Compiler;

/// <summary>
/// Which adjoint loop runs in the place of which forward loop (an adjoint loop's <see cref="Loop.Fusion"/>), looked
/// up from the forward loop's node: the code generator defines the fused loop, and its extracts, where the forward
/// loop stands. Indexed once per graph.
/// </summary>
internal sealed class LoopFusions
{
    private readonly Dictionary<Graph, Dictionary<int, (int Loop, int Component)>> byGraph = new(ReferenceEqualityComparer.Instance);

    /// <summary>The loop node that computes forward loop node <paramref name="forwardLoop"/> of <paramref name="g"/> in its place, if any.</summary>
    public bool TryGet(Graph g, int forwardLoop, out (int Loop, int Component) fusion) => Of(g).TryGetValue(forwardLoop, out fusion);

    /// <summary>Every fusion of <paramref name="g"/>: forward loop node, the loop node that runs in its place, and its component.</summary>
    public IEnumerable<(int Forward, int Loop, int Component)> In(Graph g) => Of(g).Select(f => (f.Key, f.Value.Loop, f.Value.Component));

    /// <summary>The loop that runs at loop node <paramref name="k"/>: its own, or the adjoint loop fused into it.</summary>
    public Loop LoopAt(Graph g, int k) => g.LoopOf(TryGet(g, k, out var fusion) ? fusion.Loop : k);

    /// <summary>True for a fused adjoint loop node: it runs in the place of an earlier forward loop.</summary>
    public static bool RunsEarly(Graph g, int loopNode) => g.LoopOf(loopNode).Fusion is not null;

    private Dictionary<int, (int Loop, int Component)> Of(Graph g)
    {
        if (byGraph.TryGetValue(g, out var fusions)) return fusions;
        fusions = [];
        for (int id = 0; id < g.Loops.Count; id++)
            if (g.Loops[id].Fusion is { } fusion) fusions.Add(fusion.ForwardLoop, (g.LoopNodes[id], fusion.Component));
        return byGraph[g] = fusions;
    }
}
