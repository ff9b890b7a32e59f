using ExprGrad.Tracer;

namespace ExprGrad.Compiler;

/// <summary>
/// Which tangents a program's outputs need, found walking back from them (loop bodies from what their loop must
/// produce: needed accumulators and every scatter). <see cref="ForwardTransform"/> adds to a loop only the tangent
/// accumulators needed (an unneeded one would still be summed at every iteration), and keeps an adjoint loop fused with
/// its forward loop when the forward loop's tangent is not needed (the fused loop then runs in its place as before).
/// </summary>
internal sealed class NeededTangents
{
    private readonly Dictionary<Graph, bool[]> nodes = new(ReferenceEqualityComparer.Instance);
    private readonly Dictionary<Loop, bool[]> components = new(ReferenceEqualityComparer.Instance);

    /// <summary>The tangents <paramref name="roots"/> of <paramref name="g"/>, and what scattering loops write, need.</summary>
    public static NeededTangents Of(Graph g, IEnumerable<int> roots)
    {
        var needs = new NeededTangents();
        needs.Walk(g, roots);
        return needs;
    }

    /// <summary>True when the tangent of node <paramref name="k"/> of <paramref name="g"/> is needed.</summary>
    public bool Node(Graph g, int k) => nodes.TryGetValue(g, out var need) && need[k];

    /// <summary>Which accumulators of <paramref name="loop"/> need their tangent.</summary>
    public bool[] Components(Loop loop) => components.TryGetValue(loop, out var c) ? c : new bool[loop.Accumulate.Length];

    // Recursion is over loop nesting only (a body is walked once per loop), never over the graph.
    private void Walk(Graph g, IEnumerable<int> roots)
    {
        var need = new bool[g.Count];
        foreach (int r in roots) if (r != Tracer.Node.None) need[r] = true;
        var wanted = new Dictionary<int, bool[]>(); // loop node -> components whose tangent an extract needs
        for (int k = g.Count - 1; k >= 0; k--)
        {
            Node n = g[k];
            switch (n.Kind)
            {
                case NodeKind.Operation when need[k]:
                    for (int i = 0; i < n.Op.Arity; i++)
                        if (n.Op.HasPartial(i) && n.Operand(i) != Tracer.Node.None) need[n.Operand(i)] = true;
                    break;
                case NodeKind.Call when need[k]: // a black box: its value and partials need every argument's tangent
                    foreach (int a in g.CallOf(k).Arguments) need[a] = true;
                    break;
                case NodeKind.Extract when need[k]:
                    Wanted(wanted, g, n.ExtractLoop)[n.ExtractComponent] = true;
                    break;
                case NodeKind.Loop:
                    Loop loop = g.LoopOf(k);
                    bool[] c = Wanted(wanted, g, k);
                    if (need[k] && c.Length > 0) c[0] = true;
                    components[loop] = c;
                    if (loop.Initial != Tracer.Node.None && c.Length > loop.InitialAccumulator && c[loop.InitialAccumulator]) need[loop.Initial] = true;
                    if (!c.Contains(true) && loop.Scatters.Length == 0 && loop.Effects.Length == 0) break;
                    Walk(loop.Body, [.. loop.Accumulate.Where((_, j) => c[j]), .. loop.Scatters.Select(s => s.Node)]);
                    bool[] inner = nodes[loop.Body];
                    for (int b = 0; b < inner.Length; b++)
                        if (inner[b] && loop.Body[b].Kind == NodeKind.Capture) need[loop.Captures[loop.Body[b].CaptureIndex]] = true;
                    break;
            }
        }
        nodes[g] = need;
    }

    private static bool[] Wanted(Dictionary<int, bool[]> wanted, Graph g, int loopNode)
    {
        if (!wanted.TryGetValue(loopNode, out var c)) wanted[loopNode] = c = new bool[g.LoopOf(loopNode).Accumulate.Length];
        return c;
    }
}
