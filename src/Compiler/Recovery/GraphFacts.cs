using ExprGrad.Ops;
using ExprGrad.Tracer;

namespace ExprGrad.Compiler.Recovery;

/// <summary>What loop recovery needs to know about a graph's nodes: use counts, where a leaf reads, shapes.</summary>
internal static class GraphFacts
{
    /// <summary>No node.</summary>
    public const int None = -1;

    /// <summary>How many times each node is read: by other nodes, by loops (captures, initial values) and as <paramref name="outputs"/>.</summary>
    public static int[] Uses(Graph g, IEnumerable<int> outputs)
    {
        var uses = new int[g.Count];
        for (int k = 0; k < g.Count; k++)
            foreach (int i in g.InputsOf(k)) uses[i]++;
        foreach (int o in outputs) uses[o]++;
        return uses;
    }

    /// <summary>
    /// A hash of each node's shape: ops and parameters, with leaves reduced to their kind (an input entry, a data
    /// entry, a constant, another leaf), and a commutative op's operands unordered. Equal computations on other
    /// entries have equal shapes, so the term matcher can pair the operands of an add whose order hash-consing chose.
    /// </summary>
    public static ulong[] Shapes(Graph g, EntryResolver entries)
    {
        var shape = new ulong[g.Count];
        for (int k = 0; k < g.Count; k++)
        {
            Node node = g[k];
            ulong h;
            if (node.Op == OpTable.Constant) h = 0x9E3779B97F4A7C15;
            else if (entries.EntryOf(k) is { } entry) h = Mix(0xC2B2AE3D27D4EB4F, (ulong)entry.Vector);
            else if (node.Op == OpTable.Gather) h = Mix(Mix(0x165667B19E3779F9, (ulong)node.A), (ulong)node.B);
            else if (node.Op == OpTable.Loop) h = Mix(0x27D4EB2F165667C5, (ulong)g.Loops[(int)node.Parameter].Count);
            else if (node.Op.Arity == 0) h = Mix(0x85EBCA77C2B2AE63, (ulong)(long)node.Parameter);
            else
            {
                h = Mix((ulong)node.Op.GetHashCode(), (ulong)BitConverter.DoubleToInt64Bits(node.Parameter));
                ulong a = shape[node.A], b = node.B >= 0 ? shape[node.B] : 0, c = node.C >= 0 ? shape[node.C] : 0;
                if (node.Op.IsCommutative && a > b) (a, b) = (b, a);
                h = Mix(Mix(Mix(h, a), b), c);
            }
            shape[k] = h;
        }
        return shape;
    }

    private static ulong Mix(ulong h, ulong v)
    {
        h ^= v + 0x9E3779B97F4A7C15 + (h << 6) + (h >> 2);
        h *= 0xFF51AFD7ED558CCD;
        return h ^ (h >> 33);
    }
}

/// <summary>
/// Which entry of the inputs (vector 0) or the data (vector 1) a node reads, following captures out to the top-level
/// graph. The first hop from the graph being recovered goes through <paramref name="captureTargets"/> into
/// <paramref name="parent"/> (the rebuilt enclosing graph), not through the old graph it was traced in: a capture
/// that read x[3] there may read a gathered entry now.
/// </summary>
internal sealed class EntryResolver(Graph g, Graph? parent, IReadOnlyList<int>? captureTargets)
{
    /// <summary>(vector, index) of the entry node <paramref name="id"/> reads, or null (a computed value, a constant, a gather of a loop).</summary>
    public (int Vector, int Index)? EntryOf(int id)
    {
        Graph graph = g;
        while (true)
        {
            Node node = graph[id];
            if (node.Op == OpTable.Input) return (0, (int)node.Parameter);
            if (node.Op == OpTable.Data) return (1, (int)node.Parameter);
            if (node.Op != OpTable.Capture) return null;
            if (ReferenceEquals(graph, g))
            {
                if (parent is null || captureTargets is null) return null;
                id = captureTargets[(int)node.Parameter];
                graph = parent;
            }
            else
            {
                if (graph.Parent is not Graph up) return null;
                id = graph.Captures[(int)node.Parameter];
                graph = up;
            }
        }
    }
}
