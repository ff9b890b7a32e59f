using System.Runtime.InteropServices;
using ExprGrad.Ops;

namespace ExprGrad.Tracer;

/// <summary>
/// A straight-line program in SSA form: node ids are positions, every node's inputs come before it, so
/// creation order is a topological order. Building is hash-consed (the same op on the same inputs is one
/// node), constants fold, and the op table's identities (<c>x*1</c>, <c>x+0</c>) simplify as nodes are made.
/// As a <see cref="Recorder"/> it turns operations on <see cref="Scalar"/>s into nodes; with input values
/// it is eager (every node's value is known, so comparisons may decide branches).
/// </summary>
internal sealed class Graph : Recorder
{
    private readonly List<Node> nodes = [];
    private readonly List<double> values = [];
    private readonly Dictionary<Node, int> interned = [];
    private readonly List<int> captures = [];
    private readonly Dictionary<int, int> captureLeaves = [];
    private readonly List<Loop> loops = [];
    private readonly bool eager;
    private readonly Graph? parent;

    /// <summary>A symbolic graph with <paramref name="inputCount"/> inputs (node ids 0..inputCount-1).</summary>
    public Graph(int inputCount) : this(inputCount, null) { }

    /// <summary>The symbolic graph of a loop body nested in <paramref name="parent"/>.</summary>
    public Graph(Graph parent) : this(0, null)
    {
        this.parent = parent;
    }

    public override Recorder? Parent => parent;

    /// <summary>For a loop body: the parent node of each capture leaf (capture index = position).</summary>
    public IReadOnlyList<int> Captures => captures;

    /// <summary>The loops of this graph; a <see cref="OpTable.Loop"/> node's parameter indexes this list.</summary>
    public IReadOnlyList<Loop> Loops => loops;

    /// <summary>Gathers read vector 0 (the inputs), 1 (the data) or, from this one on, a table of constants.</summary>
    public const int FirstTableVector = 2;

    private IReadOnlyList<double[]> tables = [];

    /// <summary>
    /// Constant tables a loop body reads by its index (top-level graph; gather vector <see cref="FirstTableVector"/> + t
    /// reads table t): the constants plain C# captured per iteration, lifted by loop recovery.
    /// </summary>
    public IReadOnlyList<double[]> Tables => parent?.Tables ?? tables;

    /// <summary>Sets the tables of a top-level graph.</summary>
    public void SetTables(IReadOnlyList<double[]> values) => tables = values;

    /// <summary>True when a gather of this graph, or of a loop nested in it, reads the inputs (vector 0).</summary>
    public bool ReadsInputs { get; private set; }

    /// <summary>An eager graph: inputs have the given values and every node's value is computed as it is made.</summary>
    public Graph(ReadOnlySpan<double> inputValues) : this(inputValues.Length, inputValues.ToArray()) { }

    private Graph(int inputCount, double[]? inputValues)
    {
        eager = inputValues is not null;
        InputCount = inputCount;
        for (int i = 0; i < inputCount; i++) Append(new Node(OpTable.Input, -1, -1, -1, i), inputValues?[i] ?? double.NaN);
    }

    /// <summary>A fresh graph with the same inputs, for transforms that build a new program from this one.</summary>
    public Graph EmptyLike() => eager ? new Graph(InputCount, [.. values.Take(InputCount)]) : new Graph(InputCount);

    /// <summary>
    /// The leaf reading the parent's node <paramref name="parentId"/> inside this loop body (one per parent node).
    /// </summary>
    public int Capture(int parentId)
    {
        if (parent is null) throw new InvalidOperationException("Only a loop body captures values.");
        if (captureLeaves.TryGetValue(parentId, out int leaf)) return leaf;
        leaf = Append(new Node(OpTable.Capture, -1, -1, -1, captures.Count), double.NaN);
        captures.Add(parentId);
        captureLeaves.Add(parentId, leaf);
        return leaf;
    }

    /// <summary>The leaf reading vector <paramref name="vector"/> at <c>scale * i + offset</c> in this loop body.</summary>
    public int Gather(int vector, int scale, int offset)
    {
        ReadsInputs |= vector == 0;
        return Intern(new Node(OpTable.Gather, vector, scale, offset, 0), double.NaN);
    }

    /// <summary>The leaf reading data entry <paramref name="index"/> (top-level graphs).</summary>
    public int Data(int index) => Intern(new Node(OpTable.Data, -1, -1, -1, index), double.NaN);

    /// <summary>Appends a loop node (never shared: each loop is its own site).</summary>
    public int AddLoop(Loop loop)
    {
        loops.Add(loop);
        ReadsInputs |= loop.Body.ReadsInputs;
        return Append(new Node(OpTable.Loop, -1, -1, -1, loops.Count - 1), double.NaN);
    }

    private readonly Dictionary<int, (int Loop, int Component)> fusions = [];
    private readonly HashSet<int> fusedLoops = [];

    /// <summary>
    /// Records that loop node <paramref name="adjointLoop"/> (which comes later) also computes the value of loop
    /// node <paramref name="forwardLoop"/> as its accumulator <paramref name="component"/>, and may run in its place:
    /// forward and reverse of each iteration then share one loop.
    /// </summary>
    public void Fuse(int forwardLoop, int adjointLoop, int component)
    {
        fusions[forwardLoop] = (adjointLoop, component);
        fusedLoops.Add(adjointLoop);
    }

    /// <summary>The loop that computes loop node <paramref name="forwardLoop"/> in its place, if any.</summary>
    public bool TryGetFusion(int forwardLoop, out (int Loop, int Component) fusion) => fusions.TryGetValue(forwardLoop, out fusion);

