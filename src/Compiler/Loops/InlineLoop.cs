using System.Linq.Expressions;
using ExprGrad.Tracer;

namespace ExprGrad.Compiler;

/// <summary>
/// A loop emitted inline: <c>accumulators = 0 (or the loop's initial value); for (i = start; i &lt; end; i++) { body; accumulators += ...;
/// gradient[...] += ...; }</c>, with three optimisations that keep every addition in the same order:
/// an adjoint loop reads the values its forward loop stored instead of recomputing them (<see cref="Loop.Cache"/>),
/// a gather that the next iteration reads one step further is carried in a variable (x[i + 1] becomes the next
/// x[i]), and so is a scatter into the entry the next iteration scatters into (<see cref="Scatters.Carries"/>).
/// </summary>
internal static class InlineLoop
{
    /// <summary>
    /// Emits iterations [<paramref name="start"/>, <paramref name="end"/>) of loop node <paramref name="k"/> into <paramref name="outer"/>; returns
    /// its accumulators. Accumulator <see cref="Loop.InitialAccumulator"/> starts from <paramref name="initial"/> (null: +0.0).
    /// </summary>
    public static ParameterExpression[] Emit(BlockBuilder outer, int k, Loop loop, Expression[] captures, Expression start, Expression end,
        Expression? initial)
    {
        EmitContext context = outer.Context;
        LoopPlanner planner = context.Planner;
        var counter = outer.Variable(typeof(int), $"i{k}");
        var sums = loop.Accumulate.Select((_, j) => outer.Variable(typeof(double), $"v{k}_sum{j}")).ToArray();

        // An adjoint loop whose forward loop stored the values its reverse sweep needs loads them (what only they
        // needed is not recomputed); a forward loop stores them, at cell + i * values + j.
        var loads = new Dictionary<int, (int, int)>();
        bool[]? cut = null;
        if (loop.Cache is { } cache && outer.CachingLoops.TryGetValue(cache.ForwardLoop, out int reads) && reads == k)
        {
            cut = new bool[loop.Body.Count];
            int cell = planner.CacheCell(loop);
            for (int j = 0; j < cache.Values.Length; j++)
            {
                loads[cache.Values[j].Body] = (cell + j, cache.Values.Length);
                cut[cache.Values[j].Body] = true;
            }
        }
        Loop? reader = outer.CachingLoops.TryGetValue(k, out int a) ? outer.Graph.LoopOf(a) : null;
        int[] stores = reader is null ? [] : [.. reader.Cache!.Values.Select(c => c.Forward)];
        var carries = Scatters.Carries(outer, k, loop);
        bool store = ReferenceEquals(context.StoringLoop, loop);
        int[] roots = [.. loop.Accumulate, .. Scatters.Roots(loop, carries, store), .. loop.Effects, .. stores];
        bool[] live = Liveness.From(loop.Body, roots, cut);
        var (carried, carriedNext) = CarriedGathers(outer, k, loop, live, loads);
        var bodyContext = new BodyContext(counter, captures);
        var inner = new BlockBuilder(loop.Body, new Dictionary<int, string>(), context, Layout.NoCells(loop.Body.Count), bodyContext)
        {
            CachingLoops = planner.CachingLoopsOf(loop.Body, live), // none in span kernels: they have no cache cells
            CachedLoads = loads,
            CarriedGathers = carried,
        };
        if (planner.BodyWeight(loop) > Tuning.ReuseAbove) inner.ReuseLocals(live, roots);
        for (int b = 0; b < loop.Body.Count; b++) if (live[b] && !loop.Body[b].IsLeaf && !loads.ContainsKey(b)) inner.Define(b);
        if (reader is not null)
        {
            int cell = planner.CacheCell(reader);
            for (int j = 0; j < stores.Length; j++)
                inner.Add(Expression.Assign(
                    Expression.ArrayAccess(context.Scratch,
                        Expression.Add(Expression.Multiply(counter, Expression.Constant(stores.Length)), Expression.Constant(cell + j))),
                    inner.Use(stores[j])));
        }
        for (int j = 0; j < sums.Length; j++) inner.Add(Expression.Assign(sums[j], Expression.Add(sums[j], inner.Use(loop.Accumulate[j]))));
        Scatters.Emit(inner, loop, carries, store);
        foreach (var (variable, _, next) in carriedNext) inner.Add(Expression.Assign(variable, inner.Use(next)));

        for (int j = 0; j < sums.Length; j++)
            outer.Add(Expression.Assign(sums[j], j == loop.InitialAccumulator && initial is not null ? initial : Ops.Emit.Constant(0.0)));
        outer.Add(Expression.Assign(counter, start));
        foreach (var (variable, gather, _) in carriedNext) outer.Add(Expression.Assign(variable, inner.ReadGather(loop.Body[gather])));
        foreach (var (variable, source) in carries.Values)
            if (source) outer.Add(Expression.Assign(variable, Ops.Emit.Constant(store ? 0.0 : -0.0))); // x + -0.0 == x; stored: 0 + carried + x
        var exit = Expression.Label($"end{k}");
        outer.Add(Expression.Loop(Expression.Block(
            Expression.IfThen(Expression.GreaterThanOrEqual(counter, end), Expression.Break(exit)),
            inner.Block(typeof(void)),
            Expression.PreIncrementAssign(counter)), exit));
        Scatters.EmitLastCarried(outer, inner, loop, carries, counter, store);
        return sums;
    }

    /// <summary>
    /// Gather (v, s, c) reads at i + 1 what gather (v, s, c + s) read at i: it is carried in a variable (x[i + 1]
    /// becomes the next x[i]); inputs and data are never written while a loop runs. Returns gather leaf -> variable,
    /// and for each carried variable the leaf it starts as and the leaf whose value it takes for the next iteration.
    /// </summary>
    private static (Dictionary<int, ParameterExpression>, List<(ParameterExpression Variable, int Gather, int Next)>) CarriedGathers(
        BlockBuilder outer, int k, Loop loop, bool[] live, Dictionary<int, (int, int)> loads)
    {
        var carried = new Dictionary<int, ParameterExpression>();
        var carriedNext = new List<(ParameterExpression Variable, int Gather, int Next)>();
        if (loop.Count == 0) return (carried, carriedNext);
        var gathers = new Dictionary<(int, int, int), int>();
        for (int b = 0; b < loop.Body.Count; b++)
            if (live[b] && !loads.ContainsKey(b) && loop.Body[b] is { Kind: NodeKind.Gather } gather && gather.GatherScale > 0)
                gathers[(gather.GatherVector, gather.GatherScale, gather.GatherOffset)] = b;
        foreach (var ((vector, scale, offset), b) in gathers.OrderBy(e => e.Key.Item3))
            if (gathers.TryGetValue((vector, scale, offset + scale), out int next))
            {
                var variable = outer.Variable(typeof(double), $"v{k}_carried{carriedNext.Count}");
                carried[b] = variable;
                carriedNext.Add((variable, b, next));
            }
        return (carried, carriedNext);
    }
}
