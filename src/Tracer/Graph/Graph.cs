using System.Runtime.CompilerServices;
using ExprGrad.Ops;

namespace ExprGrad.Tracer;

/// <summary>
/// A straight-line program in SSA form: node ids are positions, every node's inputs come before it, so
/// creation order is a topological order. Building is hash-consed (the same op on the same inputs is one
/// node), constants fold, and the op table's identities (<c>x*1</c>, <c>x+0</c>) simplify as nodes are made.
/// This file is the structure; the graph as a <see cref="Recorder"/> of traced code is in Tracing/.
/// </summary>
internal sealed partial class Graph
{
    private readonly List<Node> nodes = [];
    private readonly List<double> values = [];
    private readonly InternTable interned = new();
    private readonly List<int> captures = [];
    private readonly Dictionary<int, int> captureLeaves = [];
    private readonly List<Loop> loops = [];
    private readonly List<int> loopNodes = [];
    private readonly List<CallSite> calls = [];
    private readonly List<double[]> tables = [];
    private readonly Dictionary<double[], int> tableOfArray = new(ReferenceEqualityComparer.Instance);
    private readonly bool eager;
    private readonly Graph? parent;

    /// <summary>A symbolic graph with <paramref name="inputCount"/> inputs (node ids 0..inputCount-1).</summary>
    public Graph(int inputCount) : this(inputCount, null) { }

    /// <summary>The symbolic graph of a loop body nested in <paramref name="parent"/>.</summary>
    public Graph(Graph parent) : this(0, null)
    {
        this.parent = parent;
    }

    /// <summary>An eager graph: inputs have the given values and every node's value is computed as it is made.</summary>
    public Graph(ReadOnlySpan<double> inputValues) : this(inputValues.Length, inputValues.ToArray()) { }

    private Graph(int inputCount, double[]? inputValues, PathState? path = null)
    {
        eager = inputValues is not null;
        this.path = path;
        InputCount = inputCount;
        for (int i = 0; i < inputCount; i++) Append(Node.InputLeaf(i), inputValues?[i] ?? double.NaN);
    }

    /// <summary>A fresh graph with the same inputs and tables, for transforms that build a new program from this one.</summary>
    public Graph EmptyLike()
    {
        Graph fresh = eager && path is null ? new Graph(InputCount, [.. values.Take(InputCount)]) : new Graph(InputCount);
        fresh.tables.AddRange(Tables);
        return fresh;
    }

    /// <summary>Number of inputs; input i is node i.</summary>
    public int InputCount { get; }

    /// <summary>Number of nodes.</summary>
    public int Count => nodes.Count;

    /// <summary>Node <paramref name="id"/>.</summary>
    public Node this[int id] => nodes[id];

    /// <summary>The value of node <paramref name="id"/> in an eager graph (NaN in a symbolic one).</summary>
    public double ValueOf(int id) => values[id];

    /// <summary>True when node <paramref name="id"/> is a constant.</summary>
    public bool IsConstant(int id) => nodes[id].Kind == NodeKind.Constant;

    /// <summary>For a loop body: the parent node of each capture leaf (capture index = position).</summary>
    public IReadOnlyList<int> Captures => captures;

    /// <summary>The loops of this graph, by <see cref="Node.LoopId"/>.</summary>
    public IReadOnlyList<Loop> Loops => loops;

    /// <summary>The loop run by loop node <paramref name="loopNode"/>.</summary>
    public Loop LoopOf(int loopNode) => loops[nodes[loopNode].LoopId];

    /// <summary>The node of each loop, by <see cref="Node.LoopId"/>.</summary>
    public IReadOnlyList<int> LoopNodes => loopNodes;

    /// <summary>True when a node of this graph, or of a loop nested in it, calls the user's code (a custom op or function).</summary>
    public bool CallsUserCode { get; private set; }

    /// <summary>True when a gather of this graph, or of a loop nested in it, reads the inputs (vector 0).</summary>
    public bool ReadsInputs { get; private set; }

    /// <summary>Gathers read vector 0 (the inputs), 1 (the data) or, from this one on, a table of constants.</summary>
    public const int FirstTableVector = 2;

    /// <summary>
    /// Constant tables loop bodies read by their index (gather vector <see cref="FirstTableVector"/> + t reads table t),
    /// held by the top-level graph: captured arrays read through a <see cref="Vec"/> view, and the per-iteration
    /// constants of plain C# loops lifted by loop recovery. Compiled in, like constants.
    /// </summary>
    public IReadOnlyList<double[]> Tables => parent?.Tables ?? tables;

    /// <summary>The gather vector of a table holding a copy of <paramref name="array"/> (one per array and trace).</summary>
    public int TableOf(double[] array)
    {
        if (parent is not null) return parent.TableOf(array);
        if (!tableOfArray.TryGetValue(array, out int vector)) tableOfArray[array] = vector = AddTable([.. array]);
        return vector;
    }

    /// <summary>Adds a table to the top-level graph (not copied: the caller gives up the array); returns its gather vector.</summary>
    public int AddTable(double[] values)
    {
        if (parent is not null) return parent.AddTable(values);
        tables.Add(values);
        return FirstTableVector + tables.Count - 1;
    }

