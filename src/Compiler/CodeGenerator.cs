using System.Linq.Expressions;
using ExprGrad.Ops;
using ExprGrad.Tracer;

namespace ExprGrad.Compiler;

/// <summary>
/// Turns a <see cref="Program"/> into flat code: one assignment per node, never a nested expression deeper
/// than one op (deep trees overflow or break both expression compilers). Large programs are cut into
/// units of at most <see cref="UnitSize"/> statements so the JIT optimises each one (past ~20k IL
/// instructions it stops optimising); values that cross units travel through the per-call workspace.
/// </summary>
/// <remarks>
/// Workspace layout (a per-thread <c>double[]</c>, never shared between calls in flight):
/// <c>[0, n)</c> inputs, <c>[n]</c> value, <c>[n + 1, 2n + 1)</c> gradient, then spill slots.
/// </remarks>
internal static class CodeGenerator
{
    /// <summary>Statements per unit: the JIT's sweet spot measured here (Rosenbrock n = 24..1000, units of 64..400) is about 250.</summary>
    public const int UnitSize = 250;

    /// <summary>
    /// Up to this many statements the code reads and writes the caller's spans directly (through tiny
    /// helpers the JIT inlines in small methods), with no workspace and no copies: a call costs what the
    /// arithmetic costs. Larger code works on the workspace array, where access stays fast at any size.
    /// </summary>
    public const int SpanLimit = 250;

    public static Kernel Generate(Program program, int unitSize = UnitSize)
    {
        Graph g = program.Graph;
        int n = g.InputCount;
        int valueSlot = n, gradientSlot = n + 1;

        // 1. Live nodes: what the outputs need (dead code is never emitted).
        var live = new bool[g.Count];
        live[program.Value] = true;
        foreach (int o in program.Gradient) live[o] = true;
        for (int k = g.Count - 1; k >= 0; k--)
        {
            if (!live[k]) continue;
            Node node = g[k];
            for (int i = 0; i < node.Op.Arity; i++) live[node.Input(i)] = true;
        }

        // 2. Statements in topological order, cut into units.
        var unitOf = new int[g.Count];
        Array.Fill(unitOf, -1);
        var statements = new List<int>();
        for (int k = 0; k < g.Count; k++)
        {
            if (!live[k] || IsLeaf(g[k])) continue;
            unitOf[k] = statements.Count / unitSize;
            statements.Add(k);
        }
        int units = Math.Max(1, (statements.Count + unitSize - 1) / unitSize);
        if (statements.Count <= Math.Min(SpanLimit, unitSize))
            return new Kernel([], SpanUnit(g, program, statements), n, program.Gradient.Length, 0, statements.Count);

        // 3. Values used by a later unit get a workspace slot. Outputs are stored where they are computed,
        //    so no unit has to load thousands of gradient entries (FEC fails on blocks that large).
        var lastUse = (int[])unitOf.Clone();
        foreach (int k in statements)
        {
            Node node = g[k];
            for (int i = 0; i < node.Op.Arity; i++) lastUse[node.Input(i)] = Math.Max(lastUse[node.Input(i)], unitOf[k]);
        }
        var slot = new int[g.Count];
        int nextSlot = gradientSlot + program.Gradient.Length;
        foreach (int k in statements) slot[k] = lastUse[k] > unitOf[k] ? nextSlot++ : -1;
        var outputs = new Dictionary<int, List<int>>();
        void Output(int cell, int k) { if (!outputs.TryGetValue(k, out var cells)) outputs[k] = cells = []; cells.Add(cell); }
        Output(valueSlot, program.Value);
        for (int i = 0; i < program.Gradient.Length; i++) Output(gradientSlot + i, program.Gradient[i]);

        // 4. Emit each unit; leaf outputs (constants, inputs) go at the end of the last one.
        var lambdas = new List<Expression<Action<double[]>>>(units);
        for (int u = 0, s = 0; u < units; u++)
        {
            var unit = new UnitBuilder(g, program.Names, slot, u, spans: false);
            for (; s < statements.Count && unitOf[statements[s]] == u; s++)
            {
                int k = statements[s];
                unit.Define(k);
                if (outputs.TryGetValue(k, out var cells)) foreach (int cell in cells) unit.Store(cell, k);
            }
            if (u == units - 1)
                foreach (var (k, cells) in outputs)
                    if (IsLeaf(g[k])) foreach (int cell in cells) unit.StoreLeaf(cell, k);
            lambdas.Add(unit.Build());
        }
        return new Kernel(lambdas, null, n, program.Gradient.Length, nextSlot, statements.Count);
    }

    private static Expression<SpanKernel> SpanUnit(Graph g, Program program, List<int> statements)
    {
        var noSlots = new int[g.Count];
        Array.Fill(noSlots, -1);
        var unit = new UnitBuilder(g, program.Names, noSlots, 0, spans: true);
        foreach (int k in statements) unit.Define(k);
        for (int i = 0; i < program.Gradient.Length; i++) unit.Store(i, program.Gradient[i]);
        return unit.BuildSpan(program.Value);
    }

