using ExprGrad.Ops;

namespace ExprGrad.Tracer;

/// <summary>
/// The graph as a <see cref="Recorder"/>: traced code's operations on <see cref="Scalar"/>s become nodes, and a
/// <see cref="Scalar.Sum"/> traces its body once into a nested graph. With input values the graph is eager
/// (every node's value is known, so comparisons may decide branches).
/// </summary>
internal sealed partial class Graph : Recorder
{
    public override Recorder? Parent => parent;

    public override string Kind => eager ? "an eager graph recording" : "a Grad.Compile trace";

    public override bool KnowsValues => eager;

    /// <summary>Input <paramref name="i"/> as a <see cref="Scalar"/> owned by this graph.</summary>
    public Scalar Input(int i) => Make(i, values[i]);

    /// <summary>Node <paramref name="id"/> as a <see cref="Scalar"/> owned by this graph.</summary>
    public Scalar ScalarOf(int id) => Make(id, values[id]);

    /// <summary>The node id of a <see cref="Scalar"/> of this graph, or of a (new or shared) constant node.</summary>
    public int IdOf(in Scalar s)
    {
        Scalar.SharedOwner(s, this);
        if (s.Owner is null) return Constant(s.Value);
        if (ReferenceEquals(s.Owner, this)) return s.Index;
        // A value of an enclosing graph used in this loop body: capture it (through every level between).
        return Capture(parent!.IdOf(s));
    }

    /// <summary>
    /// The node id of a function's result after the recording was sealed: a result from another recording
    /// is rejected, a constant result becomes a constant node.
    /// </summary>
    public int IdOfResult(in Scalar result)
    {
        if (result.Owner is null) return Constant(result.Value);
        if (!ReferenceEquals(result.Owner, this))
            throw new InvalidOperationException(
                $"The function returned a Scalar from {result.Owner.Kind}, not from this trace: " +
                "a Scalar belongs to the single call that created it.");
        return result.Index;
    }

    /// <summary>Records an operation on this graph's <see cref="Scalar"/>s (constants are lifted to nodes).</summary>
    public override Scalar Record(Op op, in Scalar a, in Scalar b, in Scalar c, double p)
    {
        int ia = IdOf(a);
        int ib = op.Arity > 1 ? IdOf(b) : Node.None;
        int ic = op.Arity > 2 ? IdOf(c) : Node.None;
        int id = Add(op, ia, ib, ic, p);
        return Make(id, values[id]);
    }

    /// <summary>
    /// A sum: eager graphs iterate; a symbolic graph traces the body once, with a symbolic index, into a
    /// nested graph, and records one loop node.
    /// </summary>
    public override Scalar Sum(int count, Func<LoopIndex, Scalar> body)
    {
        if (eager) return base.Sum(count, body);
        var bodyGraph = new Graph(this);
        Scalar result;
        using (Enter(bodyGraph))
        {
            result = body(new LoopIndex(new BodyVariable(bodyGraph, count), 1, 0));
        }
        int output = bodyGraph.IdOf(result);
        bodyGraph.Seal();
        int node = AddLoop(new Loop(bodyGraph, count, [.. bodyGraph.Captures], [output], []));
        return Make(node, double.NaN);
    }

    /// <summary>The index variable of a loop traced into <paramref name="body"/>.</summary>
    private sealed class BodyVariable(Graph body, int count) : LoopVariable(count)
    {
        public override Scalar Gather(in Vec vector, int scale, int offset) => body.ScalarOf(body.Gather(vector.VectorId, scale, offset));
    }
}
