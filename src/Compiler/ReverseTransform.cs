using ExprGrad.Ops;
using ExprGrad.Tracer;

namespace ExprGrad.Compiler;

/// <summary>
/// The backpropagation loop of the lecture, emitted instead of executed: from a forward graph and its
/// output, a new graph holding the forward nodes followed by the adjoint accumulations in reverse
/// topological order. <c>adjoint[input] += partial * adjoint[node]</c> becomes graph nodes built by the op
/// table's rules, so the new graph is hash-consed with the forward code (exp' reuses exp's node) and can be
/// transformed again. A pure function: the input graph is not changed.
/// </summary>
/// <remarks>
/// A loop (<see cref="Scalar.Sum"/>) gets an adjoint loop without a tape: each iteration recomputes the
/// body's forward values and runs the body's own reverse sweep, seeded with the loop's adjoint; it sums the
/// adjoints of the captured outer values and scatters those of the gathered inputs into the gradient.
/// </remarks>
internal static class ReverseTransform
{
    /// <summary>Builds value and gradient of <paramref name="output"/> (a node of <paramref name="forward"/>).</summary>
    public static Program Apply(Graph forward, int output, bool strongZero)
    {
        // 1. Copy the forward program (top-level ids stay the same: nothing folds a second time).
        Graph fused = forward.EmptyLike();
        int[] map = Copy(forward, fused);
        int y = map[output];

        // 2. Which nodes depend on an input: only those receive adjoints.
        bool[] varies = Varies(fused, y, []);

        // 3. Reverse sweep, seeded with 1.
        var names = new Dictionary<int, string>();
        var effects = new List<int>();
        Derivatives adjoint = Sweep(fused, y, fused.Constant(1.0), varies, strongZero, names, effects, forward.Count);

        // 4. Outputs: the value, then the gradient (a symbolic zero becomes the constant 0).
        var gradient = new int[forward.InputCount];
        for (int i = 0; i < gradient.Length; i++)
        {
            gradient[i] = i <= y && !adjoint.IsZero(i) ? adjoint[i] : fused.Constant(0.0);
            if (!fused.IsConstant(gradient[i]) && gradient[i] >= forward.Count) names.TryAdd(gradient[i], $"x{i}_bar");
        }
        fused.Seal();
        return new Program(fused, y, gradient, names, [.. effects]);
    }

    /// <summary>Copies every node of <paramref name="source"/> into <paramref name="target"/>, in order.</summary>
    private static int[] Copy(Graph source, Graph target, IReadOnlyList<int>? captureTargets = null)
    {
        var map = new int[source.Count];
        for (int k = 0; k < source.Count; k++)
        {
            Node n = source[k];
            map[k] = n.Kind switch
            {
                NodeKind.Input => k,
                NodeKind.Constant => target.Constant(n.ConstantValue),
                NodeKind.Capture => target.Capture(captureTargets![n.CaptureIndex]),
                NodeKind.Gather => target.Gather(n.GatherVector, n.GatherScale, n.GatherOffset),
                NodeKind.Data => target.Data(n.DataIndex),
                NodeKind.Loop => target.AddLoop(MapCaptures(source.LoopOf(k), map)),
                NodeKind.Operation => target.Add(n.Op, Map(map, n.Operand(0)), Map(map, n.Operand(1)), Map(map, n.Operand(2)), n.Parameter),
                _ => throw new InvalidOperationException($"A forward graph has no {n.Kind} nodes."),
            };
        }
        return map;
    }

    private static Loop MapCaptures(Loop loop, int[] map) => loop with { Captures = [.. loop.Captures.Select(c => map[c])] };

    /// <summary>Which nodes up to <paramref name="y"/> depend on an input (for a loop body: on a varying capture or a gathered input).</summary>
    private static bool[] Varies(Graph g, int y, bool[] captureVaries)
    {
        var varies = new bool[g.Count];
        for (int k = 0; k <= y; k++)
        {
            Node n = g[k];
            varies[k] = n.Kind == NodeKind.Input || n.GathersInputs
                || (n.Kind == NodeKind.Capture && captureVaries[n.CaptureIndex])
                || (n.Kind == NodeKind.Loop && g.LoopOf(k).Body.ReadsInputs)
                || g.InputsOf(k).Any(i => varies[i]);
        }
        return varies;
    }