    /// <summary>
    /// The nodes node <paramref name="id"/> reads: an operation's operands, an extract's loop, a loop's captures and the
    /// value its sum starts from, a black-box call's arguments.
    /// </summary>
    public NodeInputs InputsOf(int id)
    {
        Node n = nodes[id];
        return n.Kind switch
        {
            NodeKind.Operation => new NodeInputs(n.Op.Arity, n.Operand(0), n.Operand(1), n.Operand(2)),
            NodeKind.Loop => new NodeInputs(loops[n.LoopId].Captures, loops[n.LoopId].Initial),
            NodeKind.Extract => new NodeInputs(1, n.ExtractLoop),
            NodeKind.Call => new NodeInputs(calls[n.CallIndex].Arguments, Node.None),
            _ => default,
        };
    }

    /// <summary>The leaf reading the parent's node <paramref name="parentId"/> inside this loop body (one per parent node).</summary>
    public int Capture(int parentId)
    {
        if (parent is null) throw new InvalidOperationException("Only a loop body captures values.");
        if (captureLeaves.TryGetValue(parentId, out int leaf)) return leaf;
        leaf = Append(Node.CaptureLeaf(captures.Count), double.NaN);
        captures.Add(parentId);
        captureLeaves.Add(parentId, leaf);
        return leaf;
    }

    /// <summary>The leaf reading vector <paramref name="vector"/> at <c>scale * i + offset</c> in this loop body.</summary>
    public int Gather(int vector, int scale, int offset)
    {
        ReadsInputs |= vector == 0;
        return Intern(Node.GatherLeaf(vector, scale, offset), double.NaN);
    }

    /// <summary>The leaf reading data entry <paramref name="index"/> (top-level graphs).</summary>
    public int Data(int index) => Intern(Node.DataLeaf(index), path?.Data[index] ?? double.NaN);

    /// <summary>Appends a loop node (never shared: each loop is its own site).</summary>
    public int AddLoop(Loop loop)
    {
        loops.Add(loop);
        ReadsInputs |= loop.Body.ReadsInputs;
        CallsUserCode |= loop.Body.CallsUserCode;
        int node = Append(Node.LoopNode(loops.Count - 1), double.NaN);
        loopNodes.Add(node);
        return node;
    }

    /// <summary>Component <paramref name="component"/> (>= 1) of loop node <paramref name="loopNode"/>'s accumulators.</summary>
    public int Extract(int loopNode, int component) => Append(Node.ExtractNode(loopNode, component), double.NaN);

    /// <summary>What call node <paramref name="callNode"/> computes.</summary>
    public CallSite CallOf(int callNode) => calls[nodes[callNode].CallIndex];

    /// <summary>
    /// A node computing component <paramref name="component"/> of <paramref name="function"/> at the nodes
    /// <paramref name="arguments"/>: a constant when they all are, else a new call node (calls are not shared).
    /// </summary>
    public int AddCall(BlackBox function, int[] arguments, int component)
    {
        bool constant = arguments.All(IsConstant);
        CallsUserCode |= !constant;
        if (constant || eager)
        {
            double[] x = [.. arguments.Select(a => constant ? nodes[a].ConstantValue : values[a])];
            double y = function.Evaluate(x, component);
            if (constant) return Constant(y);
            calls.Add(new CallSite(function, arguments, component));
            return Append(Node.CallNode(calls.Count - 1), y);
        }
        calls.Add(new CallSite(function, arguments, component));
        return Append(Node.CallNode(calls.Count - 1), double.NaN);
    }

    /// <summary>Call <paramref name="call"/> of another graph, its arguments moved by <paramref name="map"/> (transforms copying a graph).</summary>
    public int AddCall(CallSite call, int[] map) => AddCall(call.Function, [.. call.Arguments.Select(a => map[a])], call.Component);

    /// <summary>The constant node of <paramref name="value"/> (one per bit pattern).</summary>
    public int Constant(double value) => Intern(Node.ConstantLeaf(value), value);

    /// <summary>
    /// The node for <paramref name="op"/> on the given operand nodes (<see cref="Node.None"/> for unused): an existing
    /// equal node, a folded constant, an operand the op's identity reduces to, or a new node.
    /// </summary>
    // Optimised at once: a 10,000-iteration loop traces ~170,000 nodes in a process's first compile (InternTable).
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public int Add(Op op, int a, int b = Node.None, int c = Node.None, double p = 0)
    {
        int arity = op.Arity;
        double? ca = arity > 0 && IsConstant(a) ? nodes[a].ConstantValue : null;
        double? cb = arity > 1 && IsConstant(b) ? nodes[b].ConstantValue : null;
        bool allConstant = ca.HasValue && (arity < 2 || cb.HasValue) && (arity < 3 || IsConstant(c));
        if (allConstant)
            return Constant(op.Eval(ca!.Value, cb ?? 0, arity > 2 ? nodes[c].ConstantValue : 0, p));
        switch (op.IdentityInput(ca, cb, p))
        {
            case 0: return a;
            case 1: return b;
            case 2: return c;
        }
        if (op.EquivalentWith(ca, cb) is { } plain) return Add(plain, a, b, c, p);
        if (op.IsCommutative && b < a) (a, b) = (b, a);
        CallsUserCode |= op.CallsUserCode;
        double value = eager ? op.Eval(values[a], ValueOrZero(b), ValueOrZero(c), p) : double.NaN;
        return Intern(Node.Operation(op, a, b, c, p), value);
    }

    private double ValueOrZero(int id) => id == Node.None ? 0 : values[id];

    private int Intern(Node node, double value)
    {
        int id = interned.Find(nodes, node, out int hash);
        if (id >= 0) return id;
        id = Append(node, value);
        interned.Add(id, hash);
        return id;
    }

    private int Append(Node node, double value)
    {
        nodes.Add(node);
        values.Add(value);
        return nodes.Count - 1;
    }
}
