using System.Linq.Expressions;
using ExprGrad.Tracer;

namespace ExprGrad.Compiler;

/// <summary>
/// Loops run as delegates (see <see cref="LoopPlanner"/>): the enclosing code stores the captures (and the initial
/// value, in the cell after them) in their cells and calls a <see cref="LoopRunner"/> (directly, or through a <see cref="ParallelLoop"/>), which leaves the sums in
/// the accumulator cells; a split body is a call per chunk and iteration. The runner's and chunks' code goes to the
/// unit's <see cref="NestedLambdas"/>, and the calls read their <see cref="DelegateSlot{T}"/>s.
/// </summary>
internal static class LoopDelegates
{
    /// <summary>Emits into <paramref name="block"/> the call of loop node <paramref name="k"/>'s runner; returns its accumulator cells.</summary>
    public static Expression[] EmitCall(BlockBuilder block, int k, Loop loop, LoopPlan plan)
    {
        EmitContext context = block.Context;
        for (int j = 0; j < loop.Captures.Length; j++) block.Add(Expression.Assign(context.Cell(plan.CaptureCell + j), block.Use(loop.Captures[j])));
        if (loop.Initial != Node.None) block.Add(Expression.Assign(context.Cell(InitialCell(loop, plan)), block.Use(loop.Initial)));
        NestedLambdas delegates = context.Delegates ?? throw new InvalidOperationException("A span kernel calls no delegates.");
        DelegateSlot<LoopRunner> runner = delegates.Add(Runner(block, k, loop, plan));
        if (plan.Parallel)
        {
            Layout layout = context.Layout;
            var run = new ParallelLoop(runner, loop.Count, Math.Min(Tuning.ParallelBlocks, loop.Count), plan.CaptureCell, LoopPlanner.CaptureCells(loop),
                plan.AccumulatorCell, loop.Accumulate.Length, layout.Gradient, layout.GradientLength, layout.Data, loop.Body.CallsUserCode);
            block.Add(Expression.Call(Expression.Constant(run), ParallelLoop.RunMethod, context.Shared));
        }
        else
            block.Add(runner.Invoke(context.Shared, context.Scratch, Expression.Constant(0), Expression.Constant(loop.Count)));
        return [.. Enumerable.Range(0, loop.Accumulate.Length).Select(j => context.Cell(plan.AccumulatorCell + j))];
    }

    /// <summary>
    /// The delegate running iterations [start, end) of a planned loop: reads its captures from their cells and
    /// leaves its sums in the accumulator cells of <c>p</c>; a split body is a call per chunk and iteration. The
    /// iterations from 0 (all of them, or a parallel loop's first block) start from the loop's initial value.
    /// </summary>
    private static Expression<LoopRunner> Runner(BlockBuilder outer, int k, Loop loop, LoopPlan plan)
    {
        var w = Expression.Parameter(typeof(double[]), "w");
        var p = Expression.Parameter(typeof(double[]), "p");
        var start = Expression.Parameter(typeof(int), "start");
        var end = Expression.Parameter(typeof(int), "end");
        var inner = outer.Context with { Shared = w, Scratch = p, Spans = null };
        Expression[] captures = [.. Enumerable.Range(0, loop.Captures.Length).Select(j => inner.Cell(plan.CaptureCell + j))];
        Graph g = outer.Graph;
        bool fromStart = loop.Initial != Node.None;
        Expression firstBlock = Expression.Equal(start, Expression.Constant(0));
        if (plan.Body is not { } body)
        {
            var runner = new BlockBuilder(g, outer.Names, inner, Layout.NoCells(g.Count), null);
            Expression? initial = fromStart ? Expression.Condition(firstBlock, inner.Cell(InitialCell(loop, plan)), Ops.Emit.Constant(0.0)) : null;
            ParameterExpression[] sums = InlineLoop.Emit(runner, k, loop, captures, start, end, initial);
            for (int j = 0; j < sums.Length; j++) runner.Add(Expression.Assign(inner.Cell(plan.AccumulatorCell + j), sums[j]));
            return Expression.Lambda<LoopRunner>(runner.Block(typeof(void)), $"Loop{k}", [w, p, start, end]);
        }
        var chunks = new Expression[body.Units];
        var i = Expression.Parameter(typeof(int), "i");
        for (int u = 0; u < body.Units; u++)
        {
            var chunk = new BlockBuilder(loop.Body, new Dictionary<int, string>(), inner, plan.Slots!, new BodyContext(i, captures))
            {
                CachingLoops = inner.Planner.CachingLoopsOf(loop.Body, Liveness.InBody(loop)),
            };
            foreach (int b in body.StatementsOf(u)) chunk.Define(b);
            for (int j = 0; j < loop.Accumulate.Length; j++)
            {
                int a = loop.Accumulate[j];
                if (loop.Body[a].IsLeaf ? u == body.Units - 1 : body.UnitOf[a] == u)
                    chunk.Add(BlockBuilder.AddTo(inner.Cell(plan.AccumulatorCell + j), chunk.Use(a)));
            }
            if (u == body.Units - 1) Scatters.Emit(chunk, loop);
            var code = Expression.Lambda<LoopChunk>(chunk.Block(typeof(void)), $"Loop{k}_Chunk{u}", [w, p, i]);
            chunks[u] = inner.Delegates!.Add(code).Invoke(w, p, i);
        }
        var exit = Expression.Label($"end{k}");
        return Expression.Lambda<LoopRunner>(Expression.Block(typeof(void), [i],
            Expression.Call(ClearMethod, p, Expression.Constant(plan.AccumulatorCell), Expression.Constant(loop.Accumulate.Length)),
            fromStart ? Expression.IfThen(firstBlock, Expression.Assign(inner.Cell(plan.AccumulatorCell + loop.InitialAccumulator),
                inner.Cell(InitialCell(loop, plan)))) : Expression.Empty(),
            Expression.Assign(i, start),
            Expression.Loop(Expression.Block(
                Expression.IfThen(Expression.GreaterThanOrEqual(i, end), Expression.Break(exit)),
                Expression.Block(chunks),
                Expression.PreIncrementAssign(i)), exit)), $"Loop{k}", [w, p, start, end]);
    }

    /// <summary>The cell holding the loop's initial value, after its captures (<see cref="LoopPlanner.CaptureCells"/>).</summary>
    private static int InitialCell(Loop loop, LoopPlan plan) => plan.CaptureCell + loop.Captures.Length;

    private static readonly System.Reflection.MethodInfo ClearMethod =
        typeof(Array).GetMethod(nameof(Array.Clear), [typeof(Array), typeof(int), typeof(int)])!;
}
