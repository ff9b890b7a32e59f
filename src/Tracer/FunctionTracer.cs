namespace ExprGrad.Tracer;

/// <summary>Step 1 of compilation: runs a user function once on symbolic inputs and keeps the graph it builds.</summary>
internal static class FunctionTracer
{
    /// <summary>Traces <paramref name="function"/> on <paramref name="dimension"/> symbolic inputs.</summary>
    public static Traced Trace(Func<Vec, Scalar> function, int dimension)
    {
        var graph = new Graph(dimension);
        var inputs = new Scalar[dimension];
        for (int i = 0; i < dimension; i++) inputs[i] = graph.Input(i);
        Scalar output;
        try
        {
            output = function(new Vec(inputs, dimension));
        }
        finally
        {
            graph.Seal(); // Scalars kept by the function are now stale: using them later throws.
        }
        return new Traced(graph, graph.IdOfResult(output));
    }
}

/// <summary>A traced function: its graph and the node holding its result.</summary>
internal sealed record Traced(Graph Graph, int Output);
