using System.Runtime.CompilerServices;
using ExprGrad.Tracer;

namespace ExprGrad.Compiler;

/// <summary>What loop recovery needs to know about a graph's nodes: use counts and shapes.</summary>
/// <remarks>
/// The passes over a whole trace (these, finding chains and runs, verifying terms, building nodes) run once or a few
/// times per compile over ~170,000 nodes for a 10,000-iteration loop: as tier-0 code (then OSR) they made a process's
/// first compiles several times slower than later ones (perf/RESULTS.md §2, "Compile + first call of a recovered
/// loop"). They are marked to be compiled optimised at once; nothing they do runs per call of a compiled gradient.
/// </remarks>
internal static class GraphFacts
{
    /// <summary>How many times each node is read: by other nodes, by loops (captures, initial values) and as <paramref name="outputs"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)] // see GraphFacts
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
    [MethodImpl(MethodImplOptions.AggressiveOptimization)] // see GraphFacts
    public static ulong[] Shapes(Graph g, EntryResolver entries)
    {
        var shape = new ulong[g.Count];
        for (int k = 0; k < g.Count; k++)
        {
            Node node = g[k];
            ulong h;
            if (node.Kind == NodeKind.Constant) h = 0x9E3779B97F4A7C15;
            else if (entries.EntryOf(k) is { } entry) h = Mix(0xC2B2AE3D27D4EB4F, (ulong)entry.Vector);
            else if (node.Kind == NodeKind.Gather) h = Mix(Mix(0x165667B19E3779F9, (ulong)node.GatherVector), (ulong)node.GatherScale);
            else if (node.Kind == NodeKind.Loop) h = Mix(0x27D4EB2F165667C5, (ulong)g.LoopOf(k).Count);
            else if (node.Kind == NodeKind.Capture) h = Mix(0x85EBCA77C2B2AE63, (ulong)node.CaptureIndex);
            else if (node.Kind == NodeKind.Extract) h = Mix(Mix(0x94D049BB133111EB, shape[node.ExtractLoop]), (ulong)node.ExtractComponent);
            else if (node.Kind != NodeKind.Operation) h = Mix(0xBF58476D1CE4E5B9, (ulong)node.Kind);
            else
            {
                h = Mix((ulong)node.Op.GetHashCode(), (ulong)BitConverter.DoubleToInt64Bits(node.Parameter));
                ulong a = Of(shape, node.Operand(0)), b = Of(shape, node.Operand(1)), c = Of(shape, node.Operand(2));
                if (node.Op.IsCommutative && a > b) (a, b) = (b, a);
                h = Mix(Mix(Mix(h, a), b), c);
            }
            shape[k] = h;
        }
        return shape;
    }

    private static ulong Of(ulong[] shape, int id) => id == Node.None ? 0 : shape[id];

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
    private const int Unknown = -2, NoEntry = -1;
    private readonly int[] vectors = Filled(g.Count, Unknown);
    private readonly int[] indices = new int[g.Count];

    /// <summary>(vector, index) of the entry node <paramref name="id"/> reads, or null (a computed value, a constant, a gather of a loop).</summary>
    public (int Vector, int Index)? EntryOf(int id)
    {
        // Asked for every node and again for every term's leaves: resolved once.
        if (vectors[id] == Unknown) (vectors[id], indices[id]) = Resolve(id) ?? (NoEntry, 0);
        return vectors[id] == NoEntry ? null : (vectors[id], indices[id]);
    }

    private static int[] Filled(int count, int value)
    {
        var array = new int[count];
        Array.Fill(array, value);
        return array;
    }

    private (int Vector, int Index)? Resolve(int id)
    {
        Graph graph = g;
        while (true)
        {
            Node node = graph[id];
            if (node.Kind == NodeKind.Input) return (0, node.InputIndex);
            if (node.Kind == NodeKind.Data) return (1, node.DataIndex);
            if (node.Kind != NodeKind.Capture) return null;
            if (ReferenceEquals(graph, g))
            {
                if (parent is null || captureTargets is null) return null;
                id = captureTargets[node.CaptureIndex];
                graph = parent;
            }
            else
            {
                if (graph.Parent is not Graph up) return null;
                id = graph.Captures[node.CaptureIndex];
                graph = up;
            }
        }
    }
}
