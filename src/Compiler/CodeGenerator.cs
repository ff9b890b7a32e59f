using System.Linq.Expressions;
using ExprGrad.Ops;
using ExprGrad.Tracer;

namespace ExprGrad.Compiler;

/// <summary>
/// Turns a <see cref="Program"/> into flat code: one assignment per node, never a nested expression deeper
/// than one op (deep trees overflow or break both expression compilers). Large programs are cut into
/// units of at most <see cref="UnitSize"/> statements so the JIT optimises each one (past ~20k IL
/// instructions it stops optimising); values that cross units travel through the per-call workspace.
/// Loops stay loops: a loop node becomes an <see cref="Expression.Loop(Expression)"/> around its body's code.
/// </summary>
internal static class CodeGenerator
{
    /// <summary>Statements per unit: the JIT's sweet spot measured here (Rosenbrock n = 24..1000, units of 64..400) is about 250.</summary>
    public const int UnitSize = 250;

    /// <summary>
    /// Up to this many statements the code reads and writes the caller's spans directly (through tiny
    /// helpers the JIT inlines in small methods), with no workspace and no copies: a call costs what the
    /// arithmetic costs. Larger code, and code with loops or data, works on the workspace array.
    /// </summary>
    public const int SpanLimit = 250;

    /// <summary>Loop bodies larger than this reuse dead locals (their names become t0, t1, ...).</summary>
    public const int ReuseAbove = 400;

