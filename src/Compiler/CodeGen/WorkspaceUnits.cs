using System.Linq.Expressions;
using ExprGrad.Tracer;

namespace ExprGrad.Compiler;

/// <summary>
/// What it takes to generate the units of a program that runs on the workspace, one at a time: the partition
/// into units, the cells of values crossing units, the loop plans, and where the outputs go. Values are stored
/// where they are computed, so no unit has to load thousands of gradient entries (FEC fails on blocks that large).
/// </summary>
internal sealed class WorkspaceUnits(GradientProgram program, Partition part, int[] slot, Layout layout, LoopPlanner planner,
    Dictionary<int, int> cachingLoops, bool accumulate)
{
    private readonly Dictionary<int, List<int>> outputs = OutputCells(program, layout);

    public int Count => part.Units;

    /// <summary>Unit <paramref name="u"/>: its statements, the outputs defined there, and the leaf outputs at the end of the last unit.</summary>
    public UnitCode Emit(int u)
    {
        Graph g = program.Graph;
        var workspace = Expression.Parameter(typeof(double[]), "w");
        var delegates = new NestedLambdas();
        var builder = new BlockBuilder(g, program.Names, new EmitContext(layout, planner, delegates, workspace, workspace, null), slot, null)
        {
            CachingLoops = cachingLoops,
        };
        foreach (int k in part.StatementsOf(u))
        {
            builder.Define(k);
            foreach (int d in part.DefinedWith.TryGetValue(k, out var with) ? [k, .. with] : new[] { k })
                if (outputs.TryGetValue(d, out var cells)) foreach (int cell in cells) builder.Store(cell, d, accumulate && cell != layout.Value);
        }
        if (u == part.Units - 1)
            foreach (var (k, cells) in outputs)
                if (g[k].IsLeaf) foreach (int cell in cells) builder.Store(cell, k, accumulate && cell != layout.Value);
        return new UnitCode(Expression.Lambda<Action<double[]>>(builder.Block(typeof(void)), $"Unit{u}", [workspace]), delegates.All);
    }

    /// <summary>Node -> the cells it is stored in: the value cell, gradient cells (a node may be several outputs).</summary>
    private static Dictionary<int, List<int>> OutputCells(GradientProgram program, Layout layout)
    {
        var outputs = new Dictionary<int, List<int>>();
        void Output(int cell, int k)
        {
            if (!outputs.TryGetValue(k, out var cells)) outputs[k] = cells = [];
            cells.Add(cell);
        }
        Output(layout.Value, program.Value);
        for (int i = 0; i < program.Gradient.Length; i++) Output(layout.Gradient + i, program.Gradient[i]);
        return outputs;
    }
}
