using ExprGrad.Tracer;

namespace ExprGrad.Compiler;

/// <summary>
/// What one run of a program costs, counted in statements: each live statement once, a loop its body's statements once per
/// iteration (nested loops likewise), a forward loop replaced by its fused adjoint loop nothing. Chooses between programs
/// computing the same thing (a Jacobian by columns or by rows).
/// </summary>
internal static class ProgramCost
{
    public static long Of(GradientProgram program)
    {
        Graph g = program.Graph;
        return Statements(g, Liveness.From(g, [program.Value, .. program.Gradient, .. program.Effects]));
    }

    // Recursion over loop nesting only.
    private static long Statements(Graph g, bool[] live)
    {
        var replaced = new HashSet<int>(g.Loops.Where(l => l.Fusion is not null).Select(l => l.Fusion!.ForwardLoop));
        long cost = 0;
        for (int k = 0; k < g.Count; k++)
        {
            if (!live[k] || g[k].IsLeaf) continue;
            if (g[k].Kind != NodeKind.Loop) cost++;
            else if (!replaced.Contains(k))
            {
                Loop loop = g.LoopOf(k);
                cost += 1 + loop.Count * Statements(loop.Body, Liveness.InBody(loop));
            }
        }
        return cost;
    }
}
