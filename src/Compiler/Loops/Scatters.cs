using System.Linq.Expressions;
using ExprGrad.Tracer;

namespace ExprGrad.Compiler;

/// <summary>A loop's scatters: each iteration adds body nodes into the gradient entries its gathers of the inputs read.</summary>
internal static class Scatters
{
    /// <summary>
    /// A scatter whose value is carried to the next iteration in <paramref name="Variable"/> (<paramref name="Source"/>) or added from it.
    /// </summary>
    public readonly record struct Carry(ParameterExpression Variable, bool Source);

    /// <summary>
    /// Scatters into gradient[s i + c + s] and gradient[s i + c]: iteration i + 1 adds to the entry iteration i's
    /// first scatter (the source) added to, so the source keeps its value in a variable and the receiver adds it
    /// first, gradient = (gradient + carried) + value: the same additions in the same order, one load and one store
    /// less per iteration. Scatter index -> its carry; the variables are declared in <paramref name="outer"/>.
    /// </summary>
    public static Dictionary<int, Carry> Carries(BlockBuilder outer, int k, Loop loop)
    {
        var carries = new Dictionary<int, Carry>();
        if (loop.Count == 0 || loop.Effects.Length > 0 || loop.Scatters.Length < 2
            || loop.Scatters.Select(s => loop.Body[s.Gather].GatherScale).Distinct().Count() != 1
            || loop.Body[loop.Scatters[0].Gather].GatherScale <= 0) return carries;
        int scale = loop.Body[loop.Scatters[0].Gather].GatherScale;
        var byOffset = new Dictionary<int, int>();
        for (int j = 0; j < loop.Scatters.Length; j++) byOffset[loop.Body[loop.Scatters[j].Gather].GatherOffset] = j;
        if (byOffset.Count != loop.Scatters.Length) return []; // two scatters into one entry per iteration: keep their order
        foreach (int offset in byOffset.Keys.OrderDescending())
        {
            int source = byOffset[offset];
            if (carries.ContainsKey(source) || !byOffset.TryGetValue(offset - scale, out int receiver) || carries.ContainsKey(receiver)) continue;
            var variable = outer.Variable(typeof(double), $"v{k}_scattered{carries.Count / 2}");
            carries[source] = new Carry(variable, true);
            carries[receiver] = new Carry(variable, false);
        }
        return carries;
    }

    /// <summary>
    /// gradient[gather index] += node, for each scatter of <paramref name="loop"/>, at the end of its body <paramref name="body"/>.
    /// </summary>
    public static void Emit(BlockBuilder body, Loop loop, Dictionary<int, Carry>? carries = null)
    {
        for (int j = 0; j < loop.Scatters.Length; j++)
        {
            Scatter s = loop.Scatters[j];
            if (carries is not null && carries.TryGetValue(j, out var carry))
            {
                if (!carry.Source) body.Add(AddToGradient(body, loop.Body[s.Gather], body.Use(s.Node), carry.Variable));
            }
            else body.Add(AddToGradient(body, loop.Body[s.Gather], body.Use(s.Node), null));
        }
        if (carries is not null)
            for (int j = 0; j < loop.Scatters.Length; j++)
                if (carries.TryGetValue(j, out var carry) && carry.Source)
                    body.Add(Expression.Assign(carry.Variable, body.Use(loop.Scatters[j].Node)));
    }

    /// <summary>After the loop: the last iteration's carried scatters, which no next iteration adds (counter - 1 is that iteration).</summary>
    public static void EmitLastCarried(BlockBuilder outer, BlockBuilder body, Loop loop, Dictionary<int, Carry> carries, ParameterExpression counter)
    {
        if (carries.Count == 0) return;
        outer.Add(Expression.PreDecrementAssign(counter));
        for (int j = 0; j < loop.Scatters.Length; j++)
            if (carries.TryGetValue(j, out var carry) && carry.Source)
                outer.Add(AddToGradient(body, loop.Body[loop.Scatters[j].Gather], carry.Variable, null));
    }

    /// <summary>
    /// gradient[index of <paramref name="gather"/>] = gradient[...] (+ <paramref name="carried"/>) + value, in the caller's span or the workspace.
    /// </summary>
    private static Expression AddToGradient(BlockBuilder body, Node gather, Expression value, Expression? carried)
    {
        if (body.Context.Spans is { } spans)
            return carried is null ? Expression.Call(SpanAccess.AddMethod, spans.Gradient, body.GatherIndex(gather, 0), value)
                : Expression.Call(SpanAccess.AddTwoMethod, spans.Gradient, body.GatherIndex(gather, 0), carried, value);
        var cell = Expression.ArrayAccess(body.Context.Scratch, body.GatherIndex(gather, body.Context.Layout.Gradient));
        return Expression.Assign(cell, Expression.Add(carried is null ? cell : Expression.Add(cell, carried), value));
    }
}
