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
    /// gradient[gather index] += node, for each scatter of <paramref name="loop"/>, at the end of its body <paramref name="body"/>
    /// (<paramref name="store"/>: = instead of +=, see <see cref="StoredScatters"/>). A negated node <c>-1 * v</c> is subtracted as v.
    /// </summary>
    public static void Emit(BlockBuilder body, Loop loop, Dictionary<int, Carry>? carries = null, bool store = false)
    {
        for (int j = 0; j < loop.Scatters.Length; j++)
        {
            Scatter s = loop.Scatters[j];
            Carry? carry = carries is not null && carries.TryGetValue(j, out var c) ? c : null;
            if (carry is { Source: true }) continue;
            body.Add(WriteGradient(body, loop.Body[s.Gather], s.Node, carry?.Variable, store));
        }
        if (carries is not null)
            for (int j = 0; j < loop.Scatters.Length; j++)
                if (carries.TryGetValue(j, out var carry) && carry.Source)
                    body.Add(Expression.Assign(carry.Variable, body.Use(loop.Scatters[j].Node)));
    }

    /// <summary>After the loop: the last iteration's carried scatters, which no next iteration adds (counter - 1 is that iteration).</summary>
    public static void EmitLastCarried(BlockBuilder outer, BlockBuilder body, Loop loop, Dictionary<int, Carry> carries, ParameterExpression counter,
        bool store = false)
    {
        if (carries.Count == 0) return;
        outer.Add(Expression.PreDecrementAssign(counter));
        for (int j = 0; j < loop.Scatters.Length; j++)
            if (carries.TryGetValue(j, out var carry) && carry.Source)
                outer.Add(Gradient(body, loop.Body[loop.Scatters[j].Gather], carry.Variable, null, store));
    }

    /// <summary>
    /// The body nodes the scatters of one iteration read (a negated scatter's magnitude; a carried one's node): the roots
    /// of the body's liveness, so a negation that is subtracted instead is not computed.
    /// </summary>
    public static IEnumerable<int> Roots(Loop loop, Dictionary<int, Carry> carries, bool store)
    {
        for (int j = 0; j < loop.Scatters.Length; j++)
        {
            bool has = carries.TryGetValue(j, out var carry);
            yield return has && carry.Source ? loop.Scatters[j].Node : Read(loop.Body, loop.Scatters[j].Node, has, store);
        }
    }

    /// <summary>What writing scatter node <paramref name="node"/> reads: v for <c>-1 * v</c> (subtracted), unless it is stored alone.</summary>
    private static int Read(Graph body, int node, bool carried, bool store)
    {
        int negated = Derivatives.NegatedOperand(body, node);
        return negated == Node.None || (store && !carried) ? node : negated;
    }

    /// <summary>
    /// Writes node <paramref name="node"/> (plus <paramref name="carried"/>) to the gradient entry of <paramref name="gather"/>: added to it, or
    /// stored; a node <c>-1 * v</c> is added as <c>- v</c> (the same bits: negation is exact), so its product need not run.
    /// </summary>
    private static Expression WriteGradient(BlockBuilder body, Node gather, int node, Expression? carried, bool store)
    {
        int read = Read(body.Graph, node, carried is not null, store);
        if (read == node) return Gradient(body, gather, body.Use(node), carried, store);
        Expression magnitude = body.Use(read);
        if (store) return Gradient(body, gather, Expression.Subtract(carried!, magnitude), null, store: true);
        return Gradient(body, gather, magnitude, carried, store: false, subtract: true);
    }

    /// <summary>
    /// gradient[index of <paramref name="gather"/>] = (gradient[...] + <paramref name="carried"/>) ± value, or = value when <paramref name="store"/>,
    /// in the caller's span or the workspace.
    /// </summary>
    private static Expression Gradient(BlockBuilder body, Node gather, Expression value, Expression? carried, bool store, bool subtract = false)
    {
        if (body.Context.Spans is { } spans)
        {
            Expression index = body.GatherIndex(gather, 0);
            if (store) return Expression.Call(SpanAccess.StoreMethod, spans.Gradient, index, carried is null ? value : Expression.Add(carried, value));
            return carried is null
                ? Expression.Call(subtract ? SpanAccess.SubtractMethod : SpanAccess.AddMethod, spans.Gradient, index, value)
                : Expression.Call(subtract ? SpanAccess.AddSubtractMethod : SpanAccess.AddTwoMethod, spans.Gradient, index, carried, value);
        }
        var cell = Expression.ArrayAccess(body.Context.Scratch, body.GatherIndex(gather, body.Context.Layout.Gradient));
        if (store) throw new InvalidOperationException("Only span kernels store scatters: workspace cells are zeroed and added to.");
        Expression sum = carried is null ? cell : Expression.Add(cell, carried);
        return Expression.Assign(cell, subtract ? Expression.Subtract(sum, value) : Expression.Add(sum, value));
    }
}
