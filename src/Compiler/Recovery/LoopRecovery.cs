using System.Runtime.CompilerServices;
using ExprGrad.Ops;
using ExprGrad.Tracer;

namespace ExprGrad.Compiler;

/// <summary>
/// Recovers the loops of plain C# from a trace: a reduction <c>s = s + term(i)</c> whose terms are one computation on
/// entries at indices affine in <c>i</c>, on values computed before it and on constants (equal, or read from a table),
/// becomes a loop node exactly like the one <see cref="Scalar.Sum"/> records, with the chain's start as the loop's
/// initial value, so the sum adds the same numbers in the same order (the value keeps its bits). Outer reductions are
/// recovered first and the pass runs again inside each new loop body, so nested loops come out nested. Everything
/// else is copied; what does not match stays straight-line. A pure function: the traced graph is not changed.
/// </summary>
internal static class LoopRecovery
{
    /// <summary>The traced program with its reductions as loops (or the same program when there is none).</summary>
    public static Traced Apply(Traced traced, int minIterations)
    {
        var (graph, outputs) = Apply(traced.Graph, [traced.Output], minIterations);
        return ReferenceEquals(graph, traced.Graph) ? traced : new Traced(graph, outputs[0]);
    }

    /// <summary>A program of several outputs (a vector function's, or its map) with its reductions as loops (or the same program when there is none).</summary>
    public static (Graph Graph, int[] Outputs) Apply(Graph graph, int[] outputs, int minIterations)
    {
        var rebuilder = new Rebuilder(minIterations);
        // A program with nothing to recover (a long chain of distinct ops) is not copied: copying hash-conses every node again.
        if (!rebuilder.FindsAny(graph, outputs)) return (graph, outputs);
        Graph target = graph.EmptyLike();
        int[] mapped = rebuilder.Run(graph, outputs, target, null);
        target.Seal();
        return (target, mapped);
    }

    /// <summary>A recovered run: terms <see cref="First"/>..<see cref="Last"/> (indices into the chain) of one chain.</summary>
    private sealed record Run(ReductionChain Chain, int First, int Last, TermTemplate Template)
    {
        public int Count => Last - First + 1;
        public int Init => First == 0 ? Chain.Init : Chain.Elements[First - 1];
    }

    private sealed class Rebuilder(int minIterations)
    {
        private Graph? searched;                   // the top-level graph FindsAny searched, and its runs
        private Dictionary<int, Run> searchedRuns = [];

        /// <summary>True when <paramref name="g"/> or a loop body in it (read through the graphs it was traced in) has a run to recover.</summary>
        public bool FindsAny(Graph g, int[] outputs)
        {
            var pending = new Stack<(Graph Graph, int[] Outputs)>([(g, outputs)]);
            while (pending.TryPop(out var item))
            {
                var runs = FindRuns(item.Graph, item.Outputs, new EntryResolver(item.Graph, item.Graph.Parent as Graph, item.Graph.Captures));
                if (ReferenceEquals(item.Graph, g)) (searched, searchedRuns) = (g, runs);
                if (runs.Count > 0) return true;
                foreach (Loop loop in item.Graph.Loops) pending.Push((loop.Body, loop.Accumulate));
            }
            return false;
        }

        /// <summary>
        /// Copies <paramref name="source"/> into <paramref name="target"/> with its runs as loops; a loop body is
        /// rebuilt the same way (this recursion follows loop nesting, not the graph). Returns the outputs' new ids.
        /// </summary>
        [MethodImpl(MethodImplOptions.AggressiveOptimization)] // see GraphFacts
        public int[] Run(Graph source, int[] outputs, Graph target, IReadOnlyList<int>? captureTargets)
        {
            var entries = new EntryResolver(source, target.Parent as Graph, captureTargets);
            Dictionary<int, Run> runs = ReferenceEquals(source, searched) ? searchedRuns : FindRuns(source, outputs, entries);
            bool[] live = Live(source, outputs, runs);
            var map = new int[source.Count];
            Array.Fill(map, Node.None);
            for (int k = 0; k < source.Count; k++)
            {
                if (!live[k]) continue;
                map[k] = runs.TryGetValue(k, out Run? run) ? EmitLoop(source, run, map, target) : Copy(source, k, map, target, captureTargets);
            }
            return [.. outputs.Select(o => map[o])];
        }

