namespace ExprGrad.Pictures;

/// <summary>What a node of a picture stands for; the writers colour and outline each role differently.</summary>
internal enum PictureRole
{
    Input,
    Constant,
    Forward,
    Adjoint,
    Output,
    Loop,
    /// <summary>Many nodes drawn as one box because the picture outgrew its cap.</summary>
    Collapsed,
}

/// <summary>A node: its label (first line), role, and the numbers known about it.</summary>
/// <param name="Label">What the node computes, e.g. "U1 = W * x".</param>
/// <param name="Role">Input, constant, forward op, adjoint, output, loop or collapsed group.</param>
/// <param name="Value">Its value where known.</param>
/// <param name="Adjoint">Its adjoint (d output / d node) where known.</param>
/// <param name="Cluster">The innermost cluster it belongs to, or -1.</param>
internal sealed record PictureNode(string Label, PictureRole Role, double? Value = null, double? Adjoint = null, int Cluster = -1);

/// <summary>An edge from an operand to the node that uses it, with an optional label such as the local partial.</summary>
internal sealed record PictureEdge(int From, int To, string? Label = null);

/// <summary>A group of nodes drawn in one box, e.g. a loop body; <paramref name="Parent"/> is -1 at the top.</summary>
internal sealed record PictureCluster(string Label, int Parent = -1);

/// <summary>
/// A neutral picture of a computational graph (nodes, edges, clusters, notes), written out as Graphviz DOT
/// (<see cref="DotWriter"/>) or as an SVG laid out here (<see cref="SvgWriter"/>). Graphs beyond
/// <see cref="MaxNodes"/> nodes are drawn collapsed (<see cref="PictureCap"/>), and the picture says so.
/// </summary>
internal sealed class Picture(string title)
{
    /// <summary>
    /// Past this many nodes a picture is collapsed: an SVG of 300 boxes is already a poster, and the layout's
    /// crossing count is quadratic in the edges between two layers.
    /// </summary>
    public const int MaxNodes = 300;

    private readonly List<PictureNode> nodes = [];
    private readonly List<PictureEdge> edges = [];
    private readonly List<PictureCluster> clusters = [];
    private readonly List<string> notes = [];

    /// <summary>The heading drawn above the graph.</summary>
    public string Title { get; } = title;

    public IReadOnlyList<PictureNode> Nodes => nodes;
    public IReadOnlyList<PictureEdge> Edges => edges;
    public IReadOnlyList<PictureCluster> Clusters => clusters;

    /// <summary>Lines printed under the title (e.g. what was collapsed).</summary>
    public IReadOnlyList<string> Notes => notes;

    public int AddNode(PictureNode node)
    {
        if (node.Cluster >= clusters.Count) throw new ArgumentOutOfRangeException(nameof(node), node.Cluster, "No such cluster.");
        nodes.Add(node);
        return nodes.Count - 1;
    }

    public void AddEdge(PictureEdge edge)
    {
        if ((uint)edge.From >= (uint)nodes.Count || (uint)edge.To >= (uint)nodes.Count)
            throw new ArgumentOutOfRangeException(nameof(edge), edge, "An edge must join two existing nodes.");
        edges.Add(edge);
    }

    public int AddCluster(PictureCluster cluster)
    {
        if (cluster.Parent >= clusters.Count) throw new ArgumentOutOfRangeException(nameof(cluster), cluster.Parent, "No such parent cluster.");
        clusters.Add(cluster);
        return clusters.Count - 1;
    }

    public void AddNote(string note) => notes.Add(note);

    /// <summary>Graphviz DOT of this picture (collapsed past <paramref name="maxNodes"/> nodes).</summary>
    public string ToDot(int maxNodes = MaxNodes) => DotWriter.Write(PictureCap.Apply(this, maxNodes));

    /// <summary>An SVG of this picture, laid out by <see cref="LayeredLayout"/> (collapsed past <paramref name="maxNodes"/> nodes).</summary>
    public string ToSvg(int maxNodes = MaxNodes) => SvgWriter.Write(PictureCap.Apply(this, maxNodes));
}
