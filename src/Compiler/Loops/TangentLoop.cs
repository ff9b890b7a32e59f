using ExprGrad.Ops;
using ExprGrad.Tracer;

namespace ExprGrad.Compiler;

/// <summary>
/// The forward mode of a loop (<see cref="ForwardTransform"/>): one loop doing what the source loop did plus its
/// tangents, never unrolled. Its body is the source body transformed (captured values bring their captured tangents,
/// gathered inputs their seeds); it sums the source's accumulators and, after them, the needed accumulators' tangents;
/// it makes the source's scatters and, for each direction, scatters each scattered node's tangent into the output entry
/// the transform's redirect names. A fused adjoint loop stays fused (it then runs in the place of the transformed forward
/// loop) unless the forward loop's own tangent is needed; a cache reads the transformed forward loop's copies.
/// </summary>
internal static class TangentLoop
{
    /// <summary>The transformed loop: its node, the nodes of all its accumulators, and the node of each source accumulator's tangent.</summary>
    public sealed record Result(int Node, int[] Components, int[] Tangents, int Directions)
    {
        /// <summary>The node of source accumulator <paramref name="component"/>'s tangent in direction <paramref name="d"/>, or none.</summary>
        public int TangentOf(int component, int d)
            => component * Directions + d < Tangents.Length ? Tangents[component * Directions + d] : Tracer.Node.None;
    }

    /// <summary>Transforms loop node <paramref name="k"/> of <paramref name="level"/>'s source into its target.</summary>
    public static Result Apply(TangentLevel level, int k)
    {
        ForwardTransform transform = level.Transform;
        int p = transform.Directions;
        Loop loop = level.Source.LoopOf(k);
        var body = new Graph(level.Target);
        var inner = new TangentLevel(transform, loop.Body, body, level, loop);
        inner.Run();
        transform.BodyMaps[loop] = inner.Map;

        // Accumulators: the source's, then the needed tangents.
        var accumulate = new List<int>(loop.Accumulate.Select(a => inner.Map[a]));
        var tangentComponents = new int[loop.Accumulate.Length * p];
        Array.Fill(tangentComponents, -1);
        bool[] needed = transform.Needs.Components(loop);
        for (int j = 0; j < loop.Accumulate.Length; j++)
            for (int d = 0; d < p && needed[j]; d++)
                if (inner.Tangent(loop.Accumulate[j], d) is int t && t != Node.None)
                {
                    tangentComponents[j * p + d] = accumulate.Count;
                    accumulate.Add(t);
                }

        // Scatters: the source's, then each one's tangents into the entries the redirect names.
        var scatters = new List<Scatter>(loop.Scatters.Select(s => new Scatter(inner.Map[s.Node], inner.Map[s.Gather])));
        foreach (Scatter s in loop.Scatters)
            for (int d = 0; d < p; d++)
                if (inner.Tangent(s.Node, d) is int t && t != Node.None)
                {
                    Node index = loop.Body[s.Gather];
                    var (scale, offset) = transform.RedirectScatter(index.GatherScale, index.GatherOffset, d);
                    scatters.Add(new Scatter(t, body.OutputIndex(scale, offset)));
                }
        body.Seal();

        LoopFusion? fusion = Fusion(level, loop);
        // The accumulator that starts from the initial value keeps its index; an unfused copy of a fused loop drops it.
        int initial = loop.Initial != Node.None && (fusion is not null || loop.Fusion is null) ? level.Map[loop.Initial] : Node.None;
        int node = level.Target.AddLoop(new Loop(body, loop.Count, [.. body.Captures], [.. accumulate], [.. scatters])
        {
            Effects = [.. loop.Effects.Select(e => inner.Map[e])],
            Fusion = fusion,
            Cache = Cache(level, loop, inner),
            Initial = initial,
        });
        // Every extract right after its loop node: a fused loop's extracts are bound where it runs (BlockBuilder).
        var components = new int[accumulate.Count];
        for (int c = 0; c < components.Length; c++) components[c] = c == 0 ? node : level.Target.Extract(node, c);
        var tangents = new int[tangentComponents.Length];
        for (int t = 0; t < tangents.Length; t++) tangents[t] = tangentComponents[t] < 0 ? Node.None : components[tangentComponents[t]];
        // A sum starting from an initial value: its tangent starts from the initial value's tangent.
        if (initial != Node.None && needed[loop.InitialAccumulator])
            for (int d = 0; d < p; d++)
            {
                int from = level.Tangent(loop.Initial, d), at = loop.InitialAccumulator * p + d;
                if (from != Node.None) tangents[at] = tangents[at] == Node.None ? from : level.Target.Add(OpTable.Add, tangents[at], from);
            }
        return new Result(node, components, tangents, p);
    }

    // Fused with the forward loop's copy, unless that copy must sum its own tangent (the fused loop does not).
    private static LoopFusion? Fusion(TangentLevel level, Loop loop)
    {
        if (loop.Fusion is not { } fusion) return null;
        if (level.Transform.Needs.Components(level.Source.LoopOf(fusion.ForwardLoop)).Contains(true)) return null;
        return new LoopFusion(level.LoopResult(fusion.ForwardLoop).Node, fusion.Component);
    }

    private static LoopCache? Cache(TangentLevel level, Loop loop, TangentLevel inner)
    {
        if (loop.Cache is not { } cache) return null;
        int[] forwardBody = level.Transform.BodyMaps[level.Source.LoopOf(cache.ForwardLoop)];
        return new LoopCache(level.LoopResult(cache.ForwardLoop).Node,
            [.. cache.Values.Select(v => (forwardBody[v.Forward], inner.Map[v.Body]))]);
    }
}
