namespace ExprGrad.Pictures;

/// <summary>
/// The order of the vertices within each layer: barycenter sweeps that keep the arrangement with the fewest
/// edge crossings seen (edges join adjacent layers only: long edges were cut at dummy vertices).
/// </summary>
internal static class Ordering
{
    public static List<int>[] Arrange(int count, int layers, IReadOnlyList<int> layerOf, IReadOnlyList<int> group, List<int>[] up, List<int>[] down, int sweeps)
    {
        var order = new List<int>[layers];
        for (int l = 0; l < layers; l++) order[l] = [];
        for (int v = 0; v < count; v++) order[layerOf[v]].Add(v);
        int[] position = new int[count];
        foreach (List<int> layer in order) KeepGroupsTogether(layer, group);
        Renumber(order, position);

        List<int>[] best = Copy(order);
        long fewest = Crossings(order, position, down);
        for (int s = 0; s < sweeps && fewest > 0; s++)
        {
            for (int l = 1; l < layers; l++) { SortByBarycenter(order[l], position, up); KeepGroupsTogether(order[l], group); }
            Renumber(order, position);
            for (int l = layers - 2; l >= 0; l--) { SortByBarycenter(order[l], position, down); KeepGroupsTogether(order[l], group); }
            Renumber(order, position);
            long crossings = Crossings(order, position, down);
            if (crossings < fewest) { fewest = crossings; best = Copy(order); }
        }
        return best;
    }

    /// <summary>Stable sort by the mean position of the neighbours in the adjacent layer; a vertex without any keeps its place.</summary>
    private static void SortByBarycenter(List<int> layer, int[] position, List<int>[] neighbours)
    {
        var keyed = new (double Key, int Index, int Vertex)[layer.Count];
        for (int i = 0; i < layer.Count; i++)
        {
            int v = layer[i];
            double key = neighbours[v].Count == 0 ? i : neighbours[v].Average(u => (double)position[u]);
            keyed[i] = (key, i, v);
        }
        Array.Sort(keyed, (a, b) => a.Key != b.Key ? a.Key.CompareTo(b.Key) : a.Index.CompareTo(b.Index));
        for (int i = 0; i < layer.Count; i++) layer[i] = keyed[i].Vertex;
    }

    /// <summary>Moves each group's vertices next to each other, at the mean place of the group (stable otherwise).</summary>
    private static void KeepGroupsTogether(List<int> layer, IReadOnlyList<int> group)
    {
        var place = new Dictionary<int, (double Sum, int Count)>();
        for (int i = 0; i < layer.Count; i++)
            if (group[layer[i]] >= 0)
            {
                var (sum, count) = place.GetValueOrDefault(group[layer[i]]);
                place[group[layer[i]]] = (sum + i, count + 1);
            }
        if (place.Count == 0) return;
        var keyed = layer.Select((v, i) => (Key: group[v] >= 0 ? place[group[v]].Sum / place[group[v]].Count : i, Group: group[v], Index: i, Vertex: v)).ToArray();
        Array.Sort(keyed, (a, b) => a.Key != b.Key ? a.Key.CompareTo(b.Key) : a.Group != b.Group ? a.Group.CompareTo(b.Group) : a.Index.CompareTo(b.Index));
        for (int i = 0; i < layer.Count; i++) layer[i] = keyed[i].Vertex;
    }

    private static void Renumber(List<int>[] order, int[] position)
    {
        foreach (List<int> layer in order)
            for (int i = 0; i < layer.Count; i++) position[layer[i]] = i;
    }

    /// <summary>
    /// Pairs of edges between adjacent layers whose ends are in opposite orders: with the links sorted by their
    /// upper end, the inversions among their lower ends, counted with a Fenwick tree in O(E log V).
    /// </summary>
    private static long Crossings(List<int>[] order, int[] position, List<int>[] down)
    {
        long crossings = 0;
        var links = new List<(int From, int To)>();
        for (int l = 0; l + 1 < order.Length; l++)
        {
            links.Clear();
            foreach (int u in order[l]) foreach (int v in down[u]) links.Add((position[u], position[v]));
            links.Sort();
            var tree = new int[order[l + 1].Count + 1];
            int seen = 0;
            foreach (var (_, to) in links)
            {
                // Links seen so far (upper end before or equal) whose lower end lies strictly after this one's.
                int atMost = 0;
                for (int i = to + 1; i > 0; i -= i & -i) atMost += tree[i];
                crossings += seen - atMost;
                for (int i = to + 1; i < tree.Length; i += i & -i) tree[i]++;
                seen++;
            }
        }
        return crossings;
    }

    private static List<int>[] Copy(List<int>[] order) => [.. order.Select(layer => new List<int>(layer))];
}