    public static Kernel Generate(Program program, int dataLength = 0, int unitSize = UnitSize)
    {
        Graph g = program.Graph;
        var layout = new Layout(g.InputCount, program.Gradient.Length, dataLength);

        // 1. Live nodes: what the outputs and the gradient-scattering loops need.
        bool[] live = Live(g, [program.Value, .. program.Gradient, .. program.Effects]);

        // 2. Statements in topological order, cut into units (a loop weighs its body; extracts stay with their loop).
        //    A fused adjoint loop runs in its forward loop's place: it and its extracts are defined there.
        var unitOf = new int[g.Count];
        Array.Fill(unitOf, -1);
        var early = new Dictionary<int, int>();      // fused adjoint loop -> the forward loop it replaces
        var definedWith = new Dictionary<int, List<int>>();
        foreach (var (forward, loop, _) in g.Fusions) { early[loop] = forward; definedWith[forward] = [loop]; }
        for (int k = 0; k < g.Count; k++)
            if (g[k].Op == OpTable.Extract && early.TryGetValue(g[k].A, out int f)) definedWith[f].Add(k);
        var statements = new List<int>();
        int weight = 0, unit = 0, unitWeight = 0;
        bool loops = false;
        for (int k = 0; k < g.Count; k++)
        {
            if (!live[k] || IsLeaf(g[k])) continue;
            Node node = g[k];
            loops |= node.Op == OpTable.Loop;
            if (early.ContainsKey(k) || (node.Op == OpTable.Extract && early.ContainsKey(node.A)))
            {
                unitOf[k] = unitOf[early.TryGetValue(k, out int forward) ? forward : early[node.A]];
                continue; // defined with its forward loop
            }
            int w = node.Op == OpTable.Loop
                ? 1 + BodyWeight(g.Loops[g.TryGetFusion(k, out var fusion) ? (int)g[fusion.Loop].Parameter : (int)node.Parameter])
                : 1;
            if (node.Op == OpTable.Extract) unitOf[k] = unitOf[node.A];
            else
            {
                if (unitWeight > 0 && unitWeight + w > unitSize) { unit++; unitWeight = 0; }
                unitOf[k] = unit;
                unitWeight += w;
                weight += w;
            }
            statements.Add(k);
        }
        int units = statements.Count == 0 ? 1 : unitOf[statements[^1]] + 1;
        if (!loops && dataLength == 0 && weight <= Math.Min(SpanLimit, unitSize))
            return new Kernel(0, _ => throw new InvalidOperationException("A span kernel has no units."), SpanUnit(g, program, statements, layout), layout, false, weight);

        // 3. Values used by a later unit get a workspace slot. Outputs are stored where they are computed,
        //    so no unit has to load thousands of gradient entries (FEC fails on blocks that large).
        var lastUse = (int[])unitOf.Clone();
        foreach (int k in statements)
        {
            foreach (int i in g.InputsOf(k)) lastUse[i] = Math.Max(lastUse[i], unitOf[k]);
            if (definedWith.TryGetValue(k, out var fused)) foreach (int i in g.InputsOf(fused[0])) lastUse[i] = Math.Max(lastUse[i], unitOf[k]);
        }
        var slot = new int[g.Count];
        Array.Fill(slot, -1);
        int nextSlot = layout.SpillStart;
        foreach (int k in statements)
        {
            if (lastUse[k] > unitOf[k]) slot[k] = nextSlot++;
            if (definedWith.TryGetValue(k, out var with)) foreach (int e in with) if (lastUse[e] > unitOf[e]) slot[e] = nextSlot++;
        }
        var outputs = new Dictionary<int, List<int>>();
        void Output(int cell, int k) { if (!outputs.TryGetValue(k, out var cells)) outputs[k] = cells = []; cells.Add(cell); }
        Output(layout.Value, program.Value);
        for (int i = 0; i < program.Gradient.Length; i++) Output(layout.Gradient + i, program.Gradient[i]);
        bool accumulate = program.Effects.Length > 0;

        // 4. Each unit is emitted when it is compiled (units compile in parallel, and a million-node program
        //    never holds all its expression trees at once); leaf outputs go at the end of the last unit.
        var starts = new int[units + 1];
        for (int s = 0, u = 0; u <= units; u++) { while (s < statements.Count && unitOf[statements[s]] < u) s++; starts[u] = s; }
        Expression<Action<double[]>> Unit(int u)
        {
            var workspace = Expression.Parameter(typeof(double[]), "w");
            var builder = new BlockBuilder(g, program.Names, layout, workspace, slot, null, null, null);
            for (int s = starts[u]; s < starts[u + 1]; s++)
            {
                int k = statements[s];
                builder.Define(k);
                foreach (int d in definedWith.TryGetValue(k, out var with) ? [k, .. with] : new[] { k })
                    if (outputs.TryGetValue(d, out var cells)) foreach (int cell in cells) builder.Store(cell, d, accumulate && cell != layout.Value);
            }
            if (u == units - 1)
                foreach (var (k, cells) in outputs)
                    if (IsLeaf(g[k])) foreach (int cell in cells) builder.Store(cell, k, accumulate && cell != layout.Value);
            return Expression.Lambda<Action<double[]>>(builder.Block(typeof(void)), $"Unit{u}", [workspace]);
        }
        return new Kernel(units, Unit, null, layout with { WorkspaceSize = nextSlot }, accumulate, weight);
    }

    /// <summary>Marks what the roots need, walking back in topological order (no recursion).</summary>
    private static bool[] Live(Graph g, IEnumerable<int> roots)
    {
        var live = new bool[g.Count];
        foreach (int r in roots) live[r] = true;
        for (int k = g.Count - 1; k >= 0; k--)
            if (live[k]) foreach (int i in g.InputsOf(k)) live[i] = true;
        return live;
    }

    private static bool[] LiveInBody(Loop loop)
        => Live(loop.Body, [.. loop.Accumulate, .. loop.Scatters.Select(s => s.Node), .. loop.Effects]);

    private static int BodyWeight(Loop loop)
    {
        bool[] live = LiveInBody(loop);
        int weight = 0;
        for (int k = 0; k < live.Length; k++)
        {
            if (!live[k] || IsLeaf(loop.Body[k])) continue;
            Node n = loop.Body[k];
            weight += n.Op == OpTable.Loop ? 1 + BodyWeight(loop.Body.Loops[(int)n.Parameter]) : 1;
        }
        return weight;
    }

