using ExprGrad.Tracer;

namespace ExprGrad.Compiler;

/// <summary>
/// The statements of one graph (the program, or a split loop body) in topological order, cut into units of
/// about <c>unitSize</c> weight (a statement weighs 1, a loop what <see cref="LoopPlanner.Weight"/> says). A fused
/// adjoint loop and its extracts are defined with the forward loop they replace (<see cref="DefinedWith"/>);
/// extracts stay in their loop's unit, except the extracts of a loop run as a delegate, which read its
/// accumulator cells like any statement.
/// </summary>
internal sealed class Partition
{
    private const int NoUnit = -1; // a node that is not a statement (a leaf, or dead)
    private readonly Graph g;
    private readonly int[] starts;

    public List<int> Statements { get; } = [];
    public int[] UnitOf { get; }
    public int Units { get; }
    public int Weight { get; }
    public Dictionary<int, List<int>> DefinedWith { get; } = [];

    private Partition(Graph g, bool[] live, int unitSize, LoopPlanner planner, bool topLevel)
    {
        this.g = g;
        UnitOf = new int[g.Count];
        Array.Fill(UnitOf, NoUnit);
        bool Delegated(int loopNode) => planner.RunsAsDelegate(g.LoopOf(loopNode), topLevel);
        var early = new Dictionary<int, int>();      // fused adjoint loop -> the forward loop it replaces
        foreach (var (forward, loop, _) in planner.Fusions.In(g)) { early[loop] = forward; DefinedWith[forward] = [loop]; }
        // Both loops start after the inputs (leaves, no statements): a loop over 10,000 of them would have the JIT compile
        // this constructor a second time, optimised (on-stack replacement).
        for (int k = g.InputCount; k < g.Count; k++)
            if (g[k].Kind == NodeKind.Extract && early.TryGetValue(g[k].ExtractLoop, out int f) && !Delegated(g[k].ExtractLoop))
                DefinedWith[f].Add(k);
        int unit = 0, unitWeight = 0;
        for (int k = g.InputCount; k < g.Count; k++)
        {
            if (!live[k] || g[k].IsLeaf) continue;
            Node node = g[k];
            bool extract = node.Kind == NodeKind.Extract;
            bool ownStatement = extract && Delegated(node.ExtractLoop);
            if (early.ContainsKey(k) || (extract && early.ContainsKey(node.ExtractLoop) && !ownStatement))
            {
                UnitOf[k] = UnitOf[early.TryGetValue(k, out int forward) ? forward : early[node.ExtractLoop]];
                continue; // defined with its forward loop
            }
            int w = node.Kind == NodeKind.Loop ? planner.Weight(planner.Fusions.LoopAt(g, k), topLevel) : 1;
            if (extract && !ownStatement) UnitOf[k] = UnitOf[node.ExtractLoop];
            else
            {
                if (unitWeight > 0 && unitWeight + w > unitSize) { unit++; unitWeight = 0; }
                UnitOf[k] = unit;
                unitWeight += w;
                Weight += w;
            }
            Statements.Add(k);
        }
        Units = Statements.Count == 0 ? 1 : UnitOf[Statements[^1]] + 1;
        starts = new int[Units + 1];
        for (int s = 0, u = 0; u <= Units; u++)
        {
            while (s < Statements.Count && UnitOf[Statements[s]] < u) s++;
            starts[u] = s;
        }
    }

    public static Partition Cut(Graph g, bool[] live, int unitSize, LoopPlanner planner, bool topLevel) => new(g, live, unitSize, planner, topLevel);

    public IEnumerable<int> StatementsOf(int unit)
    {
        for (int s = starts[unit]; s < starts[unit + 1]; s++) yield return Statements[s];
    }

    /// <summary>
    /// A workspace cell from <paramref name="next"/> on for every value a later unit reads (<paramref name="readAfterwards"/>:
    /// nodes read after the last unit), <see cref="Layout.NoCell"/> for the others.
    /// </summary>
    public int[] Slots(IEnumerable<int> readAfterwards, ref int next)
    {
        var lastUse = (int[])UnitOf.Clone();
        foreach (int k in Statements)
        {
            foreach (int i in g.InputsOf(k)) lastUse[i] = Math.Max(lastUse[i], UnitOf[k]);
            if (DefinedWith.TryGetValue(k, out var fused)) foreach (int i in g.InputsOf(fused[0])) lastUse[i] = Math.Max(lastUse[i], UnitOf[k]);
        }
        foreach (int k in readAfterwards) lastUse[k] = Units;
        int[] slot = Layout.NoCells(g.Count);
        foreach (int k in Statements)
        {
            if (lastUse[k] > UnitOf[k]) slot[k] = next++;
            if (DefinedWith.TryGetValue(k, out var with)) foreach (int e in with) if (lastUse[e] > UnitOf[e]) slot[e] = next++;
        }
        return slot;
    }
}
