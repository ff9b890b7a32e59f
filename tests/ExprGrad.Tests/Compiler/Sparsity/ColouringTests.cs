using ExprGrad.Compiler;

namespace ExprGrad.Tests.Compiler.Sparsity;

/// <summary>The colourings on random patterns: their defining properties, and exact recovery of a matrix from its compression.</summary>
public class ColouringTests
{
    /// <summary>A random symmetric pattern of n vertices (no diagonal), each pair an edge with the given probability.</summary>
    private static int[][] RandomSymmetric(int n, double density, Random random)
    {
        var sets = Enumerable.Range(0, n).Select(_ => new SortedSet<int>()).ToArray();
        for (int i = 0; i < n; i++)
            for (int j = 0; j < i; j++)
                if (random.NextDouble() < density) { sets[i].Add(j); sets[j].Add(i); }
        return [.. sets.Select(s => s.ToArray())];
    }

    [Fact]
    public void Star_colourings_are_proper_have_no_two_coloured_path_of_four_and_recover_a_symmetric_matrix_exactly()
    {
        var random = new Random(7);
        for (int trial = 0; trial < 200; trial++)
        {
            int n = random.Next(2, 25);
            int[][] adjacent = RandomSymmetric(n, random.NextDouble() * 0.4, random);
            int[] colour = Colouring.Star(adjacent, long.MaxValue)!;
            for (int i = 0; i < n; i++) Assert.All(adjacent[i], j => Assert.NotEqual(colour[i], colour[j]));
            // No path a - b - c - d (distinct vertices) with colour(a) = colour(c) and colour(b) = colour(d).
            for (int b = 0; b < n; b++)
                foreach (int a in adjacent[b])
                    foreach (int c in adjacent[b])
                        if (c != a && colour[a] == colour[c])
                            foreach (int d in adjacent[c])
                                Assert.False(d != b && d != a && colour[d] == colour[b], $"trial {trial}: path {a}-{b}-{c}-{d} has two colours");
            AssertRecovers(adjacent, colour, random);
            AssertRecovers(adjacent, Colouring.DistanceTwo(adjacent), random);
        }
    }

    // H with this pattern and random entries; B = H S for the colouring's seeds; every entry read back from B, bit for bit.
    private static void AssertRecovers(int[][] adjacent, int[] colour, Random random)
    {
        int n = adjacent.Length, colours = Colouring.Count(colour);
        var lower = new List<(int Row, int Column)>();
        var h = new double[n, n];
        for (int i = 0; i < n; i++)
        {
            foreach (int j in adjacent[i]) if (j < i) { lower.Add((i, j)); h[i, j] = h[j, i] = random.NextDouble() - 0.5; }
            lower.Add((i, i));
            h[i, i] = random.NextDouble();
        }
        var b = new double[n * colours];
        for (int i = 0; i < n; i++) for (int k = 0; k < n; k++) b[i * colours + colour[k]] += h[i, k];
        SymmetricRecovery recovery = SymmetricRecovery.TryCreate(lower, adjacent, colour, colours)!;
        Assert.NotNull(recovery);
        for (int e = 0; e < lower.Count; e++) Assert.Equal(h[lower[e].Row, lower[e].Column], b[recovery.Source[e]]);
    }

    [Fact]
    public void A_colouring_that_is_not_a_star_colouring_is_refused()
    {
        // The path 0 - 1 - 2 - 3 coloured a b a b: entry (1, 2) is summed with (1, 0) in B[1][a], and (2, 1) with (2, 3) in B[2][b].
        int[][] path = [[1], [0, 2], [1, 3], [2]];
        Assert.Null(SymmetricRecovery.TryCreate([(1, 0), (2, 1), (3, 2)], path, [0, 1, 0, 1], 2));
        Assert.Equal(3, Colouring.Count(Colouring.Star(path, long.MaxValue)!));
    }

    [Fact]
    public void Banded_and_arrowhead_patterns_need_few_colours_whatever_their_size()
    {
        foreach (int n in new[] { 10, 1000 })
        {
            int[][] tridiagonal = [.. Enumerable.Range(0, n).Select(i => new[] { i - 1, i + 1 }.Where(j => j >= 0 && j < n).ToArray())];
            int[][] arrowhead = [.. Enumerable.Range(0, n).Select(i => i == 0 ? Enumerable.Range(1, n - 1).ToArray() : [0])];
            Assert.Equal(3, Colouring.Count(Colouring.Star(tridiagonal, long.MaxValue)!));
            Assert.Equal(2, Colouring.Count(Colouring.Star(arrowhead, long.MaxValue)!));
            Assert.Equal(n, Colouring.Count(Colouring.DistanceTwo(arrowhead)));
        }
    }

    [Fact]
    public void Column_colourings_give_no_row_two_columns_of_one_colour()
    {
        var random = new Random(3);
        for (int trial = 0; trial < 200; trial++)
        {
            int m = random.Next(1, 20), n = random.Next(1, 20);
            int[][] rows = [.. Enumerable.Range(0, m).Select(_ => Enumerable.Range(0, n).Where(_ => random.NextDouble() < 0.2).ToArray())];
            int[] colour = Colouring.Columns(rows, n, long.MaxValue)!;
            foreach (int[] row in rows) Assert.Equal(row.Length, row.Select(j => colour[j]).Distinct().Count());
        }
        Assert.Null(Colouring.Columns([[0, 1, 2]], 3, budget: 5)); // 9 steps over the budget: one colour per column instead
    }
}