    private static bool IsLeaf(Node node) => node.Op.Arity == 0 && node.Op != OpTable.Loop;

    private static Expression<SpanKernel> SpanUnit(Graph g, Program program, List<int> statements, Layout layout)
    {
        var noSlots = new int[g.Count];
        Array.Fill(noSlots, -1);
        var x = Expression.Parameter(typeof(ReadOnlySpan<double>), "x");
        var gradient = Expression.Parameter(typeof(Span<double>), "gradient");
        var unit = new BlockBuilder(g, program.Names, layout, Expression.Parameter(typeof(double[]), "w"), noSlots, x, gradient, null);
        foreach (int k in statements) unit.Define(k);
        for (int i = 0; i < program.Gradient.Length; i++) unit.StoreGradient(i, program.Gradient[i]);
        unit.Add(unit.Use(program.Value));
        return Expression.Lambda<SpanKernel>(unit.Block(typeof(double)), "Kernel", [x, gradient]);
    }

    /// <summary>
    /// Builds one block of statements for nodes of one graph: a unit of the top-level program, or the body
    /// of a loop (then <paramref name="body"/> gives the loop counter and the captured outer values).
    /// Inputs and values from earlier units are loaded just before their first use (loading them up front
    /// would keep them all live across the block: register pressure, spills).
    /// </summary>
    private sealed class BlockBuilder(Graph g, IReadOnlyDictionary<int, string> names, Layout layout, ParameterExpression workspace,
        int[] slot, ParameterExpression? spanX, ParameterExpression? spanGradient, BodyContext? body)
    {
        private readonly Dictionary<int, ParameterExpression> locals = [];
        private readonly List<ParameterExpression> extraLocals = [];
        private readonly List<ParameterExpression> reused = [];      // every variable the free pool ever handed out
        private readonly HashSet<ParameterExpression> reusable = [];
        private readonly Stack<ParameterExpression> free = new();
        private int[]? lastUse;                                      // set for large loop bodies: locals are reused

        /// <summary>
        /// Reuse locals whose value is dead: FastExpressionCompiler declines blocks with thousands of variables
        /// at random (measured: ~2% of bodies declaring 2,000), and large loop bodies are not cut into units.
        /// </summary>
        public void ReuseLocals(bool[] live, IEnumerable<int> roots)
        {
            lastUse = new int[g.Count];
            for (int k = 0; k < g.Count; k++)
                if (live[k] && !IsLeaf(g[k])) foreach (int i in g.InputsOf(k)) lastUse[i] = Math.Max(lastUse[i], k);
            foreach (int r in roots) lastUse[r] = int.MaxValue;
        }
        private readonly Dictionary<int, ParameterExpression[]> accumulators = [];
        private readonly List<Expression> statements = [];

        public void Add(Expression statement) => statements.Add(statement);

        public void Define(int k)
        {
            DefineNode(k);
            if (lastUse is null) return;
            foreach (int i in g.InputsOf(k))
                if (lastUse[i] == k && locals.Remove(i, out var dead) && reusable.Contains(dead)) free.Push(dead);
        }

        private void DefineNode(int k)
        {
            if (locals.ContainsKey(k) || g.RunsEarly(k)) return; // defined with the forward loop it replaced
            Node node = g[k];
            if (node.Op == OpTable.Loop)
            {
                if (!g.TryGetFusion(k, out var fusion)) { EmitLoop(k); return; }
                // One loop computes this loop's sum and the reverse sweep: define the fused loop and its extracts here.
                ParameterExpression[] sums = EmitLoop(fusion.Loop);
                locals[k] = sums[fusion.Component];
                if (slot[k] >= 0) statements.Add(Expression.Assign(Cell(slot[k]), sums[fusion.Component]));
                for (int e = fusion.Loop + 1; e < g.Count && g[e].Op == OpTable.Extract && g[e].A == fusion.Loop; e++)
                {
                    locals[e] = sums[(int)g[e].Parameter];
                    if (slot[e] >= 0) statements.Add(Expression.Assign(Cell(slot[e]), locals[e]));
                }
                return;
            }
            Expression value = node.Op == OpTable.Extract ? accumulators[node.A][(int)node.Parameter]
                : node.Op.Emit(Use(node.A), Use(node.B), Use(node.C), node.Parameter);
            ParameterExpression local = Local(k);
            statements.Add(Expression.Assign(local, value));
            if (slot[k] >= 0) statements.Add(Expression.Assign(Cell(slot[k]), local));
        }

        /// <summary>Writes node <paramref name="k"/> to a workspace cell (adding to it when the gradient accumulates).</summary>
        public void Store(int cell, int k, bool add)
        {
            if (add && g[k].Op == OpTable.Constant && g[k].Parameter == 0) return; // the cell was zeroed
            Expression value = Use(k);
            statements.Add(add ? AddTo(Cell(cell), value) : Expression.Assign(Cell(cell), value));
        }

        public void StoreGradient(int i, int k)
            => statements.Add(Expression.Call(SpanAccess.StoreMethod, spanGradient!, Expression.Constant(i), Use(k)));

        public BlockExpression Block(Type type)
            => Expression.Block(type, locals.OrderBy(l => l.Key).Select(l => l.Value).Concat(extraLocals).Concat(reused).Distinct(), statements);

        public Expression Use(int k)
        {
            if (k < 0) return Emit.Constant(0.0);
            Node node = g[k];
            if (node.Op == OpTable.Constant) return Emit.Constant(node.Parameter);
            if (locals.TryGetValue(k, out var local)) return local;
            if (node.Op == OpTable.Capture) return body!.Captures[(int)node.Parameter];
            Expression load = node.Op == OpTable.Input ? (spanX is not null
                    ? Expression.Call(SpanAccess.LoadMethod, spanX, Expression.Constant((int)node.Parameter))
                    : Cell((int)node.Parameter))
                : node.Op == OpTable.Data ? Cell(layout.Data + (int)node.Parameter)
                : node.Op == OpTable.Gather ? Expression.ArrayAccess(workspace, GatherIndex(node, node.A == 0 ? 0 : layout.Data))
                : Cell(slot[k]);
            local = Local(k);
            statements.Add(Expression.Assign(local, load));
            return local;
        }

        private Expression GatherIndex(Node gather, int baseCell)
            => Expression.Add(Expression.Multiply(body!.Counter, Expression.Constant(gather.B)), Expression.Constant(baseCell + gather.C));

        /// <summary>accumulators = 0; for (i = 0; i &lt; count; i++) { body; accumulators += ...; gradient[...] += ...; }</summary>
        private ParameterExpression[] EmitLoop(int k)
        {
            Loop loop = g.Loops[(int)g[k].Parameter];
            Expression[] captures = [.. loop.Captures.Select(Use)];
            var counter = Expression.Variable(typeof(int), $"i{k}");
            var sums = loop.Accumulate.Select((_, j) => Expression.Variable(typeof(double), $"v{k}_sum{j}")).ToArray();
            extraLocals.Add(counter);
            extraLocals.AddRange(sums);
            accumulators[k] = sums;
            if (sums.Length > 0) locals[k] = sums[0];

            var inner = new BlockBuilder(loop.Body, new Dictionary<int, string>(), layout, workspace, NoSlots(loop.Body.Count), null, null,
                new BodyContext(counter, captures));
            bool[] live = LiveInBody(loop);
            if (BodyWeight(loop) > ReuseAbove)
                inner.ReuseLocals(live, [.. loop.Accumulate, .. loop.Scatters.Select(s => s.Node), .. loop.Effects]);
            for (int b = 0; b < loop.Body.Count; b++) if (live[b] && !IsLeaf(loop.Body[b])) inner.Define(b);
            for (int j = 0; j < sums.Length; j++) inner.Add(Expression.Assign(sums[j], Expression.Add(sums[j], inner.Use(loop.Accumulate[j]))));
            foreach (Scatter s in loop.Scatters)
                inner.Add(AddTo(Expression.ArrayAccess(workspace, inner.GatherIndex(loop.Body[s.Gather], layout.Gradient)), inner.Use(s.Node)));

            foreach (var sum in sums) statements.Add(Expression.Assign(sum, Emit.Constant(0.0)));
            statements.Add(Expression.Assign(counter, Expression.Constant(0)));
            var exit = Expression.Label($"end{k}");
            statements.Add(Expression.Loop(Expression.Block(
                Expression.IfThen(Expression.GreaterThanOrEqual(counter, Expression.Constant(loop.Count)), Expression.Break(exit)),
                inner.Block(typeof(void)),
                Expression.PreIncrementAssign(counter)), exit));
            if (slot[k] >= 0 && sums.Length > 0) statements.Add(Expression.Assign(Cell(slot[k]), sums[0]));
            return sums;
        }

        // cell = cell + value, never AddAssign: FastExpressionCompiler 6.0.0 declines a void block (here: a loop
        // body) that ends in an AddAssign, on an array element or on a variable (regression tests in SumTests).
        private static Expression AddTo(IndexExpression cell, Expression value) => Expression.Assign(cell, Expression.Add(cell, value));

        private static int[] NoSlots(int count)
        {
            var slots = new int[count];
            Array.Fill(slots, -1);
            return slots;
        }

        private ParameterExpression Local(int k)
        {
            if (lastUse is not null)
            {
                var variable = free.Count > 0 ? free.Pop() : Expression.Variable(typeof(double), $"t{reused.Count}");
                if (reusable.Add(variable)) reused.Add(variable);
                locals.Add(k, variable);
                return variable;
            }
            Node node = g[k];
            string prefix = body is null ? "" : $"b{body.Counter.Name}_";
            string name = node.Op == OpTable.Input ? $"x{(int)node.Parameter}" : names.TryGetValue(k, out var hint) ? hint : $"{prefix}v{k}";
            var local = Expression.Variable(typeof(double), name);
            locals.Add(k, local);
            return local;
        }

        private IndexExpression Cell(int index) => Expression.ArrayAccess(workspace, Expression.Constant(index));
    }

