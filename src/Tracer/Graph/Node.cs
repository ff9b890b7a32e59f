using ExprGrad.Ops;

namespace ExprGrad.Tracer;

/// <summary>What a graph node is. Only an <see cref="Operation"/> has an op; the others are the graph's structure.</summary>
internal enum NodeKind : byte
{
    /// <summary>An op of the table applied to earlier nodes (<see cref="Node.Op"/>, <see cref="Node.Operand"/>).</summary>
    Operation,

    /// <summary>Input <see cref="Node.InputIndex"/> of the function (top-level graphs: node i is input i).</summary>
    Input,

    /// <summary>The number <see cref="Node.ConstantValue"/>.</summary>
    Constant,

    /// <summary>Entry <see cref="Node.DataIndex"/> of the data span (read at every call, never differentiated).</summary>
    Data,

    /// <summary>In a loop body: the value of the enclosing graph's node <c>Loop.Captures[CaptureIndex]</c>.</summary>
    Capture,

    /// <summary>In a loop body: <c>vector[scale * i + offset]</c> at the loop's counter i.</summary>
    Gather,

    /// <summary>Loop <see cref="Node.LoopId"/> of the graph (<see cref="Graph.Loops"/>); its value is its first accumulator.</summary>
    Loop,

    /// <summary>Accumulator <see cref="Node.ExtractComponent"/> (1 or more) of loop node <see cref="Node.ExtractLoop"/>.</summary>
    Extract,

    /// <summary>A black-box function's value or partial at any number of earlier nodes: call <see cref="Node.CallIndex"/> of the graph (<see cref="Graph.CallOf"/>).</summary>
    Call,
}

