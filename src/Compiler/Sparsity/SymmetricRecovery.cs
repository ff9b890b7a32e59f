namespace ExprGrad.Compiler;

/// <summary>
/// Reads the entries of a symmetric matrix H from B = H·S, S seeding each colour of a star colouring (direct recovery):
/// H[i][i] is B[i][c(i)]; H[i][j] is B[i][c(j)] when j is i's only neighbour of colour c(j), else B[j][c(i)], and the star
/// property says then i is j's only neighbour of colour c(i). <see cref="TryCreate"/> checks that property for every
/// entry, so a colouring that lacks it is refused, never silently wrong.
/// </summary>
internal sealed class SymmetricRecovery
{
    private SymmetricRecovery(int[] source) => Source = source;

    /// <summary>For each structural nonzero (in the order of the pattern's lower triangle), its index <c>row * colours + colour</c> in B.</summary>
    public int[] Source { get; }

    /// <summary>The recovery of <paramref name="lower"/> (pairs row ≥ column) under <paramref name="colour"/>, or null when the colouring is no star colouring.</summary>
    public static SymmetricRecovery? TryCreate(IReadOnlyList<(int Row, int Column)> lower, int[][] adjacent, int[] colour, int colours)
    {
        int n = adjacent.Length;
        // count[v] of colour c: neighbours of v with colour c, kept sparse (one dictionary per vertex would be heavy).
        var neighbourColours = new Dictionary<long, int>();
        for (int v = 0; v < n; v++)
            foreach (int w in adjacent[v])
                neighbourColours[(long)v * colours + colour[w]] = neighbourColours.GetValueOrDefault((long)v * colours + colour[w]) + 1;
        var source = new int[lower.Count];
        for (int e = 0; e < lower.Count; e++)
        {
            var (i, j) = lower[e];
            if (i == j) { source[e] = i * colours + colour[i]; continue; }
            if (colour[i] == colour[j]) return null;
            if (neighbourColours[(long)i * colours + colour[j]] == 1) source[e] = i * colours + colour[j];
            else if (neighbourColours[(long)j * colours + colour[i]] == 1) source[e] = j * colours + colour[i];
            else return null;
        }
        return new SymmetricRecovery(source);
    }
}
