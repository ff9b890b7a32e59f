using ExprGrad.Tracer;

namespace ExprGrad.Compiler;

/// <summary>
/// The structural pattern of a program's derivatives: for each entry of its output vector, the inputs it depends on
/// through partial derivatives (a comparison or a select's condition carries none), sorted. Loops are followed iteration
/// by iteration, since a gather <c>x[a * i + b]</c> reads another input at each one (values that do not depend on the
/// counter are found once); a scatter adds its value's inputs to the entry it adds to. Of a vector function's values
/// this is its Jacobian's pattern; of a gradient program, its Hessian's.
/// </summary>
internal sealed class DependencyPattern
{
    private readonly List<int>[] rows;
    private long budget;

    private DependencyPattern(int entries, long budget)
    {
        rows = new List<int>[entries];
        this.budget = budget;
    }

    /// <summary>
    /// The pattern of <paramref name="program"/>'s outputs, or null when finding it would take more than
    /// <paramref name="budget"/> set operations (treat it as dense then).
    /// </summary>
    public static int[][]? Of(GradientProgram program, long budget)
    {
        var pattern = new DependencyPattern(program.Gradient.Length, budget);
        try
        {
            Graph g = program.Graph;
            bool[] live = Liveness.From(g, [.. program.Gradient, .. program.Effects]);
            int[][] deps = pattern.Evaluate(g, live, k => g[k].Kind == NodeKind.Input ? [g[k].InputIndex] : []);
            for (int i = 0; i < program.Gradient.Length; i++) pattern.Add(i, deps[program.Gradient[i]]);
        }
        catch (OverBudget)
        {
            return null;
        }
        return [.. pattern.rows.Select(r => r is null ? [] : r.Distinct().Order().ToArray())];
    }

    /// <summary>The inputs each live node of <paramref name="g"/> depends on; leaves from <paramref name="leaf"/>; loops run in place.</summary>
    private int[][] Evaluate(Graph g, bool[] live, Func<int, int[]> leaf)
    {
        var deps = new int[g.Count][];
        var loops = new Dictionary<int, int[][]>();
        for (int k = 0; k < g.Count; k++)
            if (live[k]) deps[k] = Node(g, k, deps, loops, leaf);
        return deps;
    }

    private int[] Node(Graph g, int k, int[][] deps, Dictionary<int, int[][]> loops, Func<int, int[]> leaf)
    {
        Node n = g[k];
        switch (n.Kind)
        {
            case NodeKind.Operation:
                int[] union = [];
                for (int i = 0; i < n.Op.Arity; i++)
                    if (n.Operand(i) != Tracer.Node.None && n.Op.HasPartial(i)) union = Union(union, deps[n.Operand(i)]);
                return union;
            case NodeKind.Loop:
                Loop loop = g.LoopOf(k);
                int[][] sums = loops[k] = Loop(loop, [.. loop.Captures.Select(c => deps[c] ?? [])]);
                if (loop.Initial != Tracer.Node.None && sums.Length > loop.InitialAccumulator)
                    sums[loop.InitialAccumulator] = Union(sums[loop.InitialAccumulator], deps[loop.Initial]);
                return sums.Length > 0 ? sums[0] : [];
            case NodeKind.Extract:
                return loops[n.ExtractLoop][n.ExtractComponent];
            case NodeKind.Call: // a black box depends on every argument
                int[] arguments = [];
                foreach (int a in g.CallOf(k).Arguments) arguments = Union(arguments, deps[a] ?? []);
                return arguments;
            default:
                return leaf(k);
        }
    }

    /// <summary>Runs a loop's body over its iterations: returns each accumulator's inputs (over all iterations), scatters into the rows.</summary>
    private int[][] Loop(Loop loop, int[][] captures)
    {
        Graph body = loop.Body;
        bool[] live = Liveness.InBody(loop);
        // Nodes that depend on the counter: gathers of the inputs, and what reads them (a nested loop through its captures).
        var variant = new bool[body.Count];
        for (int b = 0; b < body.Count; b++)
            variant[b] = live[b] && (body[b].GathersInputs || (!body[b].IsLeaf && body.InputsOf(b).Any(i => variant[i])));
        int counter = 0;
        int[] Leaf(int b) => body[b] switch
        {
            { Kind: NodeKind.Capture } c => captures[c.CaptureIndex],
            { Kind: NodeKind.Gather } x when x.GathersInputs => [x.GatherScale * counter + x.GatherOffset],
            _ => [],
        };
        var invariant = new bool[body.Count];
        for (int b = 0; b < body.Count; b++) invariant[b] = live[b] && !variant[b];
        int[][] values = Evaluate(body, invariant, Leaf);
        var sums = new HashSet<int>[loop.Accumulate.Length];
        for (int j = 0; j < sums.Length; j++) sums[j] = [];
        int variantCount = variant.Count(v => v);
        // Without a node that depends on the counter, one iteration tells every sum; scatters still name a row per iteration.
        int iterations = variantCount > 0 || loop.Scatters.Length > 0 ? loop.Count : Math.Min(loop.Count, 1);
        for (counter = 0; counter < iterations; counter++)
        {
            Spend(variantCount);
            var loops = new Dictionary<int, int[][]>();
            for (int b = 0; b < body.Count; b++)
                if (variant[b]) values[b] = Node(body, b, values, loops, Leaf);
            for (int j = 0; j < sums.Length; j++)
            {
                Spend(values[loop.Accumulate[j]].Length);
                sums[j].UnionWith(values[loop.Accumulate[j]]);
            }
            foreach (Scatter s in loop.Scatters)
            {
                Node index = body[s.Gather];
                Add(index.GatherScale * counter + index.GatherOffset, values[s.Node]);
            }
        }
        return [.. sums.Select(s => s.Order().ToArray())];
    }

    private void Add(int row, int[] inputs)
    {
        Spend(inputs.Length);
        (rows[row] ??= []).AddRange(inputs);
    }

    private void Spend(long work)
    {
        budget -= work + 1;
        if (budget < 0) throw new OverBudget();
    }

    private int[] Union(int[] a, int[] b)
    {
        if (b.Length == 0 || ReferenceEquals(a, b)) return a;
        if (a.Length == 0) return b;
        Spend(a.Length + b.Length);
        var merged = new List<int>(a.Length + b.Length);
        int i = 0, j = 0;
        while (i < a.Length || j < b.Length)
        {
            int next = j == b.Length || (i < a.Length && a[i] <= b[j]) ? a[i] : b[j];
            if (i < a.Length && a[i] == next) i++;
            if (j < b.Length && b[j] == next) j++;
            merged.Add(next);
        }
        return merged.Count == a.Length ? a : merged.Count == b.Length ? b : [.. merged];
    }

    private sealed class OverBudget : Exception;
}
