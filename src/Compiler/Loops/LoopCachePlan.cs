using ExprGrad.Tracer;

namespace ExprGrad.Compiler;

/// <summary>What an adjoint loop that runs after its forward loop may read from it instead of recomputing.</summary>
internal static class LoopCachePlan
{
    /// <summary>
    /// Which forward values an adjoint loop that runs after its forward loop could read from it: the forward
    /// nodes its reverse sweep uses directly. Worth it when recomputing what only they need costs more than a
    /// store and a load each (a dot product and a tanh for one cached value in an MLP's hidden layer).
    /// </summary>
    public static (int, int)[] Of(Loop forward, Graph body, int[] map, int y, int[] roots)
    {
        bool[] live = Liveness.From(body, roots);
        var frontier = new bool[body.Count];
        int frontierCount = 0;
        void Mark(int k)
        {
            if (k <= y && Computed(body[k]) && !frontier[k]) { frontier[k] = true; frontierCount++; }
        }
        for (int k = 0; k < body.Count; k++)
        {
            if (!live[k]) continue;
            if (k <= y && body[k].Kind is NodeKind.Loop or NodeKind.Extract) return []; // nested loops: recompute
            if (k > y) foreach (int i in body.InputsOf(k)) Mark(i);
        }
        foreach (int r in roots) Mark(r);
        if (frontierCount == 0 || (long)frontierCount * forward.Count > Tuning.MaxCachedValues) return [];
        bool[] cut = Liveness.From(body, roots, stopAt: frontier);
        int saved = 0;
        for (int k = 0; k <= y; k++)
            if (live[k] && !cut[k] && Computed(body[k])) saved++;
        if (saved <= frontierCount) return [];
        var forwardOf = new Dictionary<int, int>();
        for (int k = 0; k < map.Length; k++) forwardOf.TryAdd(map[k], k);
        var plan = new List<(int, int)>();
        for (int k = 0; k <= y; k++)
        {
            if (!frontier[k]) continue;
            if (!forwardOf.TryGetValue(k, out int f) || !Computed(forward.Body[f])) return [];
            plan.Add((f, k));
        }
        return [.. plan];
    }

    /// <summary>A value an iteration computes (an op, or a black-box call: storing it saves calling the user's code again).</summary>
    private static bool Computed(Node node) => node.Kind is NodeKind.Operation or NodeKind.Call;
}
