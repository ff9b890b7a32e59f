namespace ExprGrad.Compiler;

/// <summary>
/// Greedy graph colourings that compress a sparse Jacobian or Hessian (as ColPack and CasADi do): columns of one colour
/// are seeded together in one directional derivative and told apart again afterwards from the pattern.
/// </summary>
internal static class Colouring
{
    /// <summary>
    /// Colours the columns of a pattern (<paramref name="rows"/>[r] = the columns of row r) so that no row has two columns of
    /// one colour (a distance-2 colouring of the column intersection graph): then each entry of J·S, S seeding colour c,
    /// is one entry of J. Null when it would cost more than <paramref name="budget"/> steps (use one colour per column).
    /// </summary>
    public static int[]? Columns(int[][] rows, int columns, long budget)
    {
        long work = 0;
        foreach (int[] row in rows) work += (long)row.Length * row.Length;
        if (work > budget) return null;
        var rowsOf = new List<int>[columns];
        for (int r = 0; r < rows.Length; r++)
            foreach (int j in rows[r]) (rowsOf[j] ??= []).Add(r);
        var colour = new int[columns];
        Array.Fill(colour, -1);
        var forbidden = new int[columns + 1];
        Array.Fill(forbidden, -1);
        for (int j = 0; j < columns; j++)
        {
            if (rowsOf[j] is { } mine)
                foreach (int r in mine)
                    foreach (int other in rows[r])
                        if (colour[other] >= 0) forbidden[colour[other]] = j;
            colour[j] = Smallest(forbidden, j);
        }
        return colour;
    }

    /// <summary>
    /// A star colouring of a symmetric pattern (<paramref name="adjacent"/>[v] = v's neighbours, without v): a proper colouring
    /// in which every path on four vertices has at least three colours (Gebremedhin, Manne and Pothen's greedy algorithm),
    /// so that each entry of a symmetric H is an entry of H·S (see <see cref="SymmetricRecovery"/>). Null when it would
    /// cost more than <paramref name="budget"/> steps.
    /// </summary>
    public static int[]? Star(int[][] adjacent, long budget) => Symmetric(adjacent, star: true, budget);

    /// <summary>A distance-2 colouring of a symmetric pattern (no two vertices within two edges share a colour): always a star colouring.</summary>
    public static int[] DistanceTwo(int[][] adjacent) => Symmetric(adjacent, star: false, long.MaxValue)!;

    // v - w - x: with w uncoloured (or for a distance-2 colouring) v and x must differ, w could take the colour that would
    // bicolour a path; v - w - x - y with y coloured like w: v must not take x's colour.
    private static int[]? Symmetric(int[][] adjacent, bool star, long budget)
    {
        int n = adjacent.Length;
        var colour = new int[n];
        Array.Fill(colour, -1);
        var forbidden = new int[n + 1];
        Array.Fill(forbidden, -1);
        for (int v = 0; v < n; v++)
        {
            foreach (int w in adjacent[v])
            {
                if (colour[w] >= 0) forbidden[colour[w]] = v;
                foreach (int x in adjacent[w])
                {
                    if (x == v || colour[x] < 0) continue;
                    budget -= 1 + (star && colour[w] >= 0 ? adjacent[x].Length : 0);
                    if (budget < 0) return null;
                    if (!star || colour[w] < 0 || adjacent[x].Any(y => y != w && colour[y] == colour[w])) forbidden[colour[x]] = v;
                }
            }
            colour[v] = Smallest(forbidden, v);
        }
        return colour;
    }

    /// <summary>One colour per index.</summary>
    public static int[] Identity(int count) => [.. Enumerable.Range(0, count)];

    /// <summary>Number of colours used.</summary>
    public static int Count(int[] colour) => colour.Length == 0 ? 0 : colour.Max() + 1;

    private static int Smallest(int[] forbidden, int stamp)
    {
        int c = 0;
        while (forbidden[c] == stamp) c++;
        return c;
    }
}
