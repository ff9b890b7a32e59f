namespace ExprGrad.Pictures;

/// <summary>
/// A small layered (Sugiyama-style) layout, left to right: data flows from the inputs on the left to the output
/// on the right, as in the lecture's drawings.
/// </summary>
/// <remarks>
/// <list type="number">
/// <item>Layers: longest path from the sources (each node one layer right of its furthest operand). A source
/// that is not pinned to the first layer (a constant) moves right, next to its first user.</item>
/// <item>Long edges: an edge spanning k layers gets k - 1 dummy points, so it is ordered like a chain of short
/// edges and bends around the nodes between.</item>
/// <item>Order within a layer: barycenter sweeps (each node at the mean position of its neighbours in the layer
/// before, then after), keeping the order with the fewest crossings seen; crossings are counted pairwise between
/// adjacent layers, which is quadratic in their edges: fine for the few hundred nodes a picture is capped at.</item>
/// <item>Coordinates: layers are columns as wide as their widest node, spaced to fit the edge labels; within a
/// column, nodes move towards the mean height of their neighbours without overlapping or changing order.</item>
/// </list>
/// A cluster's nodes are kept together within each layer and spaced apart from other nodes, but layers are not
/// cluster-aware: a cluster box can still overlap a node that is not in it. Not done either: the network-simplex
/// ranking and priority placement of Graphviz's dot.
/// </remarks>
internal sealed class LayeredLayout
{
    private const double NodeGap = 18, DummyHeight = 8, MinLayerGap = 50;
    private const int Sweeps = 12, BalancePasses = 8;

    /// <summary>Top-left corner of each node.</summary>
    public double[] X { get; }
    public double[] Y { get; }

    /// <summary>For each edge, its points: the source's right middle, the dummy points, the target's left middle.</summary>
    public (double X, double Y)[][] Routes { get; }

    public double Width { get; }
    public double Height { get; }

    /// <param name="width">Node widths.</param>
    /// <param name="height">Node heights.</param>
    /// <param name="edges">Edges (from, to) between node indices; the graph must be acyclic.</param>
    /// <param name="pinned">Sources that stay in the first layer (inputs); other sources move next to their users.</param>
    /// <param name="labelWidth">Width of each edge's label (0 for none): the gap before the target's layer fits it.</param>
    /// <param name="group">Each node's top-level cluster, or -1: a cluster's nodes stay together within a layer, apart from others.</param>
    public LayeredLayout(double[] width, double[] height, (int From, int To)[] edges, bool[] pinned, double[] labelWidth, int[]? group = null)
    {
        int n = width.Length;
        if (n == 0) { X = Y = []; Routes = []; return; }
        int[] layer = Layers(n, edges, pinned);

        // Vertices: the nodes, then the dummy points of long edges.
        var w = new List<double>(width);
        var h = new List<double>(height);
        var vertexLayer = new List<int>(layer);
        var vertexGroup = new List<int>(group ?? Enumerable.Repeat(-1, n));
        var chains = new List<int>[edges.Length];
        for (int e = 0; e < edges.Length; e++)
        {
            var (from, to) = edges[e];
            chains[e] = [from];
            for (int l = layer[from] + 1; l < layer[to]; l++)
            {
                chains[e].Add(w.Count);
                w.Add(0);
                h.Add(DummyHeight);
                vertexLayer.Add(l);
                vertexGroup.Add(-1);
            }
            chains[e].Add(to);
        }
        int count = w.Count, layers = vertexLayer.Max() + 1;
        var up = new List<int>[count];
        var down = new List<int>[count];
        for (int v = 0; v < count; v++) { up[v] = []; down[v] = []; }
        foreach (List<int> chain in chains)
            for (int k = 1; k < chain.Count; k++) { down[chain[k - 1]].Add(chain[k]); up[chain[k]].Add(chain[k - 1]); }

        List<int>[] order = Ordering.Arrange(count, layers, vertexLayer, vertexGroup, up, down, Sweeps);

        // Columns: widest node, then a gap that fits the labels of the edges ending in the next column.
        var columnX = new double[layers];
        var columnWidth = new double[layers];
        var gap = new double[layers];
        for (int e = 0; e < edges.Length; e++)
            gap[layer[edges[e].To]] = Math.Max(gap[layer[edges[e].To]], labelWidth[e]);
        double x = 0;
        for (int l = 0; l < layers; l++)
        {
            if (l > 0) x += Math.Max(MinLayerGap, gap[l] + 24);
            columnX[l] = x;
            columnWidth[l] = order[l].Count == 0 ? 0 : order[l].Max(v => w[v]);
            x += columnWidth[l];
        }

        double[] centre = Vertical.Place(order, h, vertexGroup, up, down, NodeGap, BalancePasses);
        double top = double.MaxValue, bottom = double.MinValue;
        for (int v = 0; v < count; v++) { top = Math.Min(top, centre[v] - h[v] / 2); bottom = Math.Max(bottom, centre[v] + h[v] / 2); }

        X = new double[n];
        Y = new double[n];
        for (int v = 0; v < n; v++)
        {
            X[v] = columnX[layer[v]];
            Y[v] = centre[v] - h[v] / 2 - top;
        }
        Routes = new (double, double)[edges.Length][];
        for (int e = 0; e < edges.Length; e++)
        {
            List<int> chain = chains[e];
            var route = new List<(double, double)> { (X[chain[0]] + width[chain[0]], centre[chain[0]] - top) };
            // A dummy point crosses its column straight, at the height the ordering reserved for it.
            for (int k = 1; k < chain.Count - 1; k++)
            {
                int l = vertexLayer[chain[k]];
                route.Add((columnX[l], centre[chain[k]] - top));
                route.Add((columnX[l] + columnWidth[l], centre[chain[k]] - top));
            }
            route.Add((X[chain[^1]], centre[chain[^1]] - top));
            Routes[e] = [.. route];
        }
        Width = x;
        Height = bottom - top;
    }

    /// <summary>Longest path from the sources, by Kahn's algorithm (no recursion); unpinned sources move right.</summary>
    private static int[] Layers(int n, (int From, int To)[] edges, bool[] pinned)
    {
        var users = new List<int>[n];
        int[] pending = new int[n];
        for (int v = 0; v < n; v++) users[v] = [];
        foreach (var (from, to) in edges) { users[from].Add(to); pending[to]++; }
        bool[] source = [.. pending.Select(p => p == 0)];
        int[] layer = new int[n];
        var ready = new Queue<int>(Enumerable.Range(0, n).Where(v => pending[v] == 0));
        int placed = 0;
        while (ready.Count > 0)
        {
            int v = ready.Dequeue();
            placed++;
            foreach (int u in users[v])
            {
                layer[u] = Math.Max(layer[u], layer[v] + 1);
                if (--pending[u] == 0) ready.Enqueue(u);
            }
        }
        if (placed != n) throw new InvalidOperationException("A picture's edges must not form a cycle.");
        for (int v = 0; v < n; v++)
            if (!pinned[v] && source[v] && users[v].Count > 0)
                layer[v] = users[v].Min(u => layer[u]) - 1;
        return layer;
    }
}
