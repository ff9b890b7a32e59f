using ExprGrad.Tracer;

namespace ExprGrad.Compiler;

/// <summary>
/// Rewrites the adjoint loops of one reverse sweep when a program holds several sweeps (the rows of a Jacobian): each
/// sweep's loops scatter into its own part of the output vector, and only one adjoint loop per forward loop may run in
/// the forward loop's place.
/// </summary>
internal static class ScatterRedirect
{
    /// <summary>Moves every scatter of loop node <paramref name="loopNode"/>, and of the loops nested in it that scatter, <paramref name="shift"/> entries on.</summary>
    public static void Shift(Graph g, int loopNode, int shift)
    {
        var pending = new Stack<(Graph Graph, int Node)>();
        pending.Push((g, loopNode));
        while (pending.TryPop(out var item))
        {
            Loop loop = item.Graph.LoopOf(item.Node);
            var scatters = new Scatter[loop.Scatters.Length];
            for (int j = 0; j < scatters.Length; j++)
            {
                Node index = loop.Body[loop.Scatters[j].Gather];
                scatters[j] = new Scatter(loop.Scatters[j].Node, loop.Body.OutputIndex(index.GatherScale, index.GatherOffset + shift));
            }
            item.Graph.ReplaceLoop(item.Graph[item.Node].LoopId, loop with { Scatters = scatters });
            foreach (int e in loop.Effects) pending.Push((loop.Body, e));
        }
    }

    /// <summary>
    /// Keeps the first adjoint loop fused with each forward loop of <paramref name="g"/>; later ones (other sweeps of the same
    /// loop) run after it, at their own place, and their copy of the forward sum goes unused.
    /// </summary>
    public static void KeepOneFusion(Graph g)
    {
        var fused = new HashSet<int>();
        for (int id = 0; id < g.Loops.Count; id++)
            if (g.Loops[id].Fusion is { } fusion && !fused.Add(fusion.ForwardLoop))
                g.ReplaceLoop(id, g.Loops[id] with { Fusion = null });
    }
}
