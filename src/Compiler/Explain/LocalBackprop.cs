namespace ExprGrad.Explain;

/// <summary>
/// The lecture's reverse sweep over a recording: seed the output with 1, then for each step in reverse order add
/// <c>partial * adjoint</c> to each operand's adjoint, keeping every contribution so it can be printed. The partials
/// come from the op table (<c>PartialTimesReal</c>, as the tape reads them), so the numbers are the tape's, in the same
/// order of addition. A composite's partial is found by the same sweep over its hidden primitives.
/// </summary>
internal static class LocalBackprop
{
    /// <summary>One use of a node: step <paramref name="User"/> reads it as operand <paramref name="Operand"/>.</summary>
    public readonly record struct Use(int User, int Operand, double Partial, double UserAdjoint, double Contribution);

    /// <summary>Adjoints (valid where <paramref name="reached"/>) and, per node, its uses in the order they were added.</summary>
    public static double[] Run(IReadOnlyList<StepNode> nodes, int output, out bool[] reached, out List<Use>[] uses)
    {
        int n = nodes.Count;
        var adjoint = new double[n];
        reached = new bool[n];
        uses = new List<Use>[n];
        for (int k = 0; k < n; k++) uses[k] = [];
        adjoint[output] = 1;
        reached[output] = true;
        for (int k = output; k >= 0; k--)
        {
            StepNode node = nodes[k];
            if (!reached[k] || !node.Visible || node.Kind == StepKind.Input) continue;
            foreach (var (operand, partial, contribution) in Partials(nodes, k, adjoint[k]))
            {
                int target = node.Operands[operand].Node;
                uses[target].Add(new Use(k, operand, partial, adjoint[k], contribution));
                adjoint[target] += contribution;
                reached[target] = true;
            }
        }
        return adjoint;
    }

    /// <summary>For each operand a derivative flows into: its index, the local partial, and partial times <paramref name="v"/>.</summary>
    private static IEnumerable<(int Operand, double Partial, double Contribution)> Partials(IReadOnlyList<StepNode> nodes, int k, double v)
    {
        StepNode node = nodes[k];
        Operand[] x = node.Operands;
        switch (node.Kind)
        {
            case StepKind.Alias:
                if (!x[0].IsConstant) yield return (0, 1, v);
                break;
            case StepKind.Op:
                foreach (var partial in OpPartials(node, v)) yield return partial;
                break;
            case StepKind.Call:
                var gradient = new double[x.Length];
                node.Function!.Gradient([.. x.Select(operand => operand.Value)], gradient);
                for (int i = 0; i < x.Length; i++) if (!x[i].IsConstant) yield return (i, gradient[i], gradient[i] * v);
                break;
            case StepKind.Composite:
                Dictionary<int, double> inner = Inner(nodes, node, k);
                var seen = new HashSet<int>();
                for (int i = 0; i < x.Length; i++)
                    if (!x[i].IsConstant && seen.Add(x[i].Node) && inner.TryGetValue(x[i].Node, out double partial))
                        yield return (i, partial, partial * v);
                break;
        }
    }

    /// <summary>The same sweep over a composite's primitives, seeded at its result: the partials reaching its arguments.</summary>
    private static Dictionary<int, double> Inner(IReadOnlyList<StepNode> nodes, StepNode composite, int k)
    {
        var adjoint = new Dictionary<int, double>();
        if (composite.BodyOutput.IsConstant) return adjoint;
        adjoint[composite.BodyOutput.Node] = 1;
        for (int j = k - 1; j >= composite.BodyStart; j--)
        {
            if (!adjoint.TryGetValue(j, out double v)) continue;
            StepNode node = nodes[j];
            foreach (var (i, _, contribution) in OpPartials(node, v))
                adjoint[node.Operands[i].Node] = adjoint.GetValueOrDefault(node.Operands[i].Node) + contribution;
        }
        return adjoint;
    }

    /// <summary>An op's partials by its rule: <c>PartialTimesReal</c> at 1 (the partial) and at <paramref name="v"/> (the contribution).</summary>
    private static IEnumerable<(int Operand, double Partial, double Contribution)> OpPartials(StepNode node, double v)
    {
        Operand[] x = node.Operands;
        double a = x.Length > 0 ? x[0].Value : 0, b = x.Length > 1 ? x[1].Value : 0, c = x.Length > 2 ? x[2].Value : 0;
        for (int i = 0; i < x.Length; i++)
            if (!x[i].IsConstant && node.Op!.HasPartial(i))
                yield return (i, node.Op.PartialTimesReal(i, a, b, c, node.Value, node.Parameter, 1, false),
                    node.Op.PartialTimesReal(i, a, b, c, node.Value, node.Parameter, v, false));
    }
}
