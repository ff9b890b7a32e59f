using ExprGrad.Tracer;

namespace ExprGrad.Compiler;

/// <summary>Which nodes of a graph some roots need, walking back in topological order (no recursion).</summary>
internal static class Liveness
{
    /// <summary>
    /// Marks <paramref name="roots"/> and what they read; <paramref name="stopAt"/> (if given) marks nodes whose own
    /// inputs are not followed (values read from elsewhere instead of recomputed).
    /// </summary>
    public static bool[] From(Graph g, IEnumerable<int> roots, bool[]? stopAt = null)
    {
        var live = new bool[g.Count];
        foreach (int r in roots) live[r] = true;
        for (int k = g.Count - 1; k >= 0; k--)
            if (live[k] && (stopAt is null || !stopAt[k])) foreach (int i in g.InputsOf(k)) live[i] = true;
        return live;
    }

    /// <summary>What one iteration of <paramref name="loop"/> runs for: its accumulators, scatters and effects.</summary>
    public static int[] Roots(Loop loop) => [.. loop.Accumulate, .. loop.Scatters.Select(s => s.Node), .. loop.Effects];

    /// <summary>The body nodes one iteration of <paramref name="loop"/> needs.</summary>
    public static bool[] InBody(Loop loop) => From(loop.Body, Roots(loop));
}
