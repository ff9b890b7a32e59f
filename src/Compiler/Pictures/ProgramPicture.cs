using ExprGrad.Explain;
using ExprGrad.Compiler;
using ExprGrad.Tracer;
using static System.FormattableString;

namespace ExprGrad.Pictures;

/// <summary>
/// The fused forward-plus-reverse program of a compiled gradient as a <see cref="Picture"/>: forward and adjoint
/// nodes told apart, each loop a box (cluster) holding its body, with its sums as nodes outside. Constants are
/// written into the labels that use them; a loop body's captured values are edges from the outer nodes. Graphs are
/// walked with a queue of bodies (no recursion); the picture caps itself past <see cref="Picture.MaxNodes"/> nodes.
/// </summary>
internal sealed class ProgramPicture
{
    private readonly Picture picture;
    private readonly Dictionary<(Graph, int), int> drawn = [];
    private readonly List<((Graph, int) From, (Graph, int) To)> edges = [];
    private readonly Queue<Item> pending = new();
    private readonly Dictionary<Graph, Item> items = new(ReferenceEqualityComparer.Instance);

    /// <summary>A graph to draw: its live nodes, where they go, how they are named and which are adjoints.</summary>
    private sealed record Item(Graph Graph, bool[] Live, int Cluster, string Prefix, int AdjointFrom, Graph? Outer, IReadOnlyDictionary<int, string> Names);

    private ProgramPicture(string title) => picture = new Picture(title);

    /// <summary>The picture of <paramref name="program"/>, whose nodes below <paramref name="forwardCount"/> are the forward program.</summary>
    public static Picture Of(GradientProgram program, int forwardCount)
    {
        Graph g = program.Graph;
        var builder = new ProgramPicture(Invariant($"value and gradient of {g.InputCount} inputs: forward nodes, then adjoint nodes (v7_bar = d value / d v7); loops are boxes"));
        bool[] live = Liveness.From(g, [program.Value, .. program.Gradient, .. program.Effects]);
        builder.Enqueue(new Item(g, live, -1, "", forwardCount, null, program.Names));
        var outputs = new Dictionary<int, string> { [program.Value] = "value" };
        for (int i = 0; i < program.Gradient.Length; i++)
            outputs[program.Gradient[i]] = outputs.TryGetValue(program.Gradient[i], out string? s) ? Invariant($"{s}, gradient[{i}]") : Invariant($"gradient[{i}]");
        while (builder.pending.TryDequeue(out Item? item)) builder.Draw(item, item.Outer is null ? outputs : null);
        foreach (var (from, to) in builder.edges)
            if (builder.drawn.TryGetValue(from, out int a) && builder.drawn.TryGetValue(to, out int b)) builder.picture.AddEdge(new PictureEdge(a, b));
        return builder.picture;
    }

    private void Draw(Item item, Dictionary<int, string>? outputs)
    {
        Graph g = item.Graph;
        for (int k = 0; k < g.Count; k++)
        {
            if (!item.Live[k]) continue;
            Node n = g[k];
            switch (n.Kind)
            {
                case NodeKind.Constant:
                    continue; // written into its users' labels
                case NodeKind.Capture:
                    continue; // an edge from the outer node to each user
                case NodeKind.Loop:
                    DrawLoop(item, k);
                    continue;
            }
            PictureRole role = n.Kind is NodeKind.Input or NodeKind.Data or NodeKind.Gather ? PictureRole.Input
                : n.Kind == NodeKind.Extract ? PictureRole.Loop : k >= item.AdjointFrom ? PictureRole.Adjoint : PictureRole.Forward;
            string label = Label(item, k);
            if (outputs is not null && outputs.TryGetValue(k, out string? output))
            {
                label += $"  → {output}";
                if (output.StartsWith("value", StringComparison.Ordinal)) role = PictureRole.Output;
            }
            drawn[(g, k)] = picture.AddNode(new PictureNode(label, role, Cluster: item.Cluster));
            foreach (int i in g.InputsOf(k)) Edge(item, i, k);
        }
    }

