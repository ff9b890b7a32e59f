using ExprGrad.Pictures;
using static System.FormattableString;

namespace ExprGrad.Explain;

/// <summary>
/// Names a recording's values (inputs by the caller's names, then U1, U2, ... and the output), runs the reverse
/// sweep and writes its steps as text and as a picture.
/// </summary>
internal sealed class TraceBuilder
{
    private readonly IReadOnlyList<StepNode> nodes;
    private readonly string?[] names;
    private readonly double[] adjoint;
    private readonly bool[] reached;
    private readonly List<LocalBackprop.Use>[] uses;
    private readonly string output;

    private TraceBuilder(ExplainRecorder recorder, int outputNode, IReadOnlyList<string> inputs, string output)
    {
        nodes = recorder.Nodes;
        this.output = output;
        names = new string?[nodes.Count];
        int intermediate = 0;
        for (int k = 0; k < nodes.Count; k++)
            names[k] = nodes[k].Kind == StepKind.Input ? inputs[k] : !nodes[k].Visible ? null
                : k == outputNode ? output : Invariant($"U{++intermediate}");
        adjoint = LocalBackprop.Run(nodes, outputNode, out reached, out uses);
    }

    public static BackpropTrace Build(ExplainRecorder recorder, int outputNode, IReadOnlyList<string> inputs, string output)
    {
        var builder = new TraceBuilder(recorder, outputNode, inputs, output);
        return builder.Trace(recorder, outputNode, inputs);
    }

    private BackpropTrace Trace(ExplainRecorder recorder, int outputNode, IReadOnlyList<string> inputs)
    {
        int n = inputs.Count;
        var forward = new List<ForwardStep>();
        for (int k = n; k < nodes.Count; k++)
            if (nodes[k].Visible) forward.Add(new ForwardStep(names[k]!, Expression(k, names: true), Expression(k, names: false), nodes[k].Value));

        var backward = new List<AdjointStep>();
        for (int k = outputNode; k >= 0; k--)
            if (reached[k] && nodes[k].Visible) backward.Add(new AdjointStep(names[k]!, output, Contributions(k), adjoint[k]));
        for (int i = n - 1; i >= 0; i--)
            if (!reached[i]) backward.Add(new AdjointStep(inputs[i], output, [], 0));

        double[] gradient = [.. Enumerable.Range(0, n).Select(i => reached[i] ? adjoint[i] : 0)];
        double[] point = [.. nodes.Take(n).Select(node => node.Value)];
        return new BackpropTrace(output, inputs, point, nodes[outputNode].Value, gradient, forward, backward, Picture(recorder, inputs, point));
    }

    private List<AdjointContribution> Contributions(int k)
        => [.. uses[k].Select(u => new AdjointContribution(names[u.User]!, LocalDerivative(u.User, u.Operand), u.Partial, u.UserAdjoint, u.Contribution))];

    /// <summary>What step <paramref name="k"/> computes, with its operands' names or values.</summary>
    private string Expression(int k, bool names)
    {
        StepNode node = nodes[k];
        string[] operands = [.. node.Operands.Select(x => names ? OperandText(x) : StepText.Operand(x.Value))];
        return node.Kind switch
        {
            StepKind.Op => StepText.Fill(node.Op!.Notation, operands, this.names[k]!, node.Parameter),
            StepKind.Composite or StepKind.Call => $"{node.Name}({string.Join(", ", operands)})",
            _ => operands[0],
        };
    }

    /// <summary>d(step k)/d(operand i) in text: the op table's partial, relu'(U2) for a composite, 1 for an alias.</summary>
    private string LocalDerivative(int k, int i)
    {
        StepNode node = nodes[k];
        string[] operands = [.. node.Operands.Select(OperandText)];
        return node.Kind switch
        {
            StepKind.Op => StepText.Fill(node.Op!.PartialNotation(i), operands, names[k]!, node.Parameter),
            StepKind.Composite or StepKind.Call when operands.Length == 1 => $"{node.Name}'({operands[0]})",
            StepKind.Composite or StepKind.Call => Invariant($"{node.Name}'_{i + 1}({string.Join(", ", operands)})"),
            _ => "1",
        };
    }

    private string OperandText(Operand x) => x.IsConstant ? StepText.Operand(x.Value) : names[x.Node]!;

    /// <summary>The computational graph: inputs, a constant per use, the visible steps; edges labelled with their partials.</summary>
    private Picture Picture(ExplainRecorder recorder, IReadOnlyList<string> inputs, double[] point)
    {
        string at = inputs.Count <= 6 ? string.Join(", ", inputs.Select((name, i) => $"{name} = {StepText.Number(point[i])}")) : Invariant($"{inputs.Count} inputs");
        var picture = new Picture($"{output} at {at}: values and adjoints (d{output}/dv); edges carry the local partials");
        foreach (var (label, parent) in recorder.Clusters) picture.AddCluster(new PictureCluster(label, parent));
        int[] drawn = new int[nodes.Count];
        for (int k = 0; k < nodes.Count; k++)
        {
            StepNode node = nodes[k];
            if (!node.Visible) continue;
            PictureRole role = node.Kind == StepKind.Input ? PictureRole.Input : names[k] == output ? PictureRole.Output : PictureRole.Forward;
            string label = node.Kind == StepKind.Input ? names[k]! : $"{names[k]} = {Expression(k, names: true)}";
            drawn[k] = picture.AddNode(new PictureNode(label, role, node.Value, reached[k] ? adjoint[k] : null, node.Cluster));
            for (int i = 0; i < node.Operands.Length; i++)
            {
                Operand x = node.Operands[i];
                int from = x.IsConstant ? picture.AddNode(new PictureNode(StepText.Number(x.Value), PictureRole.Constant, x.Value, Cluster: node.Cluster)) : drawn[x.Node];
                picture.AddEdge(new PictureEdge(from, drawn[k], EdgeLabel(k, i)));
            }
        }
        return picture;
    }

    /// <summary>d(user)/d(operand) = rule = number, where a derivative flows along the edge.</summary>
    private string? EdgeLabel(int k, int i)
    {
        Operand x = nodes[k].Operands[i];
        if (x.IsConstant) return null;
        foreach (LocalBackprop.Use use in uses[x.Node])
            if (use.User == k && use.Operand == i)
            {
                string rule = LocalDerivative(k, i), number = StepText.Number(use.Partial);
                return $"d{names[k]}/d{names[x.Node]} = " + (rule == number ? number : $"{rule} = {number}");
            }
        return null;
    }
}