        // 1. Chains (outermost first) and the runs of matching terms in each.
        [MethodImpl(MethodImplOptions.AggressiveOptimization)] // see GraphFacts
        private Dictionary<int, Run> FindRuns(Graph source, int[] outputs, EntryResolver entries)
        {
            var runs = new Dictionary<int, Run>();
            int[] uses = GraphFacts.Uses(source, outputs);
            ulong[] shapes = GraphFacts.Shapes(source, entries);
            List<ReductionChain> chains = ReductionChains.Find(source, uses, shapes, minIterations);
            if (chains.Count == 0) return runs;
            var chainOf = new int[source.Count];
            var matcher = new TermMatcher(source, entries, shapes, chainOf) { Uses = uses };
            var consumed = new bool[source.Count];
            for (int c = 0; c < chains.Count; c++)
            {
                ReductionChain chain = chains[c];
                if (consumed[chain.Head]) continue; // inside the terms of a chain recovered already
                foreach (int e in chain.Elements) chainOf[e] = c + 1;
                matcher.Chain = c + 1;
                int[] terms = chain.Terms;
                for (int s = 0; terms.Length - s >= minIterations;)
                {
                    if (!matcher.Begin(terms[s], terms[s + 1])) { s++; continue; }
                    while (s + matcher.Iterations < terms.Length && matcher.Next(terms[s + matcher.Iterations])) { }
                    int e = s + matcher.Iterations - 1;
                    if (matcher.Iterations >= minIterations && matcher.OwnsItsNodes())
                    {
                        runs[chain.Elements[e]] = new Run(chain, s, e, matcher.Template(matcher.Iterations));
                        foreach (int m in matcher.RunNodes) consumed[m] = true;
                    }
                    s = e + 1;
                }
            }
            return runs;
        }

        // 2. What the outputs need once the runs are loops: a run's loop reads its invariant nodes and its initial value.
        [MethodImpl(MethodImplOptions.AggressiveOptimization)] // see GraphFacts
        private static bool[] Live(Graph source, int[] outputs, Dictionary<int, Run> runs)
        {
            var live = new bool[source.Count];
            var stack = new Stack<int>(outputs);
            foreach (int o in outputs) live[o] = true;
            while (stack.TryPop(out int k))
            {
                IEnumerable<int> reads = runs.TryGetValue(k, out Run? run)
                    ? run.Template.Nodes.Where(n => n.Kind == PositionKind.Invariant).Select(n => n.Reference).Append(run.Init)
                    : source.InputsOf(k);
                foreach (int i in reads)
                    if (!live[i]) { live[i] = true; stack.Push(i); }
            }
            return live;
        }

        // 3a. A node copied as it is (a loop of the user's: its body is recovered too).
        private int Copy(Graph source, int k, int[] map, Graph target, IReadOnlyList<int>? captureTargets)
        {
            Node n = source[k];
            return n.Kind switch
            {
                NodeKind.Input => k,
                NodeKind.Constant => target.Constant(n.ConstantValue),
                NodeKind.Capture => target.Capture(captureTargets![n.CaptureIndex]),
                NodeKind.Gather => target.Gather(n.GatherVector, n.GatherScale, n.GatherOffset),
                NodeKind.Data => target.Data(n.DataIndex),
                NodeKind.Extract => target.Extract(map[n.ExtractLoop], n.ExtractComponent),
                NodeKind.Loop => CopyLoop(source.LoopOf(k), map, target),
                NodeKind.Call => target.AddCall(source.CallOf(k), map),
                _ => target.Add(n.Op, Map(map, n.Operand(0)), Map(map, n.Operand(1)), Map(map, n.Operand(2)), n.Parameter),
            };
        }

        private int CopyLoop(Loop loop, int[] map, Graph target)
        {
            int[] captures = [.. loop.Captures.Select(c => map[c])];
            var body = new Graph(target);
            // A map's scatters (the output index it writes, and the value) are outputs of its body too.
            int a = loop.Accumulate.Length, s = loop.Scatters.Length;
            int[] roots = Run(loop.Body, [.. loop.Accumulate, .. loop.Scatters.Select(x => x.Node), .. loop.Scatters.Select(x => x.Gather)], body, captures);
            body.Seal();
            Scatter[] scatters = [.. Enumerable.Range(0, s).Select(j => new Scatter(roots[a + j], roots[a + s + j]))];
            return target.AddLoop(new Loop(body, loop.Count, [.. body.Captures], roots[..a], scatters) { Initial = Map(map, loop.Initial) });
        }

