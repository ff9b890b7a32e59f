using ExprGrad.Tracer;

namespace ExprGrad.Compiler;

/// <summary>
/// A span kernel whose gradient is written by one loop (Rosenbrock's <c>gradient[i] = carried + value</c>) stores into
/// the entries that loop writes instead of adding to them, so the caller zeroes only the others: one load, one addition
/// and the zeroing of those entries less (perf/RESULTS.md §3g). Only where each entry is written once, by that loop, before
/// anything else writes it: the program's only gradient-scattering loop, with no nested scatters, scattering with step 1
/// from one gather, or from two neighbouring ones (x[i], x[i + 1]) whose scatters <see cref="Scatters.Carries"/> pairs.
/// </summary>
/// <remarks>
/// The stored entry is <c>carried + value</c> where the adding form computed <c>(0 + carried) + value</c>: the same number,
/// and the same bits unless both are zeros of the same negative sign (then -0 instead of +0).
/// </remarks>
internal static class StoredScatters
{
    /// <summary>The loop node whose scatters store, and the gradient entries [Start, Start + Length) they write; null if none qualifies.</summary>
    public static StoredRange? Plan(GradientProgram program, int gradientLength)
    {
        if (program.Effects.Length != 1) return null;
        Graph g = program.Graph;
        int k = program.Effects[0];
        if (g[k].Kind != NodeKind.Loop) return null;
        Loop loop = g.LoopOf(k);
        if (loop.Count <= 0 || loop.Effects.Length > 0 || loop.Scatters.Length is 0 or > 2) return null;
        Node first = loop.Body[loop.Scatters[0].Gather];
        if (first.GatherScale != 1) return null;
        int start = first.GatherOffset, length = loop.Count;
        if (loop.Scatters.Length == 2)
        {
            Node second = loop.Body[loop.Scatters[1].Gather];
            if (second.GatherScale != 1 || Math.Abs(second.GatherOffset - first.GatherOffset) != 1) return null;
            start = Math.Min(first.GatherOffset, second.GatherOffset);
            length = loop.Count + 1; // the receiver's entry at each iteration, and the last iteration's carried one
        }
        return start >= 0 && (long)start + length <= gradientLength ? new StoredRange(loop, start, length) : null;
    }
}

/// <summary>Gradient entries [<paramref name="Start"/>, <paramref name="Start"/> + <paramref name="Length"/>) that <paramref name="Loop"/> stores.</summary>
internal sealed record StoredRange(Loop Loop, int Start, int Length);
