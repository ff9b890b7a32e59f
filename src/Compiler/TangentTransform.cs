using ExprGrad.Ops;
using ExprGrad.Tracer;

namespace ExprGrad.Compiler;

/// <summary>
/// Forward mode as a graph transform: appends to a graph the nodes computing the derivative
/// of a node with respect to one input, built from the op table's rules. Applied to its own result it gives
/// higher derivatives (the graph of a derivative is itself differentiable).
/// </summary>
internal static class TangentTransform
{
    /// <summary>The node of d(<paramref name="output"/>)/d(input <paramref name="input"/>), appended to <paramref name="graph"/>.</summary>
    public static int Apply(Graph graph, int output, int input)
    {
        // tangent[k] = -1 is a structural zero: node k does not depend on the input.
        var tangent = new int[output + 1];
        Array.Fill(tangent, -1);
        tangent[input] = graph.Constant(1.0);
        for (int k = 0; k <= output; k++)
        {
            Node n = graph[k];
            if (n.Op == OpTable.Input || n.Op == OpTable.Constant) continue;
            int mask = 0;
            for (int i = 0; i < n.Op.Arity; i++) if (tangent[n.Input(i)] >= 0) mask |= 1 << i;
            // In an eager graph the values are known: the op says which tangents matter here (a select's chosen branch).
            if (graph.KnowsValues)
                mask = n.Op.ActiveInputs(Value(graph, n.A), Value(graph, n.B), Value(graph, n.C), mask);
            for (int i = 0; i < n.Op.Arity; i++)
            {
                int from = n.Input(i);
                if ((mask & (1 << i)) == 0 || !n.Op.HasPartial(i)) continue;
                Scalar term = n.Op.Linear(i, Arg(graph, n.A), Arg(graph, n.B), Arg(graph, n.C),
                    graph.ScalarOf(k), n.Parameter, graph.ScalarOf(tangent[from]), false);
                int t = graph.IdOf(term);
                tangent[k] = tangent[k] < 0 ? t : graph.Add(OpTable.Add, tangent[k], t);
            }
        }
        return tangent[output] < 0 ? graph.Constant(0.0) : tangent[output];
    }

    private static Scalar Arg(Graph g, int id) => id < 0 ? default : g.ScalarOf(id);

    private static double Value(Graph g, int id) => id < 0 ? 0 : g.ValueOf(id);
}
