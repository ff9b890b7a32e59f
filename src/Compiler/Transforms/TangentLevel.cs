using ExprGrad.Ops;
using ExprGrad.Tracer;

namespace ExprGrad.Compiler;

/// <summary>One graph being transformed: the top-level program, or a loop body (then <see cref="Outer"/> is the level around it).</summary>
internal sealed class TangentLevel(ForwardTransform transform, Graph source, Graph target, TangentLevel? outer, Loop? loop)
{
    private readonly Dictionary<int, TangentLoop.Result> loops = [];

    public ForwardTransform Transform => transform;
    public Graph Source => source;
    public Graph Target => target;
    public TangentLevel? Outer => outer;
    public int[] Map { get; } = new int[source.Count];
    public int[] Tangents { get; } = Filled(source.Count * transform.Directions);

    public int Tangent(int k, int d) => Tangents[k * transform.Directions + d];

    /// <summary>The transformed loop of source loop node <paramref name="k"/> (transformed already: loops come before their uses).</summary>
    public TangentLoop.Result LoopResult(int k) => loops[k];

    /// <summary>Copies each node in order and builds its tangents.</summary>
    public void Run()
    {
        int p = transform.Directions;
        for (int k = 0; k < source.Count; k++)
        {
            Node n = source[k];
            switch (n.Kind)
            {
                case NodeKind.Input:
                    Map[k] = k;
                    for (int d = 0; d < p; d++) Tangents[k * p + d] = transform.Seeds.OfInput(target, n.InputIndex, d);
                    break;
                case NodeKind.Constant:
                    Map[k] = target.Constant(n.ConstantValue);
                    break;
                case NodeKind.Data:
                    Map[k] = target.Data(n.DataIndex);
                    break;
                case NodeKind.Capture:
                    Capture(k, loop!.Captures[n.CaptureIndex]);
                    break;
                case NodeKind.Gather:
                    Map[k] = target.Gather(n.GatherVector, n.GatherScale, n.GatherOffset);
                    if (n.GathersInputs)
                        for (int d = 0; d < p; d++) Tangents[k * p + d] = transform.Seeds.OfGather(target, n, loop!.Count, d);
                    break;
                case NodeKind.Operation:
                    Operation(k, n);
                    break;
                case NodeKind.Call:
                    Call(k);
                    break;
                case NodeKind.Loop:
                    TangentLoop.Result result = TangentLoop.Apply(this, k);
                    loops[k] = result;
                    Map[k] = result.Node;
                    for (int d = 0; d < p; d++) Tangents[k * p + d] = result.TangentOf(0, d);
                    break;
                case NodeKind.Extract:
                    TangentLoop.Result of = loops[n.ExtractLoop];
                    Map[k] = of.Components[n.ExtractComponent];
                    for (int d = 0; d < p; d++) Tangents[k * p + d] = of.TangentOf(n.ExtractComponent, d);
                    break;
            }
        }
    }

    // A value of the enclosing code: its copy and its tangents are captured too (a constant tangent is a constant here).
    private void Capture(int k, int outerNode)
    {
        TangentLevel around = outer!;
        Map[k] = target.Capture(around.Map[outerNode]);
        for (int d = 0; d < transform.Directions; d++)
        {
            int t = around.Tangent(outerNode, d);
            Tangents[k * transform.Directions + d] = t == Node.None ? Node.None
                : around.Target.IsConstant(t) ? target.Constant(around.Target[t].ConstantValue) : target.Capture(t);
        }
    }

    // y = op(a, b, c): dy = sum over the inputs with a tangent of partial_i * da_i, the rule written once in the op table.
    private void Operation(int k, Node n)
    {
        int p = transform.Directions;
        Op op = n.Op;
        int a = Mapped(n.Operand(0)), b = Mapped(n.Operand(1)), c = Mapped(n.Operand(2));
        Map[k] = target.Add(op, a, b, c, n.Parameter);
        for (int d = 0; d < p; d++)
        {
            int t = Node.None;
            for (int i = 0; i < op.Arity; i++)
            {
                int from = n.Operand(i);
                if (from == Node.None || !op.HasPartial(i) || Tangents[from * p + d] == Node.None) continue;
                Scalar term = op.PartialTimes(i, Arg(a), Arg(b), Arg(c), target.ScalarOf(Map[k]), n.Parameter,
                    target.ScalarOf(Tangents[from * p + d]), transform.StrongZero);
                int id = target.IdOf(term);
                t = t == Node.None ? id : target.Add(OpTable.Add, t, id);
            }
            Tangents[k * p + d] = t;
        }
    }

    // A black-box call (CustomOp.Function): dy = sum over the arguments with a tangent of partial_i * da_i, each partial a call
    // of the box's own gradient; the tangent of a partial would be a second derivative, which a black box refuses, naming itself.
    private void Call(int k)
    {
        int p = transform.Directions;
        CallSite call = source.CallOf(k);
        Map[k] = target.AddCall(call, Map);
        int[] arguments = [.. call.Arguments.Select(a => Map[a])];
        for (int d = 0; d < p; d++)
        {
            int t = Node.None;
            for (int i = 0; i < arguments.Length; i++)
            {
                int from = call.Arguments[i];
                if (Tangents[from * p + d] == Node.None) continue;
                if (!call.IsValue) throw call.Function.NoSecondDerivative();
                int partial = target.AddCall(call.Function, arguments, i), tangent = Tangents[from * p + d];
                int term = transform.StrongZero ? target.Add(OpTable.StrongMul, tangent, partial) : target.Add(OpTable.Mul, partial, tangent);
                t = t == Node.None ? term : target.Add(OpTable.Add, t, term);
            }
            Tangents[k * p + d] = t;
        }
    }

    private int Mapped(int id) => id == Node.None ? Node.None : Map[id];

    private Scalar Arg(int id) => id == Node.None ? default : target.ScalarOf(id);

    private static int[] Filled(int length)
    {
        var a = new int[length];
        Array.Fill(a, Node.None);
        return a;
    }
}
