using ExprGrad.Ops;

namespace ExprGrad.Tracer;

/// <summary>Step 1 of compilation: runs a user function once on symbolic inputs and keeps the graph it builds.</summary>
internal static class FunctionTracer
{
    /// <summary>Traces <paramref name="function"/> on <paramref name="dimension"/> symbolic inputs.</summary>
    public static Traced Trace(Func<Vec, Scalar> function, int dimension) => Trace((x, _) => function(x), dimension, 0);

    /// <summary>Traces a function of inputs and data; data entries become leaves read from the data span at every call.</summary>
    public static Traced Trace(Func<Vec, Vec, Scalar> function, int dimension, int dataLength)
        => Run(function, new Graph(dimension), dataLength);

    /// <summary>
    /// <see cref="Trace(Func{Vec, Vec, Scalar}, int, int)"/>, or null when the function branches on a traced value outside
    /// any sum body: it then has paths, traced one at a time at points (<see cref="TraceAt"/>).
    /// </summary>
    public static Traced? TryTrace(Func<Vec, Vec, Scalar> function, int dimension, int dataLength)
    {
        var graph = new Graph(dimension);
        try
        {
            Traced traced = Run(function, graph, dataLength);
            return graph.MetBranch ? null : traced; // (a function that caught the error and went on)
        }
        catch (InvalidOperationException) when (graph.MetBranch)
        {
            return null;
        }
    }

    /// <summary>
    /// Traces the path the function takes at inputs <paramref name="x"/> and data <paramref name="data"/>: the graph of a
    /// symbolic trace, plus the decisions of its branches (<see cref="Traced.Decisions"/>).
    /// </summary>
    public static Traced TraceAt(Func<Vec, Vec, Scalar> function, ReadOnlySpan<double> x, ReadOnlySpan<double> data)
        => Run(function, Graph.AtPoint(x, data), data.Length);

    private static Traced Run(Func<Vec, Vec, Scalar> function, Graph graph, int dataLength)
    {
        int dimension = graph.InputCount;
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
internal sealed record Traced(Graph Graph, int Output)
{
    /// <summary>The branches a path trace decided, the guards of its path (none for a symbolic trace).</summary>
    public IReadOnlyList<Decision> Decisions => Graph.Decisions;

    /// <summary>True when <paramref name="other"/> is the same trace: same graph, output and decisions.</summary>
    public bool SameAs(Traced other)
        => Output == other.Output && Decisions.SequenceEqual(other.Decisions) && Graph.SameStructureAs(other.Graph);
}