/// <summary>
/// One SSA node of a <see cref="Graph"/>: an operation on earlier nodes, or a structural node (a leaf, a loop,
/// a loop's extra result), read through the accessors of its <see cref="Kind"/>. Equality is structural
/// (parameters compared bit for bit), which is what hash-consing needs.
/// </summary>
internal readonly struct Node : IEquatable<Node>
{
    /// <summary>"No node": an operand an op does not use.</summary>
    public const int None = -1;

    private readonly Op? op;
    private readonly int a, b, c;
    private readonly double parameter;

    private Node(NodeKind kind, Op? op, int a, int b, int c, double parameter)
    {
        Kind = kind;
        this.op = op;
        this.a = a;
        this.b = b;
        this.c = c;
        this.parameter = parameter;
    }

    /// <summary>
    /// <paramref name="op"/> applied to nodes <paramref name="a"/>, <paramref name="b"/>, <paramref name="c"/> (<see cref="None"/> when unused).
    /// </summary>
    public static Node Operation(Op op, int a, int b, int c, double parameter) => new(NodeKind.Operation, op, a, b, c, parameter);

    /// <summary>Input <paramref name="index"/> of the function.</summary>
    public static Node InputLeaf(int index) => new(NodeKind.Input, null, None, None, None, index);

    /// <summary>The constant <paramref name="value"/>.</summary>
    public static Node ConstantLeaf(double value) => new(NodeKind.Constant, null, None, None, None, value);

    /// <summary>Entry <paramref name="index"/> of the data.</summary>
    public static Node DataLeaf(int index) => new(NodeKind.Data, null, None, None, None, index);

    /// <summary>A loop body's read of captured value <paramref name="index"/>.</summary>
    public static Node CaptureLeaf(int index) => new(NodeKind.Capture, null, None, None, None, index);

    /// <summary>A loop body's read of <c>vector[scale * i + offset]</c> (vector 0: the inputs, 1: the data).</summary>
    public static Node GatherLeaf(int vector, int scale, int offset) => new(NodeKind.Gather, null, vector, scale, offset, 0);

    /// <summary>Loop <paramref name="loopId"/> of the graph.</summary>
    public static Node LoopNode(int loopId) => new(NodeKind.Loop, null, None, None, None, loopId);

    /// <summary>Accumulator <paramref name="component"/> of loop node <paramref name="loopNode"/>.</summary>
    public static Node ExtractNode(int loopNode, int component) => new(NodeKind.Extract, null, loopNode, None, None, component);

    /// <summary>Call <paramref name="callIndex"/> of the graph (<see cref="Graph.CallOf"/>).</summary>
    public static Node CallNode(int callIndex) => new(NodeKind.Call, null, None, None, None, callIndex);

    /// <summary>What this node is.</summary>
    public NodeKind Kind { get; }

    /// <summary>A leaf: it reads nothing of its graph (input, constant, data, capture, gather).</summary>
    public bool IsLeaf => Kind is not (NodeKind.Operation or NodeKind.Loop or NodeKind.Extract or NodeKind.Call);

    /// <summary>The op of an <see cref="NodeKind.Operation"/>.</summary>
    public Op Op => op ?? throw Wrong(NodeKind.Operation);

    /// <summary>Operand <paramref name="i"/> of an operation (<see cref="None"/> past its arity).</summary>
    public int Operand(int i) => Checked(NodeKind.Operation, i switch { 0 => a, 1 => b, _ => c });

    /// <summary>The compile-time parameter of an operation (an exponent; 0 when the op takes none).</summary>
    public double Parameter => Checked(NodeKind.Operation, parameter);

    /// <summary>Which input an <see cref="NodeKind.Input"/> leaf is.</summary>
    public int InputIndex => Checked(NodeKind.Input, (int)parameter);

    /// <summary>The value of a <see cref="NodeKind.Constant"/> leaf.</summary>
    public double ConstantValue => Checked(NodeKind.Constant, parameter);

    /// <summary>Which data entry a <see cref="NodeKind.Data"/> leaf reads.</summary>
    public int DataIndex => Checked(NodeKind.Data, (int)parameter);

    /// <summary>Which captured value a <see cref="NodeKind.Capture"/> leaf reads.</summary>
    public int CaptureIndex => Checked(NodeKind.Capture, (int)parameter);

    /// <summary>The vector a <see cref="NodeKind.Gather"/> leaf reads: 0 for the inputs, 1 for the data.</summary>
    public int GatherVector => Checked(NodeKind.Gather, a);

    /// <summary>The scale of a gather's index <c>scale * i + offset</c>.</summary>
    public int GatherScale => Checked(NodeKind.Gather, b);

    /// <summary>The offset of a gather's index <c>scale * i + offset</c>.</summary>
    public int GatherOffset => Checked(NodeKind.Gather, c);

    /// <summary>True for a gather reading the inputs: its adjoint is scattered into the gradient.</summary>
    public bool GathersInputs => Kind == NodeKind.Gather && a == 0;

    /// <summary>Which loop of its graph a <see cref="NodeKind.Loop"/> node runs.</summary>
    public int LoopId => Checked(NodeKind.Loop, (int)parameter);

    /// <summary>The loop node whose accumulator an <see cref="NodeKind.Extract"/> node reads.</summary>
    public int ExtractLoop => Checked(NodeKind.Extract, a);

    /// <summary>Which accumulator (1 or more) an <see cref="NodeKind.Extract"/> node reads.</summary>
    public int ExtractComponent => Checked(NodeKind.Extract, (int)parameter);

    /// <summary>Which call of its graph a <see cref="NodeKind.Call"/> node is.</summary>
    public int CallIndex => Checked(NodeKind.Call, (int)parameter);

    private T Checked<T>(NodeKind kind, T value) => Kind == kind ? value : throw Wrong(kind);

    private InvalidOperationException Wrong(NodeKind expected) => new($"A {Kind} node was read as a {expected} node.");

    public bool Equals(Node other) => Kind == other.Kind && ReferenceEquals(op, other.op) && a == other.a && b == other.b && c == other.c
        && BitConverter.DoubleToInt64Bits(parameter) == BitConverter.DoubleToInt64Bits(other.parameter);

    public override bool Equals(object? obj) => obj is Node other && Equals(other);

    // Hash-consing hashes every node a trace makes (10^5 for a 10,000-term loop): a multiply-xor mix of the fields is a
    // few times cheaper than HashCode.Combine of six values and spreads node ids as well.
    public override int GetHashCode()
    {
        ulong h = (uint)a * 0x9E3779B97F4A7C15UL ^ (uint)b * 0xC2B2AE3D27D4EB4FUL ^ (uint)c * 0x165667B19E3779F9UL
            ^ (ulong)BitConverter.DoubleToInt64Bits(parameter) * 0x27D4EB2F165667C5UL ^ (ulong)(op?.GetHashCode() ?? (int)Kind);
        h ^= h >> 29;
        h *= 0xBF58476D1CE4E5B9UL;
        return (int)(h ^ (h >> 32));
    }

    public override string ToString() => Kind == NodeKind.Operation ? $"{op}({a}, {b}, {c}; {parameter})" : $"{Kind}({a}, {b}, {c}; {parameter})";
}
