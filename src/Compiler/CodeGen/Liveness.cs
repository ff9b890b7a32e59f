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
        Mark(live, roots);
        for (int k = g.Count - 1; k >= g.InputCount; k--) // below InputCount: the inputs, leaves
            if (live[k] && (stopAt is null || !stopAt[k])) foreach (int i in g.InputsOf(k)) live[i] = true;
        return live;
    }

    // Apart from From's loop: the roots can be 10,000 gradient entries, and the JIT compiles a method with a long-running
    // loop a second time, optimised (on-stack replacement); a small method is cheap to compile again.
    private static void Mark(bool[] live, IEnumerable<int> roots)
    {
        foreach (int r in roots) live[r] = true;
    }

    /// <summary>What one iteration of <paramref name="loop"/> runs for: its accumulators, scatters and effects.</summary>
    public static int[] Roots(Loop loop) => [.. loop.Accumulate, .. loop.Scatters.Select(s => s.Node), .. loop.Effects];

    /// <summary>The body nodes one iteration of <paramref name="loop"/> needs.</summary>
    public static bool[] InBody(Loop loop) => From(loop.Body, Roots(loop));
}
