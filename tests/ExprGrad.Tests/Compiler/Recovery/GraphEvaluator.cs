using ExprGrad.Tracer;

namespace ExprGrad.Tests.Compiler.Recovery;

/// <summary>
/// A plain interpreter of forward graphs with loops (gathers, captures, tables, initial values), for testing graph
/// transforms apart from the code generator: it evaluates each node in order, each loop iteration by iteration.
/// </summary>
internal static class GraphEvaluator
{
    public static double Evaluate(Graph g, int output, double[] x, double[]? data = null) => Values(g, x, data ?? [], [], 0)[output];

    private static double[] Values(Graph g, double[] x, double[] data, double[] captures, int counter)
    {
        var v = new double[g.Count];
        for (int k = 0; k < g.Count; k++)
        {
            Node n = g[k];
            v[k] = n.Kind switch
            {
                NodeKind.Input => x[n.InputIndex],
                NodeKind.Constant => n.ConstantValue,
                NodeKind.Data => data[n.DataIndex],
                NodeKind.Capture => captures[n.CaptureIndex],
                NodeKind.Gather => Vector(g, n.GatherVector, x, data)[n.GatherScale * counter + n.GatherOffset],
                NodeKind.Loop => Run(g.LoopOf(k), v, x, data),
                NodeKind.Operation => n.Op.Eval(v[n.Operand(0)], At(v, n.Operand(1)), At(v, n.Operand(2)), n.Parameter),
                NodeKind.Call => g.CallOf(k) is var call ? call.Function.Evaluate([.. call.Arguments.Select(a => v[a])], call.Component) : 0,
                _ => throw new NotSupportedException($"The evaluator runs forward graphs: no {n.Kind} nodes."),
            };
        }
        return v;
    }

    private static double Run(Loop loop, double[] v, double[] x, double[] data)
    {
        double[] inner = [.. loop.Captures.Select(c => v[c])];
        double sum = loop.Initial == Node.None ? 0.0 : v[loop.Initial];
        for (int i = 0; i < loop.Count; i++) sum += Values(loop.Body, x, data, inner, i)[loop.Accumulate[0]];
        return sum;
    }

    private static double[] Vector(Graph g, int vector, double[] x, double[] data)
        => vector == 0 ? x : vector == 1 ? data : g.Tables[vector - Graph.FirstTableVector];

    private static double At(double[] v, int id) => id == Node.None ? 0 : v[id];
}