        // 3b. A run as a loop: the template becomes the body (in the reference term's node order, which is topological).
        private int EmitLoop(Graph source, Run run, int[] map, Graph target)
        {
            TermTemplate template = run.Template;
            var draft = new Graph(target);
            var ids = new int[template.Nodes.Length];
            (int vector, int stride, int[] column) = Table(target, template, run.Count);
            var tableOf = new int[ids.Length];
            for (int p = 0, t = 0; p < ids.Length; p++) if (template.Nodes[p].Kind == PositionKind.Table) tableOf[p] = t++;
            foreach (int p in Enumerable.Range(0, ids.Length).OrderBy(p => template.Nodes[p].Reference))
            {
                TemplateNode t = template.Nodes[p];
                Node n = source[t.Reference];
                ids[p] = t.Kind switch
                {
                    PositionKind.Invariant => n.Kind == NodeKind.Constant ? draft.Constant(n.ConstantValue) : draft.Capture(map[t.Reference]),
                    PositionKind.Entry => draft.Gather(t.Vector, t.Scale, t.Offset),
                    PositionKind.Table => draft.Gather(vector, stride, column[tableOf[p]]),
                    PositionKind.Loop => draft.AddLoop(source.LoopOf(t.Reference) with { Captures = [.. t.Operands.Select(o => ids[o])] }),
                    _ => draft.Add(n.Op, ids[t.Operands[0]], t.Operands.Length > 1 ? ids[t.Operands[1]] : Node.None,
                        t.Operands.Length > 2 ? ids[t.Operands[2]] : Node.None, n.Parameter),
                };
            }
            int root = ids[0];
            if (run.Chain.Subtracts) root = draft.Add(OpTable.Neg, root); // acc + (-t) is acc - t, bit for bit
            draft.Seal();

            // The draft body's captures already name nodes of target; recover the loops nested in it.
            var body = new Graph(target);
            int output = Run(draft, [root], body, draft.Captures)[0];
            body.Seal();
            int init = run.Init;
            // A sum starts from +0.0: a chain starting there needs no initial value (-0.0 does: -0.0 + -0.0 is -0.0).
            bool zeroStart = source[init].Kind == NodeKind.Constant && BitConverter.DoubleToInt64Bits(source[init].ConstantValue) == 0;
            return target.AddLoop(new Loop(body, run.Count, [.. body.Captures], [output], []) { Initial = zeroStart ? Node.None : map[init] });
        }

        /// <summary>
        /// One table for the run's differing constants, laid out by iteration ([i * stride + column]) so an
        /// iteration's values are adjacent; identical sequences share a column.
        /// </summary>
        private static (int Vector, int Stride, int[] Column) Table(Graph target, TermTemplate template, int count)
        {
            if (template.Tables.Count == 0) return (Node.None, 0, []);
            var column = new int[template.Tables.Count];
            var distinct = new List<double[]>();
            var columnOf = new Dictionary<double[], int>(SequenceComparer.Instance);
            for (int t = 0; t < column.Length; t++)
            {
                if (!columnOf.TryGetValue(template.Tables[t], out column[t])) columnOf[template.Tables[t]] = column[t] = distinct.Count;
                if (column[t] == distinct.Count) distinct.Add(template.Tables[t]);
            }
            var values = new double[count * distinct.Count];
            for (int c = 0; c < distinct.Count; c++)
                for (int i = 0; i < count; i++) values[i * distinct.Count + c] = distinct[c][i];
            return (target.AddTable(values), distinct.Count, column);
        }

        private static int Map(int[] map, int id) => id == Node.None ? Node.None : map[id];
    }

    /// <summary>Compares tables by their values, bit for bit.</summary>
    private sealed class SequenceComparer : IEqualityComparer<double[]>
    {
        public static readonly SequenceComparer Instance = new();

        public bool Equals(double[]? x, double[]? y)
        {
            if (x is null || y is null || x.Length != y.Length) return ReferenceEquals(x, y);
            for (int i = 0; i < x.Length; i++) if (BitConverter.DoubleToInt64Bits(x[i]) != BitConverter.DoubleToInt64Bits(y[i])) return false;
            return true;
        }

        public int GetHashCode(double[] values)
        {
            var hash = new HashCode();
            foreach (double v in values) hash.Add(BitConverter.DoubleToInt64Bits(v));
            return hash.ToHashCode();
        }
    }
}
