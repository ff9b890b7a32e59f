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
internal static class ReverseTransform
{
    /// <summary>Builds value and gradient of <paramref name="output"/> (a node of <paramref name="forward"/>).</summary>
    public static Program Apply(Graph forward, int output, bool strongZero)
    {
        // 1. Copy the forward program (ids stay: the copy appends in the same order with nothing to fold).
        Graph fused = forward.EmptyLike();
        var map = new int[forward.Count];
        for (int k = 0; k < forward.Count; k++)
        {
            Node n = forward[k];
            map[k] = n.Op == OpTable.Input ? k
                : n.Op == OpTable.Constant ? fused.Constant(n.Parameter)
                : fused.Add(n.Op, Map(map, n.A), Map(map, n.B), Map(map, n.C), n.Parameter);
        }
        int y = map[output];

        // 2. Which nodes depend on an input: only those receive adjoints.
        var varies = new bool[fused.Count];
        for (int k = 0; k <= y; k++)
        {
            Node n = fused[k];
            varies[k] = n.Op == OpTable.Input
                || (n.A >= 0 && varies[n.A]) || (n.B >= 0 && varies[n.B]) || (n.C >= 0 && varies[n.C]);
        }

        // 3. Reverse sweep: adjoint[k] is final when k is reached (all consumers come later). -1 = symbolic zero.
        var adjoint = new int[y + 1];
        Array.Fill(adjoint, -1);
        var names = new Dictionary<int, string>();
        if (varies[y]) adjoint[y] = fused.Constant(1.0);
        for (int k = y; k >= 0; k--)
        {
            if (adjoint[k] < 0) continue;
            Node n = fused[k];
            if (n.Op == OpTable.Input) continue;
            if (!fused.IsConstant(adjoint[k]) && adjoint[k] >= forward.Count) names.TryAdd(adjoint[k], $"v{k}_bar");
            for (int i = 0; i < n.Op.Arity; i++)
            {
                int input = n.Input(i);
                if (!varies[input] || !n.Op.HasPartial(i)) continue;
                Scalar contribution = n.Op.Linear(i, Arg(fused, n.A), Arg(fused, n.B), Arg(fused, n.C),
                    fused.ScalarOf(k), n.Parameter, fused.ScalarOf(adjoint[k]), strongZero);
                int c = fused.IdOf(contribution);
                adjoint[input] = adjoint[input] < 0 ? c : fused.Add(OpTable.Add, adjoint[input], c);
            }
        }

        // 4. Outputs: the value, then the gradient (a symbolic zero becomes the constant 0).
        var gradient = new int[forward.InputCount];
        for (int i = 0; i < gradient.Length; i++)
        {
            gradient[i] = i <= y && adjoint[i] >= 0 ? adjoint[i] : fused.Constant(0.0);
            if (!fused.IsConstant(gradient[i]) && gradient[i] >= forward.Count) names.TryAdd(gradient[i], $"x{i}_bar");
        }
        fused.Seal();
        return new Program(fused, y, gradient, names);
    }

    private static int Map(int[] map, int id) => id < 0 ? -1 : map[id];

    private static Scalar Arg(Graph g, int id) => id < 0 ? default : g.ScalarOf(id);
}

/// <summary>
/// A graph with designated outputs: the value node and (for gradients) one node per input, plus name hints
/// for readable generated code (<c>v7_bar</c> is the adjoint of node 7).
/// </summary>
internal sealed record Program(Graph Graph, int Value, int[] Gradient, IReadOnlyDictionary<int, string> Names)
{
    /// <summary>A forward-only program computing the value.</summary>
    public static Program ValueOnly(Graph graph, int value) => new(graph, value, [], new Dictionary<int, string>());
}
