using ExprGrad.Ops;

namespace ExprGrad.Tracer;

/// <summary>
/// The value of a traced loop at a point, from the values around it: a path trace needs it when code after a sum branches
/// on it. Each iteration evaluates the body's nodes in order with the op table's forward functions and adds its result in
/// index order, as compiled loops do.
/// </summary>
internal static class LoopEvaluator
{
    /// <summary>
    /// The sum of <paramref name="loop"/>, whose captures read <paramref name="outer"/> (the values of the graph holding it);
    /// gathers read <paramref name="x"/> (vector 0), <paramref name="data"/> (vector 1) and the trace's tables.
    /// </summary>
    /// <remarks>A nested loop recurses once per level of nesting, as tracing its body did (never per node).</remarks>
    public static double Sum(Loop loop, IReadOnlyList<double> outer, double[] x, double[] data)
    {
        Graph body = loop.Body;
        var v = new double[body.Count];
        double sum = 0;
        for (int i = 0; i < loop.Count; i++)
        {
            for (int k = 0; k < body.Count; k++)
            {
                Node n = body[k];
                v[k] = n.Kind switch
                {
                    NodeKind.Constant => n.ConstantValue,
                    NodeKind.Capture => outer[loop.Captures[n.CaptureIndex]],
                    NodeKind.Gather => Vector(body, n.GatherVector, x, data)[n.GatherScale * i + n.GatherOffset],
                    NodeKind.Operation => n.Op.Eval(v[n.Operand(0)], Operand(v, n, 1), Operand(v, n, 2), n.Parameter),
                    NodeKind.Loop => Sum(body.LoopOf(k), v, x, data),
                    NodeKind.Call => Call(body.CallOf(k), v),
                    _ => throw new InvalidOperationException($"A traced loop body has no {n.Kind} nodes."),
                };
            }
            sum += v[loop.Accumulate[0]];
        }
        return sum;
    }

    // Vector 0: the inputs, 1: the data, from Graph.FirstTableVector on: the trace's tables of constants.
    private static double[] Vector(Graph body, int vector, double[] x, double[] data)
        => vector == 0 ? x : vector == 1 ? data : body.Tables[vector - Graph.FirstTableVector];

    // A black box (CustomOp.Function) in the body: called with its arguments' values, as the compiled loop calls it.
    private static double Call(CallSite call, double[] v)
    {
        var arguments = new double[call.Arguments.Length];
        for (int j = 0; j < arguments.Length; j++) arguments[j] = v[call.Arguments[j]];
        return call.Function.Evaluate(arguments, call.Component);
    }

    private static double Operand(double[] v, Node n, int i) => n.Op.Arity > i ? v[n.Operand(i)] : 0;
}