    /// <summary>Every fusion: forward loop node, the loop that runs in its place, and its component.</summary>
    public IEnumerable<(int Forward, int Loop, int Component)> Fusions => fusions.Select(f => (f.Key, f.Value.Loop, f.Value.Component));

    /// <summary>True for a loop node that runs in the place of an earlier loop (see <see cref="Fuse"/>).</summary>
    public bool RunsEarly(int loopNode) => fusedLoops.Contains(loopNode);

    /// <summary>Component <paramref name="component"/> (>= 1) of loop node <paramref name="loopNode"/>'s accumulators.</summary>
    public int Extract(int loopNode, int component) => Append(new Node(OpTable.Extract, loopNode, -1, -1, component), double.NaN);

    /// <summary>The nodes node <paramref name="id"/> reads: its inputs, or a loop's captures.</summary>
    public IEnumerable<int> InputsOf(int id)
    {
        Node n = nodes[id];
        if (n.Op == OpTable.Loop)
        {
            Loop loop = loops[(int)n.Parameter];
            return loop.Initial == -1 ? loop.Captures : loop.Captures.Append(loop.Initial);
        }
        return n.Op.Arity switch { 0 => [], 1 => [n.A], 2 => [n.A, n.B], _ => [n.A, n.B, n.C] };
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

    public override string Kind => eager ? "an eager graph recording" : "a Grad.Compile trace";
    public override bool KnowsValues => eager;

    /// <summary>Number of inputs; input i is node i.</summary>
    public int InputCount { get; }

    /// <summary>Number of nodes.</summary>
    public int Count => nodes.Count;

    /// <summary>Node <paramref name="id"/>.</summary>
    public Node this[int id] => nodes[id];

    /// <summary>The value of node <paramref name="id"/> in an eager graph (NaN in a symbolic one).</summary>
    public double ValueOf(int id) => values[id];

    /// <summary>True when node <paramref name="id"/> is a constant.</summary>
    public bool IsConstant(int id) => nodes[id].Op == OpTable.Constant;

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
                $"The function returned a Scalar from {result.Owner.Kind}, not from this trace: a Scalar belongs to the single call that created it.");
        return result.Index;
    }

    /// <summary>The constant node of <paramref name="value"/> (one per bit pattern).</summary>
    public int Constant(double value) => Intern(new Node(OpTable.Constant, -1, -1, -1, value), value);

    /// <summary>
    /// The node for <paramref name="op"/> on the given input nodes (-1 for unused): an existing equal node,
    /// a folded constant, an input the op's identity reduces to, or a new node.
    /// </summary>
    public int Add(Op op, int a, int b = -1, int c = -1, double p = 0)
    {
        int arity = op.Arity;
        double? ca = arity > 0 && IsConstant(a) ? nodes[a].Parameter : null;
        double? cb = arity > 1 && IsConstant(b) ? nodes[b].Parameter : null;
        bool allConstant = ca.HasValue && (arity < 2 || cb.HasValue) && (arity < 3 || IsConstant(c));
        if (allConstant)
            return Constant(op.Eval(ca!.Value, cb ?? 0, arity > 2 ? nodes[c].Parameter : 0, p));
        switch (op.IdentityInput(ca, cb, p))
        {
            case 0: return a;
            case 1: return b;
            case 2: return c;
        }
        if (op.IsCommutative && b < a) (a, b) = (b, a);
        double value = eager ? op.Eval(values[a], b >= 0 ? values[b] : 0, c >= 0 ? values[c] : 0, p) : double.NaN;
        return Intern(new Node(op, a, b, c, p), value);
    }

    /// <summary>Records an operation on this graph's <see cref="Scalar"/>s (constants are lifted to nodes).</summary>
    public override Scalar Record(Op op, in Scalar a, in Scalar b, in Scalar c, double p)
    {
        int ia = IdOf(a);
        int ib = op.Arity > 1 ? IdOf(b) : -1;
        int ic = op.Arity > 2 ? IdOf(c) : -1;
        int id = Add(op, ia, ib, ic, p);
        return Make(id, values[id]);
    }

    private int Intern(Node node, double value)
    {
        ref int slot = ref CollectionsMarshal.GetValueRefOrAddDefault(interned, node, out bool exists);
        if (!exists) slot = Append(node, value);
        return slot;
    }

    private int Append(Node node, double value)
    {
        nodes.Add(node);
        values.Add(value);
        return nodes.Count - 1;
    }
}

/// <summary>
/// One SSA node: <paramref name="Op"/> applied to nodes <paramref name="A"/>, <paramref name="B"/>,
/// <paramref name="C"/> (-1 when unused) with compile-time <paramref name="Parameter"/> (a constant's value,
/// an input's index, an exponent). Equality is structural (parameters compared bit for bit).
/// </summary>
internal readonly record struct Node(Op Op, int A, int B, int C, double Parameter)
{
    /// <summary>Input <paramref name="i"/> of this node.</summary>
    public int Input(int i) => i switch { 0 => A, 1 => B, _ => C };

    public bool Equals(Node other) => ReferenceEquals(Op, other.Op) && A == other.A && B == other.B && C == other.C
        && BitConverter.DoubleToInt64Bits(Parameter) == BitConverter.DoubleToInt64Bits(other.Parameter);

    public override int GetHashCode() => HashCode.Combine(Op, A, B, C, BitConverter.DoubleToInt64Bits(Parameter));
}
