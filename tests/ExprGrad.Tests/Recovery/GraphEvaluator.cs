using ExprGrad.Ops;
using ExprGrad.Tracer;

namespace ExprGrad.Tests.Recovery;

/// <summary>
/// A plain interpreter of forward graphs with loops (gathers, captures, tables, initial values), for testing graph
/// transforms apart from the code generator: it evaluates each node in order, each loop iteration by iteration.
/// </summary>
internal static class GraphEvaluator
{
    public static double Evaluate(Graph g, int output, double[] x, double[]? data = null)
        => Values(g, x, data ?? [], [], 0, [])[output];

    private static double[] Values(Graph g, double[] x, double[] data, double[] captures, int counter, double[] _)
    {
        var v = new double[g.Count];
        for (int k = 0; k < g.Count; k++)
        {
            Node n = g[k];
            if (n.Op == OpTable.Input) v[k] = x[(int)n.Parameter];
            else if (n.Op == OpTable.Constant) v[k] = n.Parameter;
            else if (n.Op == OpTable.Data) v[k] = data[(int)n.Parameter];
            else if (n.Op == OpTable.Capture) v[k] = captures[(int)n.Parameter];
            else if (n.Op == OpTable.Gather)
            {
                int index = n.B * counter + n.C;
                v[k] = n.A == 0 ? x[index] : n.A == 1 ? data[index] : g.Tables[n.A - Graph.FirstTableVector][index];
            }
            else if (n.Op == OpTable.Loop)
            {
                Loop loop = g.Loops[(int)n.Parameter];
                double[] inner = [.. loop.Captures.Select(c => v[c])];
                double sum = loop.Initial == -1 ? 0.0 : v[loop.Initial];
                for (int i = 0; i < loop.Count; i++) sum += Values(loop.Body, x, data, inner, i, [])[loop.Accumulate[0]];
                v[k] = sum;
            }
            else v[k] = n.Op.Eval(v[n.A], n.B >= 0 ? v[n.B] : 0, n.C >= 0 ? v[n.C] : 0, n.Parameter);
        }
        return v;
    }
}
