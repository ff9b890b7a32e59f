using ExprGrad.Ops;
using ExprGrad.Tracer;

namespace ExprGrad.Compiler;

/// <summary>
/// A straight-line value-and-gradient program run node by node, with no code generated: the tier that is ready at once
/// (<see cref="GradOptions.InterpretWhileCompiling"/>) while the JIT compiles the program's code on another thread.
/// </summary>
/// <remarks>
/// It runs the fused graph the code is generated from (forward nodes, then the adjoints), each node by its op's
/// <see cref="Op.Eval"/>, the rule every mode shares: the op table writes each op's number and its code as the same
/// operations in the same order, so the value and the gradient have the bits of the compiled code's (tested on random
/// programs). Slots: 0 holds 0 (an operand an op does not use), then the inputs, constants and data entries the program
/// reads, then one slot per operation, in the graph's (topological) order.
/// </remarks>
internal sealed class InterpretedSweep
{
    private readonly Op[] ops;
    private readonly int[] a, b, c; // operand slots
    private readonly double[] parameters;
    private readonly int firstOperation;
    private readonly int[] inputSlots, inputIndices, dataSlots, dataIndices, constantSlots;
    private readonly double[] constantValues;
    private readonly int valueSlot;
    private readonly int[] gradientSlots;
    private readonly bool callsUserCode; // custom ops: the user's code may run compiled code on this thread (see Run)

    private InterpretedSweep(Graph g, bool[] live, int value, int[] gradient)
    {
        callsUserCode = g.CallsUserCode;
        var slot = new int[g.Count];
        int next = 1;
        List<int> inputs = [], data = [], constants = [], operations = [];
        for (int k = 0; k < g.Count; k++)
        {
            if (!live[k]) continue;
            (g[k].Kind switch { NodeKind.Input => inputs, NodeKind.Data => data, NodeKind.Constant => constants, _ => operations }).Add(k);
        }
        foreach (List<int> leaves in (List<int>[])[inputs, data, constants]) foreach (int k in leaves) slot[k] = next++;
        firstOperation = next;
        foreach (int k in operations) slot[k] = next++;
        SlotCount = next;
        inputSlots = [.. inputs.Select(k => slot[k])];
        inputIndices = [.. inputs.Select(k => g[k].InputIndex)];
        dataSlots = [.. data.Select(k => slot[k])];
        dataIndices = [.. data.Select(k => g[k].DataIndex)];
        constantSlots = [.. constants.Select(k => slot[k])];
        constantValues = [.. constants.Select(k => g[k].ConstantValue)];
        ops = new Op[operations.Count];
        a = new int[operations.Count];
        b = new int[operations.Count];
        c = new int[operations.Count];
        parameters = new double[operations.Count];
        for (int s = 0; s < operations.Count; s++)
        {
            Node n = g[operations[s]];
            ops[s] = n.Op;
            a[s] = SlotOf(slot, n.Operand(0));
            b[s] = SlotOf(slot, n.Operand(1));
            c[s] = SlotOf(slot, n.Operand(2));
            parameters[s] = n.Parameter;
        }
        valueSlot = slot[value];
        gradientSlots = [.. gradient.Select(k => slot[k])];
    }

    /// <summary>Slots of the workspace one call uses.</summary>
    public int SlotCount { get; }

    /// <summary>Entries of the gradient (the function's dimension).</summary>
    public int GradientLength => gradientSlots.Length;

    /// <summary>Operations run per call.</summary>
    public int OperationCount => ops.Length;

    /// <summary>
    /// The sweep of <paramref name="program"/>, or null when it is not a plain straight-line program: loops, calls of the
    /// user's code as black boxes (a function of a vector), guards of a path and effects are left to compiled code. Custom
    /// ops run their delegates, as compiled code does.
    /// </summary>
    public static InterpretedSweep? TryCreate(GradientProgram program)
    {
        if (program.Guards.Count > 0 || program.Effects.Length > 0) return null;
        Graph g = program.Graph;
        bool[] live = Liveness.From(g, [program.Value, .. program.Gradient]);
        for (int k = 0; k < g.Count; k++)
        {
            if (!live[k]) continue;
            Node n = g[k];
            if (n.Kind is not (NodeKind.Input or NodeKind.Data or NodeKind.Constant or NodeKind.Operation)) return null;
        }
        return new InterpretedSweep(g, live, program.Value, program.Gradient);
    }

    private static int SlotOf(int[] slot, int node) => node == Node.None ? 0 : slot[node];

    /// <summary>
    /// f(x, data), its gradient written to <paramref name="gradient"/> (which may overlap x or the data: everything is read
    /// before the first entry is written). Runs on the calling thread's workspace: no allocation once it has grown.
    /// </summary>
    public double Run(ReadOnlySpan<double> x, ReadOnlySpan<double> data, Span<double> gradient)
    {
        double[] w = Workspace.Get(SlotCount);
        w[0] = 0;
        for (int i = 0; i < inputSlots.Length; i++) w[inputSlots[i]] = x[inputIndices[i]];
        for (int i = 0; i < dataSlots.Length; i++) w[dataSlots[i]] = data[dataIndices[i]];
        for (int i = 0; i < constantSlots.Length; i++) w[constantSlots[i]] = constantValues[i];
        if (callsUserCode) SweepNested(w);
        else Sweep(w);
        for (int i = 0; i < gradientSlots.Length; i++) gradient[i] = w[gradientSlots[i]];
        return w[valueSlot];
    }

    private void Sweep(double[] w)
    {
        Op[] ops = this.ops;
        int[] a = this.a, b = this.b, c = this.c;
        double[] p = parameters;
        for (int s = 0, target = firstOperation; s < ops.Length; s++, target++) w[target] = ops[s].Eval(w[a[s]], w[b[s]], w[c[s]], p[s]);
    }

    // A custom op's delegate may call compiled code on this thread: raised, the workspace level gives that code arrays of its
    // own (as CompiledKernel does), and an exception from it leaves nothing a later call reads (every call writes w first).
    private void SweepNested(double[] w)
    {
        Workspace.Enter();
        try
        {
            Sweep(w);
        }
        finally
        {
            Workspace.Exit();
        }
    }
}