    /// <summary>
    /// The reverse sweep over <paramref name="g"/> from <paramref name="y"/> seeded with node <paramref name="seed"/>:
    /// adjoint[k] is final when k is reached (all consumers come later).
    /// </summary>
    private static Derivatives Sweep(Graph g, int y, int seed, bool[] varies, bool strongZero,
        Dictionary<int, string> names, List<int> effects, int forwardCount)
    {
        var adjoint = new Derivatives(y + 1);
        if (varies[y]) adjoint.Accumulate(g, y, seed);
        for (int k = y; k >= 0; k--)
        {
            Node n = g[k];
            if (adjoint.IsZero(k) || n.IsLeaf) continue;
            if (!g.IsConstant(adjoint[k]) && adjoint[k] >= forwardCount) names.TryAdd(adjoint[k], $"v{k}_bar");
            if (n.Kind == NodeKind.Loop)
            {
                AdjointLoop(g, k, adjoint[k], varies, adjoint, strongZero, effects);
                continue;
            }
            for (int i = 0; i < n.Op.Arity; i++)
            {
                int input = n.Operand(i);
                if (!varies[input] || !n.Op.HasPartial(i)) continue;
                Scalar contribution = n.Op.PartialTimes(i, Arg(g, n.Operand(0)), Arg(g, n.Operand(1)), Arg(g, n.Operand(2)),
                    g.ScalarOf(k), n.Parameter, g.ScalarOf(adjoint[k]), strongZero);
                adjoint.Accumulate(g, input, g.IdOf(contribution));
            }
        }
        return adjoint;
    }

    /// <summary>
    /// Appends to <paramref name="g"/> the adjoint loop of loop node <paramref name="forwardNode"/> given its adjoint node
    /// <paramref name="loopAdjoint"/>, and accumulates the adjoints it sums into the captured outer nodes.
    /// </summary>
    /// <remarks>
    /// When the loop's adjoint is known before the loop runs (a constant, or a node computed before it, as
    /// for <c>loss = Sum(...) + other terms</c>), the adjoint loop also sums the forward values and runs in
    /// the forward loop's place: one loop does forward and reverse of each iteration.
    /// </remarks>
    private static void AdjointLoop(Graph g, int forwardNode, int loopAdjoint, bool[] varies, Derivatives adjoint, bool strongZero, List<int> effects)
    {
        Loop loop = g.LoopOf(forwardNode);
        // The body's own reverse program, in a new body graph nested in g.
        var body = new Graph(g);
        int[] map = Copy(loop.Body, body, loop.Captures);
        int y = map[loop.Accumulate[0]];
        int seed = g.IsConstant(loopAdjoint) ? body.Constant(g[loopAdjoint].ConstantValue) : body.Capture(loopAdjoint);
        bool[] captureVaries = new bool[body.Captures.Count];
        for (int j = 0; j < loop.Captures.Length; j++) captureVaries[j] = varies[loop.Captures[j]];
        var bodyEffects = new List<int>();
        Derivatives bodyAdjoint = Sweep(body, y, seed, Varies(body, y, captureVaries), strongZero, [], bodyEffects, body.Count);

        // What one iteration contributes: adjoints of varying captures (summed), of gathered inputs (scattered).
        var accumulate = new List<int>();
        var targets = new List<int>();
        for (int j = 0; j < loop.Captures.Length; j++)
        {
            int leaf = map[FirstCaptureLeaf(loop.Body, j)];
            if (leaf <= y && !bodyAdjoint.IsZero(leaf) && captureVaries[j]) { accumulate.Add(bodyAdjoint[leaf]); targets.Add(loop.Captures[j]); }
        }
        var scatters = new List<Scatter>();
        for (int k = 0; k <= y; k++)
            if (body[k].GathersInputs && !bodyAdjoint.IsZero(k)) scatters.Add(new Scatter(bodyAdjoint[k], k));
        if (accumulate.Count == 0 && scatters.Count == 0 && bodyEffects.Count == 0) { body.Seal(); return; }
        bool fuse = g.IsConstant(loopAdjoint) || loopAdjoint < forwardNode;
        if (fuse) accumulate.Add(y);
        body.Seal();

        (int, int)[] cached = fuse ? [] : CachePlan(loop, body, map, y, [.. accumulate, .. scatters.Select(s => s.Node), .. bodyEffects]);
        int node = g.AddLoop(new Loop(body, loop.Count, [.. body.Captures], [.. accumulate], [.. scatters])
        {
            Effects = [.. bodyEffects],
            Fusion = fuse ? new LoopFusion(forwardNode, accumulate.Count - 1) : null,
            Cache = cached.Length > 0 ? new LoopCache(forwardNode, cached) : null,
        });
        if (scatters.Count > 0 || bodyEffects.Count > 0) effects.Add(node);
        var components = new int[targets.Count];
        for (int j = 0; j < components.Length; j++) components[j] = j == 0 ? node : g.Extract(node, j);
        for (int j = 0; j < components.Length; j++) adjoint.Accumulate(g, targets[j], components[j]);
    }

