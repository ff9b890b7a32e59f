using ExprGrad.Tracer;

namespace ExprGrad.Compiler;

/// <summary>
/// How each loop runs. Most run inline (an <c>Expression.Loop</c> around their body, emitted by
/// <see cref="InlineLoop"/>); a loop with a body heavier than <see cref="GradOptions.SplitAbove"/>, or a top-level loop
/// run in parallel, becomes a <see cref="LoopRunner"/> delegate that the enclosing code calls
/// (<see cref="LoopDelegates"/>), and its body, if heavy, is cut into <see cref="LoopChunk"/> delegates called per
/// iteration. The planner also gives an adjoint loop the cells in which its forward loop keeps values for it.
/// </summary>
internal sealed class LoopPlanner(GradOptions options)
{
    private readonly Dictionary<Loop, int> bodyWeights = new(ReferenceEqualityComparer.Instance);
    private readonly Dictionary<Loop, LoopPlan> plans = new(ReferenceEqualityComparer.Instance);
    private readonly Dictionary<Loop, int> cacheCells = new(ReferenceEqualityComparer.Instance);

    /// <summary>Which adjoint loops run in the place of which forward loops, per graph.</summary>
    public LoopFusions Fusions { get; } = new();

    /// <summary>Statements of one iteration, nested loops included (recursion is over loop nesting, not over the graph).</summary>
    public int BodyWeight(Loop loop)
    {
        if (bodyWeights.TryGetValue(loop, out int weight)) return weight;
        bool[] live = Liveness.InBody(loop);
        for (int k = 0; k < live.Length; k++)
        {
            Node node = loop.Body[k];
            if (!live[k] || node.IsLeaf) continue;
            if (node.Kind != NodeKind.Loop) weight++;
            else if (!LoopFusions.RunsEarly(loop.Body, k)) weight += Weight(Fusions.LoopAt(loop.Body, k), topLevel: false);
        }
        return bodyWeights[loop] = weight;
    }

    /// <summary>What a loop costs the code around it: its body inline, or a call (its extracts are statements of their own).</summary>
    public int Weight(Loop loop, bool topLevel) => 1 + (RunsAsDelegate(loop, topLevel) ? 0 : BodyWeight(loop));

    public bool Splits(Loop loop) => BodyWeight(loop) > options.SplitAbove;

    public bool RunsAsDelegate(Loop loop, bool topLevel) => Splits(loop) || RunsInParallel(loop, topLevel);

    private bool RunsInParallel(Loop loop, bool topLevel)
        => options.Parallel && topLevel && loop.Count >= 2 && (long)loop.Count * BodyWeight(loop) >= options.ParallelMinimumWork;

    /// <summary>Cells a loop run as a delegate reads from the enclosing code: its captures, then its initial value if it has one.</summary>
    public static int CaptureCells(Loop loop) => loop.Captures.Length + (loop.Initial == Node.None ? 0 : 1);

    /// <summary>The plan of a loop run as a delegate; null for a loop run inline.</summary>
    public LoopPlan? PlanOf(Loop loop) => plans.GetValueOrDefault(loop);

    public bool HasPlans => plans.Count > 0;

    public bool HasCaches => cacheCells.Count > 0;

    /// <summary>First cell of the values adjoint loop <paramref name="loop"/> reads from its forward loop (<see cref="Loop.Cache"/>).</summary>
    public int CacheCell(Loop loop) => cacheCells[loop];

    /// <summary>
    /// Forward loop node -> the adjoint loop node of <paramref name="g"/> that reads the values it stores: both live
    /// and inline (the forward loop then runs first, on the same array), and the adjoint loop has cells.
    /// </summary>
    public Dictionary<int, int> CachingLoopsOf(Graph g, bool[] live)
    {
        var caching = new Dictionary<int, int>();
        if (cacheCells.Count == 0) return caching;
        for (int n = 0; n < g.Count; n++)
            if (live[n] && g[n].Kind == NodeKind.Loop && g.LoopOf(n) is { Fusion: null, Cache: { } cache } loop
                && cacheCells.ContainsKey(loop) && live[cache.ForwardLoop] && !Fusions.TryGet(g, cache.ForwardLoop, out _)
                && PlanOf(loop) is null && PlanOf(g.LoopOf(cache.ForwardLoop)) is null)
                caching[cache.ForwardLoop] = n;
        return caching;
    }

    /// <summary>
    /// Plans every loop run by <paramref name="statements"/> of <paramref name="g"/>, and the loops nested in them (explicit stack).
    /// </summary>
    public void Plan(Graph g, IEnumerable<int> statements, bool topLevel, ref int next)
    {
        var pending = new Stack<(Graph Graph, int[] Statements, bool TopLevel)>();
        pending.Push((g, [.. statements], topLevel));
        while (pending.TryPop(out var item))
        {
            foreach (int k in item.Statements)
            {
                if (item.Graph[k].Kind != NodeKind.Loop || LoopFusions.RunsEarly(item.Graph, k)) continue;
                Loop loop = Fusions.LoopAt(item.Graph, k);
                if (loop.Cache is { } cache) cacheCells[loop] = Layout.Take(ref next, loop.Count * cache.Values.Length);
                bool runsInParallel = RunsInParallel(loop, item.TopLevel);
                if (Splits(loop))
                {
                    var body = Partition.Cut(loop.Body, Liveness.InBody(loop), options.UnitSize, this, topLevel: false);
                    // Chunk u adds the accumulators it defines; the last chunk scatters (in the loop's order, as inline).
                    int[] slot = body.Slots(Scatters.Roots(loop, [], store: false).Where(n => !loop.Body[n].IsLeaf), ref next);
                    plans[loop] = new LoopPlan(runsInParallel, CaptureCell: Layout.Take(ref next, CaptureCells(loop)),
                        AccumulatorCell: Layout.Take(ref next, loop.Accumulate.Length), body, slot);
                    pending.Push((loop.Body, [.. body.Statements], false));
                    continue;
                }
                if (runsInParallel)
                    plans[loop] = new LoopPlan(true, CaptureCell: Layout.Take(ref next, CaptureCells(loop)),
                        AccumulatorCell: Layout.Take(ref next, loop.Accumulate.Length), null, null);
                bool[] inBody = Liveness.InBody(loop);
                pending.Push((loop.Body, [.. Enumerable.Range(0, inBody.Length).Where(b => inBody[b] && !loop.Body[b].IsLeaf)], false));
            }
        }
    }
}

/// <summary>
/// A loop run as a delegate: its captures and accumulators live in workspace cells from
/// <see cref="CaptureCell"/> and <see cref="AccumulatorCell"/>; a split body is cut by <see cref="Body"/>,
/// with <see cref="Slots"/> for the values that cross its chunks.
/// </summary>
internal sealed record LoopPlan(bool Parallel, int CaptureCell, int AccumulatorCell, Partition? Body, int[]? Slots);
