using ExprGrad.Ops;

namespace ExprGrad.Tracer;

/// <summary>
/// Step 1 for vector functions (<c>Grad.CompileJacobian</c>): runs the function once on symbolic inputs, as
/// <see cref="FunctionTracer"/> does, and reads the <see cref="Vec"/> it returns: a list of Scalars
/// (<see cref="Vec.Of(Scalar[])"/>), or a traced <see cref="Vec.Map"/> (one loop writing every output).
/// </summary>
internal static class VectorTracer
{
    /// <summary>Traces a function of inputs and data returning a Vec.</summary>
    /// <exception cref="ArgumentException">The function returned an empty Vec.</exception>
    public static VectorTraced Trace(Func<Vec, Vec, Vec> function, int dimension, int dataLength)
    {
        Vec result = default;
        // The scalar tracer runs the function and seals the graph; the Vec is read afterwards.
        Traced traced = FunctionTracer.Trace((x, data) => { result = function(x, data); return 0.0; }, dimension, dataLength);
        Graph graph = traced.Graph;
        if (result.Length == 0)
            throw new ArgumentException(
                "The function returned an empty Vec: a Jacobian needs at least one output (Vec.Of(...) with entries, or Vec.Map with a positive count).",
                nameof(function));
        if (result.Owner is { } owner && !ReferenceEquals(owner, graph))
        {
            Recorder.CheckAlive(owner, result.Epoch, "A Vec returned by the function");
            throw Recorder.Mixed("A Vec returned by the function", owner, graph);
        }
        if (Graph.MapNodeOf(result) is int map) return new VectorTraced(graph, [], map);
        var outputs = new int[result.Length];
        for (int i = 0; i < outputs.Length; i++) outputs[i] = graph.IdOfResult(result.ItemAt(i));
        return new VectorTraced(graph, outputs, Node.None);
    }
}

/// <summary>
/// A traced vector function: its graph and either the nodes of its outputs (<see cref="Outputs"/>) or the loop node of the
/// map writing them all (<see cref="Map"/>, else <see cref="Node.None"/>).
/// </summary>
internal sealed record VectorTraced(Graph Graph, int[] Outputs, int Map)
{
    /// <summary>True when one map loop writes every output.</summary>
    public bool IsMap => Map != Node.None;

    /// <summary>Number of outputs.</summary>
    public int Count => IsMap ? Graph.LoopOf(Map).Count : Outputs.Length;

    /// <summary>The same function on another graph (<paramref name="outputs"/>: the new ids of <see cref="Outputs"/>, or of the map).</summary>
    public VectorTraced With(Graph graph, int[] outputs) => IsMap ? new(graph, [], outputs[0]) : new(graph, outputs, Node.None);

    /// <summary>The nodes a transform must keep: the outputs, or the map.</summary>
    public int[] Roots => IsMap ? [Map] : Outputs;
}