    /// <summary>A loop: its sum as a node where the loop stands, its body in a box of its own, drawn later.</summary>
    private void DrawLoop(Item item, int k)
    {
        Graph g = item.Graph;
        Loop loop = g.LoopOf(k);
        string name = Name(item, k);
        string kind = loop.AdjointFrom is null ? "sum" : "adjoint sum";
        string how = (loop.Fusion is { } f ? Invariant($", also computes {Name(item, f.ForwardLoop)}") : "")
            + (loop.Cache is { } c ? Invariant($", reads values {Name(item, c.ForwardLoop)} stored") : "")
            + (loop.Scatters.Length > 0 ? ", scatters into the gradient" : "");
        int cluster = picture.AddCluster(new PictureCluster(Invariant($"{name}: {kind} over i < {loop.Count}{how}"), item.Cluster));
        // A loop recovered from a plain C# loop starts from the value before it (Loop.Initial).
        string start = loop.Initial == Node.None ? "" : Name(item, loop.Initial) + " + ";
        drawn[(g, k)] = picture.AddNode(new PictureNode(Invariant($"{name} = {start}Σ"), PictureRole.Loop, Cluster: item.Cluster));
        if (loop.Initial != Node.None) Edge(item, loop.Initial, k);
        bool[] live = Liveness.InBody(loop);
        Enqueue(new Item(loop.Body, live, cluster, Invariant($"b{name}_"), loop.AdjointFrom ?? int.MaxValue, g, new Dictionary<int, string>()));
        edges.Add(((loop.Body, loop.Accumulate[0]), (g, k)));
        for (int e = k + 1; e < g.Count; e++)
            if (g[e].Kind == NodeKind.Extract && g[e].ExtractLoop == k) edges.Add(((loop.Body, loop.Accumulate[g[e].ExtractComponent]), (g, e)));
    }

    private void Enqueue(Item item)
    {
        items[item.Graph] = item;
        pending.Enqueue(item);
    }

    /// <summary>An edge from node <paramref name="from"/> (for a captured value: from the outer node) to user <paramref name="to"/>.</summary>
    private void Edge(Item item, int from, int to)
    {
        if (item.Graph[to].Kind == NodeKind.Extract) return; // drawn from the loop body's accumulator
        (Graph graph, int node) = Source(item.Graph, from);
        if (graph[node].Kind != NodeKind.Constant) edges.Add(((graph, node), (item.Graph, to)));
    }

    /// <summary>The node a value is: a capture leaf is the outer node it reads (through every level of nesting).</summary>
    private (Graph, int) Source(Graph g, int k)
    {
        while (g[k].Kind == NodeKind.Capture) (g, k) = (items[g].Outer!, g.Captures[g[k].CaptureIndex]);
        return (g, k);
    }

    private string Label(Item item, int k)
    {
        Graph g = item.Graph;
        Node n = g[k];
        string name = Name(item, k);
        string Operand(int i) => Name(item, i);
        return n.Kind switch
        {
            NodeKind.Input or NodeKind.Data or NodeKind.Gather => name,
            NodeKind.Extract => Invariant($"{name} = Σ{n.ExtractComponent}"),
            NodeKind.Call => $"{name} = {g.CallOf(k).Function.Describe(g.CallOf(k).Component)}({string.Join(", ", g.CallOf(k).Arguments.Select(Operand))})",
            _ => $"{name} = {StepText.Fill(n.Op.Notation, [.. Enumerable.Range(0, n.Op.Arity).Select(i => Operand(n.Operand(i)))], name, n.Parameter)}",
        };
    }

    /// <summary>
    /// A node's name as the generated code writes it (x0, v7, v7_bar, bv12_v3 in loop v12's body); a constant's value; what
    /// a leaf reads (data[3], x[i + 1]).
    /// </summary>
    private string Name(Item item, int k)
    {
        (Graph g, k) = Source(item.Graph, k);
        item = items[g];
        Node n = g[k];
        if (n.Kind == NodeKind.Constant) return StepText.Operand(n.ConstantValue);
        if (n.Kind == NodeKind.Input) return Invariant($"x{n.InputIndex}");
        if (n.Kind == NodeKind.Data) return Invariant($"data[{n.DataIndex}]");
        if (n.Kind == NodeKind.Gather) return Invariant($"{(n.GatherVector == 0 ? "x" : "data")}[{Affine(n.GatherScale, n.GatherOffset)}]");
        return item.Prefix + (item.Names.TryGetValue(k, out string? hint) ? hint : Invariant($"v{k}"));
    }

    private static string Affine(int scale, int offset)
        => (scale == 1 ? "i" : Invariant($"{scale}i")) + (offset > 0 ? Invariant($" + {offset}") : offset < 0 ? Invariant($" - {-offset}") : "");
}
