using ExprGrad.Ops;
using static System.FormattableString;

namespace ExprGrad.Explain;

/// <summary>What a recorded step is.</summary>
internal enum StepKind
{
    Input,
    Op,
    /// <summary>A composite (relu, sigmoid, ...) shown as one step; its primitives are recorded before it, hidden.</summary>
    Composite,
    /// <summary>The output when the function returns an input or a constant: H = x.</summary>
    Alias,
    /// <summary>A black-box function (<see cref="CustomOp.Function"/>): its partials come from its gradient.</summary>
    Call,
}

/// <summary>An operand: a recorded node, or a constant (<see cref="Node"/> &lt; 0) with its value.</summary>
internal readonly record struct Operand(int Node, double Value)
{
    public bool IsConstant => Node < 0;
}

/// <summary>One recorded step with its value.</summary>
internal sealed class StepNode
{
    public required StepKind Kind { get; init; }
    public Op? Op { get; init; }
    /// <summary>A call's function.</summary>
    public BlackBox? Function { get; init; }
    /// <summary>A composite's or a call's name.</summary>
    public string? Name { get; init; }
    public Operand[] Operands { get; init; } = [];
    /// <summary>An op's parameter; an input's index.</summary>
    public double Parameter { get; init; }
    public double Value { get; init; }
    /// <summary>The innermost sum this step was recorded in, or -1.</summary>
    public int Cluster { get; init; } = -1;
    /// <summary>For a primitive inside a composite: the composite's node; else -1.</summary>
    public int HiddenIn { get; set; } = -1;
    /// <summary>For a composite: its first hidden primitive, and what its primitives returned.</summary>
    public int BodyStart { get; init; }
    public Operand BodyOutput { get; init; }

    public bool Visible => HiddenIn < 0;
}

/// <summary>
/// Records a function define-by-run, as the lecture's backprop sees it: every operation with its operands as
/// written (no reordering, folding or sharing), its value, and the sum it ran in; a composite (relu) as one step.
/// </summary>
internal sealed class ExplainRecorder : Recorder
{
    private int cluster = -1, compositeDepth;

    public List<StepNode> Nodes { get; } = [];

    /// <summary>Each sum's label and enclosing sum (-1 at the top).</summary>
    public List<(string Label, int Parent)> Clusters { get; } = [];

    public override string Kind => "a Grad.Explain recording";
    public override bool KnowsValues => true;

    /// <summary>The inputs as a <see cref="Vec"/> of this recording (nodes 0..n-1).</summary>
    public Vec Begin(ReadOnlySpan<double> x)
    {
        var items = new Scalar[x.Length];
        for (int i = 0; i < x.Length; i++) items[i] = Make(Append(new StepNode { Kind = StepKind.Input, Parameter = i, Value = x[i] }), x[i]);
        return new Vec(items, x.Length, this);
    }

    public override Scalar Record(Op op, in Scalar a, in Scalar b, in Scalar c, double p)
    {
        var operands = new Operand[op.Arity];
        for (int i = 0; i < operands.Length; i++) operands[i] = OperandOf(i switch { 0 => a, 1 => b, _ => c });
        double y = op.Eval(a.Value, b.Value, c.Value, p);
        return Make(Append(new StepNode { Kind = StepKind.Op, Op = op, Operands = operands, Parameter = p, Value = y, Cluster = cluster }), y);
    }

    public override Scalar Call(BlackBox function, ReadOnlySpan<Scalar> arguments)
    {
        var operands = new Operand[arguments.Length];
        for (int i = 0; i < operands.Length; i++) operands[i] = OperandOf(arguments[i]);
        double y = function.Evaluate([.. operands.Select(x => x.Value)], BlackBox.ValueComponent);
        return Make(Append(new StepNode { Kind = StepKind.Call, Function = function, Name = function.Name, Operands = operands, Value = y, Cluster = cluster }), y);
    }

    public override Scalar Composite(string name, ReadOnlySpan<Scalar> arguments, CompositeBody body)
    {
        if (compositeDepth > 0) return body(arguments); // a composite inside one: part of the outer step
        int start = Nodes.Count;
        Scalar result;
        compositeDepth++;
        try { result = body(arguments); }
        finally { compositeDepth--; }
        var operands = new Operand[arguments.Length];
        for (int i = 0; i < operands.Length; i++) operands[i] = OperandOf(arguments[i]);
        int id = Nodes.Count;
        for (int k = start; k < id; k++) Nodes[k].HiddenIn = id;
        Append(new StepNode
        {
            Kind = StepKind.Composite, Name = name, Operands = operands, Value = result.Value, Cluster = cluster,
            BodyStart = start, BodyOutput = OperandOf(result),
        });
        return Make(id, result.Value);
    }

    /// <summary>Iterates like every eager mode, adding in index order; the steps of the sum form one cluster.</summary>
    public override Scalar Sum(int count, Func<LoopIndex, Scalar> body)
    {
        int enclosing = cluster;
        Clusters.Add((Invariant($"sum over i < {count}"), enclosing));
        cluster = Clusters.Count - 1;
        EagerLoop loop = EagerLoop.Enter(count);
        try
        {
            Scalar sum = body(loop.Index(0));
            for (int i = 1; i < count; i++) sum += body(loop.Index(i));
            return sum;
        }
        finally
        {
            loop.Exit();
            cluster = enclosing;
        }
    }

    /// <summary>The output node for a result: its node, or a new alias step when it is an input or a constant.</summary>
    public int OutputOf(in Scalar result)
    {
        Operand operand = OperandOf(result);
        if (!operand.IsConstant && Nodes[operand.Node].Kind != StepKind.Input) return operand.Node;
        return Append(new StepNode { Kind = StepKind.Alias, Operands = [operand], Value = result.Value });
    }

    private Operand OperandOf(in Scalar s)
    {
        if (s.Owner is null) return new Operand(-1, s.Value);
        Scalar.SharedOwner(s, this);
        if (!ReferenceEquals(s.Owner, this))
            throw new InvalidOperationException($"A Scalar from {s.Owner.Kind} reached Grad.Explain's recording: a Scalar belongs to the single call that created it.");
        return new Operand(s.Index, s.Value);
    }

    private int Append(StepNode node)
    {
        Nodes.Add(node);
        return Nodes.Count - 1;
    }
}