    /// <summary>Most values an adjoint loop reads from its forward loop instead of recomputing them (count times values per iteration).</summary>
    internal const int MaxCachedValues = 1 << 16;

    /// <summary>
    /// Which forward values an adjoint loop that runs after its forward loop could read from it: the forward
    /// nodes its reverse sweep uses directly. Worth it when recomputing what only they need costs more than a
    /// store and a load each (a dot product and a tanh for one cached value in an MLP's hidden layer).
    /// </summary>
    private static (int, int)[] CachePlan(Loop forward, Graph body, int[] map, int y, int[] roots)
    {
        bool[] live = LiveFrom(body, roots, null);
        var frontier = new bool[body.Count];
        int frontierCount = 0;
        void Mark(int k)
        {
            if (k <= y && body[k].Kind == NodeKind.Operation && !frontier[k]) { frontier[k] = true; frontierCount++; }
        }
        for (int k = 0; k < body.Count; k++)
        {
            if (!live[k]) continue;
            if (k <= y && body[k].Kind is NodeKind.Loop or NodeKind.Extract) return []; // nested loops: recompute
            if (k > y) foreach (int i in body.InputsOf(k)) Mark(i);
        }
        foreach (int r in roots) Mark(r);
        if (frontierCount == 0 || (long)frontierCount * forward.Count > MaxCachedValues) return [];
        bool[] cut = LiveFrom(body, roots, frontier);
        int saved = 0;
        for (int k = 0; k <= y; k++)
            if (live[k] && !cut[k] && body[k].Kind == NodeKind.Operation) saved++;
        if (saved <= frontierCount) return [];
        var forwardOf = new Dictionary<int, int>();
        for (int k = 0; k < map.Length; k++) forwardOf.TryAdd(map[k], k);
        var plan = new List<(int, int)>();
        for (int k = 0; k <= y; k++)
        {
            if (!frontier[k]) continue;
            if (!forwardOf.TryGetValue(k, out int f) || forward.Body[f].Kind != NodeKind.Operation) return [];
            plan.Add((f, k));
        }
        return [.. plan];
    }

    /// <summary>What <paramref name="roots"/> need, walking back in topological order; <paramref name="leaves"/> are not followed.</summary>
    internal static bool[] LiveFrom(Graph g, IEnumerable<int> roots, bool[]? leaves)
    {
        var live = new bool[g.Count];
        foreach (int r in roots) live[r] = true;
        for (int k = g.Count - 1; k >= 0; k--)
            if (live[k] && (leaves is null || !leaves[k])) foreach (int i in g.InputsOf(k)) live[i] = true;
        return live;
    }

    private static int FirstCaptureLeaf(Graph body, int capture)
    {
        for (int k = 0; k < body.Count; k++) if (body[k].Kind == NodeKind.Capture && body[k].CaptureIndex == capture) return k;
        throw new InvalidOperationException($"Loop body has no leaf for capture {capture}.");
    }

    private static int Map(int[] map, int id) => id == Node.None ? Node.None : map[id];

    private static Scalar Arg(Graph g, int id) => id == Node.None ? default : g.ScalarOf(id);
}

/// <summary>
/// A graph with designated outputs: the value node and (for gradients) one node per input, the loops that
/// scatter into the gradient (<see cref="Effects"/>: the gradient then accumulates), and name hints for
/// readable generated code (<c>v7_bar</c> is the adjoint of node 7).
/// </summary>
internal sealed record Program(Graph Graph, int Value, int[] Gradient, IReadOnlyDictionary<int, string> Names, int[] Effects)
{
    /// <summary>A forward-only program computing the value.</summary>
    public static Program ValueOnly(Graph graph, int value) => new(graph, value, [], new Dictionary<int, string>(), []);
}
