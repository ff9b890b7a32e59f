using ExprGrad.Ops;

namespace ExprGrad.Tracer;

/// <summary>Step 1 of compilation: runs a user function once on symbolic inputs and keeps the graph it builds.</summary>
internal static class FunctionTracer
{
    /// <summary>Traces <paramref name="function"/> on <paramref name="dimension"/> symbolic inputs.</summary>
    public static Traced Trace(Func<Vec, Scalar> function, int dimension) => Trace((x, _) => function(x), dimension, 0);

    /// <summary>Traces a function of inputs and data; data entries become leaves read from the data span at every call.</summary>
    public static Traced Trace(Func<Vec, Vec, Scalar> function, int dimension, int dataLength)
    {
        var graph = new Graph(dimension);
        var inputs = new Scalar[dimension];
        for (int i = 0; i < dimension; i++) inputs[i] = graph.Input(i);
        Scalar output;
        try
        {
            using (Recorder.Enter(graph)) output = function(new Vec(inputs, dimension, graph), new Vec(new DataLeaves(graph), dataLength, graph, 1));
        }
        finally
        {
            graph.Seal(); // Scalars kept by the function are now stale: using them later throws.
        }
        return new Traced(graph, graph.IdOfResult(output));
    }
}

/// <summary>Data entries of a traced function, made as leaves on first use.</summary>
internal sealed class DataLeaves(Graph graph) : VecSource
{
    public override Scalar Get(int index) => graph.ScalarOf(graph.Data(index));
}

/// <summary>A traced function: its graph and the node holding its result.</summary>
internal sealed record Traced(Graph Graph, int Output);
