namespace ExprGrad.Pictures;

/// <summary>
/// Heights within the columns: each vertex moves towards the mean height of its neighbours, then the column is
/// pushed apart to keep the gap and order, and shifted back so that on average it sits where it wanted to.
/// </summary>
internal static class Vertical
{
    // Room between a cluster's nodes and others in the same column: the box's padding and its label.
    private const double ClusterGap = 34;

    public static double[] Place(List<int>[] order, IReadOnlyList<double> height, IReadOnlyList<int> group, List<int>[] up, List<int>[] down,
        double gap, int passes)
    {
        double[] centre = new double[height.Count];
        foreach (List<int> layer in order)
        {
            double y = 0;
            for (int i = 0; i < layer.Count; i++)
            {
                if (i > 0) y += Separation(layer[i - 1], layer[i], height, group, gap);
                centre[layer[i]] = y;
            }
            foreach (int v in layer) centre[v] -= y / 2;   // columns start centred on one line
        }
        for (int pass = 0; pass < passes; pass++)
        {
            bool downward = pass % 2 == 0;
            for (int k = 0; k < order.Length; k++)
            {
                List<int> layer = order[downward ? k : order.Length - 1 - k];
                Settle(layer, centre, height, group, downward ? up : down, gap);
            }
        }
        return centre;
    }

    private static double Separation(int a, int b, IReadOnlyList<double> height, IReadOnlyList<int> group, double gap)
        => (height[a] + height[b]) / 2 + gap + (group[a] != group[b] ? ClusterGap : 0);

    private static void Settle(List<int> layer, double[] centre, IReadOnlyList<double> height, IReadOnlyList<int> group, List<int>[] neighbours, double gap)
    {
        if (layer.Count == 0) return;
        var wanted = new double[layer.Count];
        for (int i = 0; i < layer.Count; i++)
        {
            int v = layer[i];
            wanted[i] = neighbours[v].Count == 0 ? centre[v] : neighbours[v].Average(u => centre[u]);
        }
        double shift = 0;
        for (int i = 0; i < layer.Count; i++)
        {
            double y = wanted[i];
            if (i > 0) y = Math.Max(y, centre[layer[i - 1]] + Separation(layer[i - 1], layer[i], height, group, gap));
            centre[layer[i]] = y;
            shift += y - wanted[i];
        }
        shift /= layer.Count;
        foreach (int v in layer) centre[v] -= shift;
    }
}
