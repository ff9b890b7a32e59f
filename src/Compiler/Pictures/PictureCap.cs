using static System.FormattableString;

namespace ExprGrad.Pictures;

/// <summary>
/// Keeps large pictures readable: past the cap, each top-level cluster (a loop body) becomes one box; if that is
/// not enough, the nodes computed last before the output are kept and the earlier ones drawn as one box. A note
/// says what was done.
/// </summary>
internal static class PictureCap
{
    public static Picture Apply(Picture picture, int maxNodes)
    {
        if (maxNodes < 2) throw new ArgumentOutOfRangeException(nameof(maxNodes), maxNodes, "A picture needs room for at least 2 nodes.");
        if (picture.Nodes.Count <= maxNodes) return picture;
        Picture result = picture.Clusters.Count > 0 ? CollapseClusters(picture) : picture;
        // A cluster whose value flows out and back in would make the collapsed picture cyclic: then do not collapse.
        if (TopologicalOrder(result).Count < result.Nodes.Count) result = picture;
        return result.Nodes.Count <= maxNodes ? result : KeepNearestOutputs(result, maxNodes);
    }

    private static Picture CollapseClusters(Picture picture)
    {
        int[] top = new int[picture.Clusters.Count];
        for (int c = 0; c < top.Length; c++)
        {
            int root = c;
            while (picture.Clusters[root].Parent >= 0) root = picture.Clusters[root].Parent;
            top[c] = root;
        }
        int[] members = new int[top.Length];
        foreach (PictureNode node in picture.Nodes) if (node.Cluster >= 0) members[top[node.Cluster]]++;

        var nodes = new List<PictureNode>();
        var isGroup = new List<bool>();
        var groupOf = new int[top.Length];
        Array.Fill(groupOf, -1);
        int[] map = new int[picture.Nodes.Count];
        for (int i = 0; i < map.Length; i++)
        {
            PictureNode node = picture.Nodes[i];
            if (node.Cluster < 0) { map[i] = Add(nodes, isGroup, node, false); continue; }
            int root = top[node.Cluster];
            if (groupOf[root] < 0)
                groupOf[root] = Add(nodes, isGroup, new PictureNode(Invariant($"{picture.Clusters[root].Label} ({members[root]} nodes)"), PictureRole.Loop), true);
            map[i] = groupOf[root];
        }
        return Rebuild(picture, map, nodes, isGroup,
            Invariant($"{picture.Nodes.Count} nodes are more than a picture shows: each loop is drawn as one box."));
    }

    /// <summary>
    /// Keeps the last nodes, in topological order, among those the output depends on, and draws the earlier ones as
    /// one box. A kept node's users come after it, so they are kept too: edges only run from the box to kept nodes,
    /// and the picture stays acyclic. Nodes the output does not depend on are left out.
    /// </summary>
    private static Picture KeepNearestOutputs(Picture picture, int maxNodes)
    {
        int n = picture.Nodes.Count;
        var operands = new List<int>[n];
        for (int i = 0; i < n; i++) operands[i] = [];
        foreach (PictureEdge e in picture.Edges) operands[e.To].Add(e.From);
        var needed = new bool[n];
        var stack = new Stack<int>();
        for (int i = 0; i < n; i++) if (picture.Nodes[i].Role == PictureRole.Output) { needed[i] = true; stack.Push(i); }
        if (stack.Count == 0) { needed[n - 1] = true; stack.Push(n - 1); }
        while (stack.Count > 0)
            foreach (int u in operands[stack.Pop()])
                if (!needed[u]) { needed[u] = true; stack.Push(u); }

        int[] order = [.. TopologicalOrder(picture).Where(i => needed[i])];
        int dropped = n - order.Length, grouped = Math.Max(0, order.Length - (maxNodes - 1));
        var nodes = new List<PictureNode>();
        var isGroup = new List<bool>();
        int group = grouped == 0 ? -1
            : Add(nodes, isGroup, new PictureNode(Invariant($"{grouped} more nodes (inputs and earlier steps)"), PictureRole.Collapsed), true);
        int[] map = new int[n];
        Array.Fill(map, -1);
        for (int k = 0; k < order.Length; k++) map[order[k]] = k < grouped ? group : -2;
        for (int i = 0; i < n; i++) if (map[i] == -2) map[i] = Add(nodes, isGroup, picture.Nodes[i], false);
        string note = Invariant($"{n} nodes are more than a picture shows: drawn are the {order.Length - grouped} computed last before the output")
            + (grouped > 0 ? Invariant($"; the {grouped} before them are one box") : "")
            + (dropped > 0 ? Invariant($"; {dropped} the output does not depend on are left out") : "") + ".";
        return Rebuild(picture, map, nodes, isGroup, note);
    }

    /// <summary>Kahn's order of the picture's nodes (ties by index); shorter than the node count when the edges form a cycle.</summary>
    private static List<int> TopologicalOrder(Picture picture)
    {
        int n = picture.Nodes.Count;
        var users = new List<int>[n];
        int[] pending = new int[n];
        for (int i = 0; i < n; i++) users[i] = [];
        foreach (PictureEdge e in picture.Edges) { users[e.From].Add(e.To); pending[e.To]++; }
        var ready = new PriorityQueue<int, int>();
        for (int i = 0; i < n; i++) if (pending[i] == 0) ready.Enqueue(i, i);
        var order = new List<int>(n);
        while (ready.TryDequeue(out int v, out _))
        {
            order.Add(v);
            foreach (int u in users[v]) if (--pending[u] == 0) ready.Enqueue(u, u);
        }
        return order;
    }

    private static int Add(List<PictureNode> nodes, List<bool> isGroup, PictureNode node, bool group)
    {
        nodes.Add(node);
        isGroup.Add(group);
        return nodes.Count - 1;
    }

    /// <summary>The picture with node i moved to <paramref name="map"/>[i] (-1: left out); edges into or out of a group are merged.</summary>
    private static Picture Rebuild(Picture source, int[] map, List<PictureNode> nodes, List<bool> isGroup, string note)
    {
        var result = new Picture(source.Title);
        foreach (PictureCluster cluster in source.Clusters) result.AddCluster(cluster);
        foreach (string line in source.Notes) result.AddNote(line);
        result.AddNote(note);
        foreach (PictureNode node in nodes) result.AddNode(node);
        var merged = new HashSet<(int, int)>();
        foreach (PictureEdge e in source.Edges)
        {
            int from = map[e.From], to = map[e.To];
            if (from == to || from < 0 || to < 0) continue;
            bool grouped = isGroup[from] || isGroup[to];
            if (grouped && !merged.Add((from, to))) continue;
            result.AddEdge(new PictureEdge(from, to, grouped ? null : e.Label));
        }
        return result;
    }
}