    private static bool IsLeaf(Node node) => node.Op == OpTable.Input || node.Op == OpTable.Constant;

    /// <summary>Builds one unit: the statements, each preceded by loads of the inputs and earlier units' values it first uses.</summary>
    private sealed class UnitBuilder(Graph g, IReadOnlyDictionary<int, string> names, int[] slot, int unit, bool spans)
    {
        private readonly ParameterExpression workspace = Expression.Parameter(typeof(double[]), "w");
        private readonly ParameterExpression input = Expression.Parameter(typeof(ReadOnlySpan<double>), "x");
        private readonly ParameterExpression gradient = Expression.Parameter(typeof(Span<double>), "gradient");
        private readonly Dictionary<int, ParameterExpression> locals = [];
        private readonly List<Expression> body = [];

        public void Define(int k)
        {
            Node node = g[k];
            Expression value = node.Op.Emit(Use(node.A), Use(node.B), Use(node.C), node.Parameter);
            ParameterExpression local = Local(k);
            body.Add(Expression.Assign(local, value));
            if (slot[k] >= 0) body.Add(Expression.Assign(Cell(slot[k]), local));
        }

        public void Store(int cell, int k) => body.Add(spans
            ? Expression.Call(SpanAccess.StoreMethod, gradient, Expression.Constant(cell), Use(k))
            : Expression.Assign(Cell(cell), Use(k)));

        /// <summary>Stores a constant, or copies an input cell, without loading it into a local.</summary>
        public void StoreLeaf(int cell, int k)
        {
            Node node = g[k];
            body.Add(Expression.Assign(Cell(cell), node.Op == OpTable.Input ? Cell((int)node.Parameter) : Emit.Constant(node.Parameter)));
        }

        public Expression<SpanKernel> BuildSpan(int value)
        {
            Expression result = Use(value);
            var block = Expression.Block(typeof(double), locals.OrderBy(l => l.Key).Select(l => l.Value), [.. body, result]);
            return Expression.Lambda<SpanKernel>(block, "Kernel", [input, gradient]);
        }

        public Expression<Action<double[]>> Build()
        {
            var block = Expression.Block(typeof(void), locals.OrderBy(l => l.Key).Select(l => l.Value), body);
            return Expression.Lambda<Action<double[]>>(block, $"Unit{unit}", [workspace]);
        }

        private Expression Use(int k)
        {
            if (k < 0) return Emit.Constant(0.0);
            Node node = g[k];
            if (node.Op == OpTable.Constant) return Emit.Constant(node.Parameter);
            if (locals.TryGetValue(k, out var local)) return local;
            // An input, or a value from an earlier unit: load it once, just before its first use (loading
            // everything up front would keep all of them live across the unit: register pressure, spills).
            int cell = node.Op == OpTable.Input ? (int)node.Parameter : slot[k];
            local = Local(k);
            body.Add(Expression.Assign(local, spans && node.Op == OpTable.Input
                ? Expression.Call(SpanAccess.LoadMethod, input, Expression.Constant(cell))
                : Cell(cell)));
            return local;
        }

        private ParameterExpression Local(int k)
        {
            Node node = g[k];
            string name = node.Op == OpTable.Input ? $"x{(int)node.Parameter}" : names.TryGetValue(k, out var hint) ? hint : $"v{k}";
            var local = Expression.Variable(typeof(double), name);
            locals.Add(k, local);
            return local;
        }

        private IndexExpression Cell(int index) => Expression.ArrayAccess(workspace, Expression.Constant(index));
    }
}

/// <summary>
/// Generated code: either one <see cref="Span"/> kernel over the caller's spans (small programs), or units
/// to run in order over a workspace of <see cref="WorkspaceSize"/> doubles.
/// </summary>
internal sealed record Kernel(IReadOnlyList<Expression<Action<double[]>>> Units, Expression<SpanKernel>? Span,
    int Dimension, int GradientLength, int WorkspaceSize, int StatementCount);

/// <summary>A small program's value and gradient, reading and writing the caller's spans.</summary>
internal delegate double SpanKernel(ReadOnlySpan<double> x, Span<double> gradient);

/// <summary>Span element access for generated code (indexers returning refs cannot be called from expression trees).</summary>
internal static class SpanAccess
{
    public static readonly System.Reflection.MethodInfo LoadMethod = typeof(SpanAccess).GetMethod(nameof(Load))!;
    public static readonly System.Reflection.MethodInfo StoreMethod = typeof(SpanAccess).GetMethod(nameof(Store))!;

    public static double Load(ReadOnlySpan<double> span, int index) => span[index];

    public static void Store(Span<double> span, int index, double value) => span[index] = value;
}
