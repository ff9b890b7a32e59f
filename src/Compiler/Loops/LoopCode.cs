using System.Linq.Expressions;
using ExprGrad.Tracer;

namespace ExprGrad.Compiler;

/// <summary>Emits a loop node where a block runs it: inline, or as a call of its delegate (see <see cref="LoopPlanner"/>).</summary>
internal static class LoopCode
{
    /// <summary>
    /// Runs loop node <paramref name="k"/> of <paramref name="block"/>'s graph there; returns where its accumulators are afterwards.
    /// </summary>
    public static Expression[] Emit(BlockBuilder block, int k)
    {
        Loop loop = block.Graph.LoopOf(k);
        if (block.Context.Planner.PlanOf(loop) is { } plan) return LoopDelegates.EmitCall(block, k, loop, plan);
        Expression? initial = loop.Initial == Node.None ? null : block.Use(loop.Initial);
        return InlineLoop.Emit(block, k, loop, [.. loop.Captures.Select(block.Use)], Expression.Constant(0), Expression.Constant(loop.Count), initial);
    }
}