    /// <summary>What a loop body's code sees of its loop: the counter and the captured outer values.</summary>
    private sealed record BodyContext(ParameterExpression Counter, Expression[] Captures);
}

/// <summary>
/// Workspace layout (a per-thread <c>double[]</c>, never shared between calls in flight): <c>[0, n)</c> inputs,
/// <c>[n]</c> value, <c>[n + 1, n + 1 + m)</c> gradient, then the data, then spill slots.
/// </summary>
internal sealed record Layout(int Inputs, int GradientLength, int DataLength)
{
    public int Value => Inputs;
    public int Gradient => Inputs + 1;
    public int Data => Gradient + GradientLength;
    public int SpillStart => Data + DataLength;
    public int WorkspaceSize { get; init; } = Inputs + 1 + GradientLength + DataLength;
}

/// <summary>
/// Generated code: either one <see cref="Span"/> kernel over the caller's spans (small programs), or
/// <see cref="UnitCount"/> units (each built on demand by <see cref="Unit"/>) to run in order over a workspace
/// (<see cref="Layout"/>). With <see cref="AccumulatesGradient"/> loops
/// scatter into the gradient cells, which must be zeroed before the units run.
/// </summary>
internal sealed record Kernel(int UnitCount, Func<int, Expression<Action<double[]>>> Unit, Expression<SpanKernel>? Span,
    Layout Layout, bool AccumulatesGradient, int StatementCount)
{
    public int Dimension => Layout.Inputs;
    public int GradientLength => Layout.GradientLength;
    public int WorkspaceSize => Layout.WorkspaceSize;
}

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
