using ExprGrad.Ops;

namespace ExprGrad.Tracer;

/// <summary>
/// <see cref="Vec.Map"/> while tracing: the body is traced once into a nested graph and recorded as a loop with no
/// accumulator that writes its result into output i at iteration i (a scatter into an output index, see
/// <see cref="OutputIndex"/>). The map's entries are the function's outputs: they cannot be read while tracing.
/// </summary>
internal sealed partial class Graph
{
    /// <summary>
    /// The gather vector of an output index: a leaf naming the entry <c>scale * i + offset</c> of the program's output vector
    /// that a scatter writes. Never read (never live), so never loaded.
    /// </summary>
    public const int OutputVector = -1;

    /// <summary>The leaf naming output entry <c>scale * i + offset</c> of this loop body (for scatters).</summary>
    public int OutputIndex(int scale, int offset) => Gather(OutputVector, scale, offset);

    /// <summary>Replaces loop <paramref name="loopId"/>'s record (transforms redirecting the scatters of loops they made).</summary>
    public void ReplaceLoop(int loopId, Loop loop) => loops[loopId] = loop;

    public override Vec Map(int count, Func<LoopIndex, Scalar> body)
    {
        if (eager) return base.Map(count, body);
        if (parent is not null)
            throw new NotSupportedException(
                "Vec.Map was called inside a Scalar.Sum or Vec.Map body while tracing: a map gives the function's outputs, so call it " +
                "at the top level of the function and return it (inside a loop body, compute the values with Scalar.Sum or plain arithmetic).");
        var (bodyGraph, output) = TraceBody(count, body);
        int write = bodyGraph.OutputIndex(1, 0);
        int node = AddLoop(new Loop(bodyGraph, count, [.. bodyGraph.Captures], [], [new Scatter(output, write)]));
        return new Vec(new MapOutputs(node), count, this, Vec.MapVector);
    }

    /// <summary>The loop node of a map traced by this graph, read from the Vec it returned (null for any other Vec).</summary>
    public static int? MapNodeOf(in Vec vector) => vector.Source is MapOutputs map ? map.LoopNode : null;

    private static Exception NotAVectorOfTheFunction(in Vec vector) => vector.VectorId == Vec.MapVector
        ? MapOutputs.ReadError()
        : new NotSupportedException(
            "A Vec made by Vec.Of was read with a loop index while tracing for Grad.Compile: a loop gathers only from the function's " +
            "own inputs and data. Read it with int indices (v[0]), or pass the values as data (Grad.Compile(f, dimension, dataLength)).");

    /// <summary>The outputs of a traced map: they exist only when the compiled code runs.</summary>
    private sealed class MapOutputs(int loopNode) : VecSource
    {
        public int LoopNode => loopNode;

        public override Scalar Get(int index) => throw ReadError();

        public static NotSupportedException ReadError() => new(
            "An entry of a Vec.Map was read while tracing: a map's entries are the outputs of the traced function, computed only when " +
            "the compiled code runs. Return the Vec (Grad.CompileJacobian), and compute any value the function needs from them again.");
    }
}
