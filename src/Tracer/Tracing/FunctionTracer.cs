using ExprGrad.Ops;

namespace ExprGrad.Tracer;

/// <summary>Step 1 of compilation: runs a user function once on symbolic inputs and keeps the graph it builds.</summary>
internal static class FunctionTracer
{
    /// <summary>Traces <paramref name="function"/> on <paramref name="dimension"/> symbolic inputs.</summary>
    public static Traced Trace(Func<Vec, Scalar> function, int dimension) => Trace((x, _) => function(x), dimension, 0);

    /// <summary>Traces a function of inputs and data; data entries become leaves read from the data span at every call.</summary>
    public static Traced Trace(Func<Vec, Vec, Scalar> function, int dimension, int dataLength)
        => Trace((x, data) => function(x, data[0]), dimension, [dataLength]);

    /// <summary>
    /// Traces a function of inputs and several data vectors, held one after the other in the data span (vector k starts
    /// after the lengths of the vectors before it).
    /// </summary>
    public static Traced Trace(Func<Vec, Vec[], Scalar> function, int dimension, int[] dataLengths)
        => Run(function, new Graph(dimension), dataLengths);

    /// <summary>
    /// <see cref="Trace(Func{Vec, Vec, Scalar}, int, int)"/>, or null when the function branches on a traced value outside
    /// any sum body: it then has paths, traced one at a time at points (<see cref="TraceAt"/>).
    /// </summary>
    public static Traced? TryTrace(Func<Vec, Vec, Scalar> function, int dimension, int dataLength)
        => TryTrace((x, data) => function(x, data[0]), dimension, [dataLength]);

    /// <summary><see cref="TryTrace(Func{Vec, Vec, Scalar}, int, int)"/> for a function of several data vectors (see <see cref="Trace(Func{Vec, Vec[], Scalar}, int, int[])"/>).</summary>
    public static Traced? TryTrace(Func<Vec, Vec[], Scalar> function, int dimension, int[] dataLengths)
    {
        var graph = new Graph(dimension);
        try
        {
            Traced traced = Run(function, graph, dataLengths);
            return graph.MetBranch ? null : traced; // (a function that caught the error and went on)
        }
        catch (InvalidOperationException) when (graph.MetBranch)
        {
            return null;
        }
    }

    /// <summary>
    /// Traces the path the function takes at inputs <paramref name="x"/> and data <paramref name="data"/>: the graph of a
    /// symbolic trace, plus the decisions of its branches (<see cref="Traced.Decisions"/>); the data vectors (lengths <paramref name="dataLengths"/>) one after the other in <paramref name="data"/>.
    /// </summary>
    public static Traced TraceAt(Func<Vec, Vec[], Scalar> function, ReadOnlySpan<double> x, ReadOnlySpan<double> data, int[] dataLengths)
        => Run(function, Graph.AtPoint(x, data), dataLengths);

    private static Traced Run(Func<Vec, Vec[], Scalar> function, Graph graph, int[] dataLengths)
    {
        int dimension = graph.InputCount;
        var inputs = new Scalar[dimension];
        for (int i = 0; i < dimension; i++) inputs[i] = graph.Input(i);
        var data = new Vec[dataLengths.Length];
        var leaves = new DataLeaves(graph);
        for (int k = 0, start = 0; k < data.Length; start += dataLengths[k++]) data[k] = new Vec(leaves.From(start), dataLengths[k], graph, 1, start);
        Scalar output;
        try
        {
            using (Recorder.Enter(graph)) output = function(new Vec(inputs, dimension, graph), data);
        }
        finally
        {
            graph.Seal(); // Scalars kept by the function are now stale: using them later throws.
        }
        return new Traced(graph, graph.IdOfResult(output));
    }
}

/// <summary>Data entries of a traced function, made as leaves on first use; entry i is entry <paramref name="start"/> + i of the data.</summary>
internal sealed class DataLeaves(Graph graph, int start = 0) : VecSource
{
    public override Scalar Get(int index) => graph.ScalarOf(graph.Data(start + index));

    /// <summary>The entries of a data vector that starts at <paramref name="offset"/> in the data span.</summary>
    public DataLeaves From(int offset) => new(graph, offset);
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
