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
        // A structural zero where node k does not depend on the input.
        var tangent = new Derivatives(graph, output + 1);
        tangent.Accumulate(input, graph.Constant(1.0));
        for (int k = 0; k <= output; k++)
        {
            Node n = graph[k];
            if (n.Kind == NodeKind.Call) CallTangent(graph, k, tangent);
            if (n.Kind != NodeKind.Operation) continue; // an input or a constant: eager graphs iterate sums
            int mask = 0;
            for (int i = 0; i < n.Op.Arity; i++) if (!tangent.IsZero(n.Operand(i))) mask |= 1 << i;
            // In an eager graph the values are known: the op says which tangents matter here (a select's chosen branch).
            if (graph.KnowsValues)
                mask = n.Op.ActiveInputs(Value(graph, n.Operand(0)), Value(graph, n.Operand(1)), Value(graph, n.Operand(2)), mask);
            for (int i = 0; i < n.Op.Arity; i++)
            {
                int from = n.Operand(i);
                if ((mask & (1 << i)) == 0 || !n.Op.HasPartial(i)) continue;
                Scalar term = n.Op.PartialTimes(i, Arg(graph, n.Operand(0)), Arg(graph, n.Operand(1)), Arg(graph, n.Operand(2)),
                    graph.ScalarOf(k), n.Parameter, graph.ScalarOf(tangent[from]), false);
                tangent.Accumulate(k, graph.IdOf(term));
            }
        }
        return tangent.IsZero(output) ? graph.Constant(0.0) : tangent[output];
    }

    /// <summary>A black-box call's tangent: the sum of partial * tangent over its arguments that carry one.</summary>
    private static void CallTangent(Graph graph, int k, Derivatives tangent)
    {
        CallSite call = graph.CallOf(k);
        for (int i = 0; i < call.Arguments.Length; i++)
        {
            int from = call.Arguments[i];
            if (tangent.IsZero(from)) continue;
            if (!call.IsValue) throw call.Function.NoSecondDerivative();
            tangent.Accumulate(k, graph.Add(OpTable.Mul, graph.AddCall(call.Function, call.Arguments, i), tangent[from]));
        }
    }

    private static Scalar Arg(Graph g, int id) => id == Node.None ? default : g.ScalarOf(id);

    private static double Value(Graph g, int id) => id == Node.None ? 0 : g.ValueOf(id);
}
