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

    public override string Kind => path is not null ? "a Grad.Compile trace at a point" : eager ? "an eager graph recording" : "a Grad.Compile trace";

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
        {
            Recorder.CheckAlive(result.Owner, result.Epoch, "A Scalar returned by the function");
            throw Recorder.Mixed("A Scalar returned by the function", result.Owner, this);
        }
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

    /// <summary>Records a black-box call: one node, whose arguments are this graph's nodes (constants lifted).</summary>
    public override Scalar Call(BlackBox function, ReadOnlySpan<Scalar> arguments)
    {
        var ids = new int[arguments.Length];
        for (int i = 0; i < ids.Length; i++) ids[i] = IdOf(arguments[i]);
        int id = AddCall(function, ids, BlackBox.ValueComponent);
        return Make(id, values[id]);
    }

    /// <summary>
    /// A sum: eager graphs iterate; a symbolic graph (or a path trace) traces the body once, with a symbolic index, into a
    /// nested graph, and records one loop node (whose value a path trace computes, so later branches may read it).
    /// </summary>
    public override Scalar Sum(int count, Func<LoopIndex, Scalar> body)
    {
        if (eager && path is null) return base.Sum(count, body);
        var (bodyGraph, output) = TraceBody(count, body);
        int node = AddLoop(new Loop(bodyGraph, count, [.. bodyGraph.Captures], [output], []));
        return Make(node, path is null ? double.NaN : values[node] = LoopEvaluator.Sum(LoopOf(node), values, path.Inputs, path.Data));
    }

    /// <summary>Traces a loop body once, with a symbolic index, into a graph nested in this one; returns it and its result node.</summary>
    private (Graph Body, int Output) TraceBody(int count, Func<LoopIndex, Scalar> body)
    {
        var bodyGraph = new Graph(this);
        try
        {
            using (Enter(bodyGraph)) return (bodyGraph, bodyGraph.IdOf(body(new BodyVariable(bodyGraph, count).Index)));
        }
        finally
        {
            bodyGraph.Seal(); // the body's Scalars and its index are stale from here on, also after an exception
        }
    }

    /// <summary>The index variable of a loop traced into a body graph: valid while the body is being traced.</summary>
    private sealed class BodyVariable : LoopVariable
    {
        private readonly Graph body;

        public BodyVariable(Graph body, int count)
        {
            this.body = body;
            Count = count;
        }

        public LoopIndex Index => new(this, body.Epoch, 0, 1, 0);
        public override int Epoch => body.Epoch;
        public override int ThreadId => body.ThreadId;
        public override Recorder Owner => body;
        public override bool IsSymbolic => true;

        public override Scalar Gather(in Vec vector, int scale, int offset)
        {
            // A view of constants (Vec.Of) is compiled in: a table of the trace.
            if (vector.Constants is { } constants) return body.ScalarOf(body.Gather(body.TableOf(constants), scale, offset));
            // Otherwise the vector must be an input or data vector of this very trace: its id says which one.
            Recorder root = body;
            while (root.Parent is { } parent) root = parent;
            if (vector.VectorId < 0) throw NotAVectorOfTheFunction(vector);
            if (!ReferenceEquals(vector.Owner, root))
                throw vector.Owner is { } other ? Recorder.Mixed("A Vec", other, root) : new InvalidOperationException(
                    $"A Vec of constants (the data of a Grad.Tape or Grad.Forward function) was read with the loop index of {root.Kind}: " +
                    "it gathers only from the trace's own inputs and data, and values from two different recordings cannot be combined. " +
                    "Compile the function with its data instead: Grad.Compile(f, dimension, dataLength).");
            return body.ScalarOf(body.Gather(vector.VectorId, scale, vector.Start + offset));
        }
    }
}
