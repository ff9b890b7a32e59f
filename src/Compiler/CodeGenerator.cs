using System.Linq.Expressions;
using ExprGrad.Ops;
using ExprGrad.Tracer;

namespace ExprGrad.Compiler;

/// <summary>
/// Turns a <see cref="Program"/> into flat code: one assignment per node, never a nested expression deeper
/// than one op (deep trees overflow or break both expression compilers). Large programs are cut into
/// units of at most <see cref="UnitSize"/> statements so the JIT optimises each one (past ~20k IL
/// instructions it stops optimising); values that cross units travel through the per-call workspace.
/// Loops stay loops: a loop node becomes an <see cref="Expression.Loop(Expression)"/> around its body's code, or,
/// for a body above <see cref="SplitAbove"/> statements or a sum run in parallel, a call to a compiled
/// <see cref="LoopRunner"/> (see <see cref="Planner"/>). Small programs, loops included, read and write the
/// caller's spans (<see cref="SpanKernel"/>).
/// </summary>
internal static class CodeGenerator
{
    /// <summary>Statements per unit: the JIT's sweet spot measured here (Rosenbrock n = 24..1000, units of 64..400) is about 250.</summary>
    public const int UnitSize = 250;

    /// <summary>
    /// Up to this many statements (a loop counting its body) the code reads and writes the caller's spans directly
    /// (through tiny helpers the JIT inlines in small methods), with no workspace and no copies: a call costs what the
    /// arithmetic costs. Larger code, loops run as delegates and loops keeping values for their adjoint loops work on
    /// the workspace array.
    /// </summary>
    public const int SpanLimit = 250;

    /// <summary>Loop bodies larger than this reuse dead locals (their names become t0, t1, ...).</summary>
    public const int ReuseAbove = 400;

    /// <summary>
    /// Loop bodies heavier than this are cut into chunks of <see cref="UnitSize"/> statements, each a delegate
    /// the loop calls per iteration (values crossing chunks go through the workspace): one method holding a
    /// body of thousands of statements is compiled by the JIT without optimisation (GMM d = 10, K = 10 ran at
    /// 1.8x the hand-written gradient with a 6,640-statement body in one method).
    /// </summary>
    public const int SplitAbove = 1000;

    public static Kernel Generate(Program program, int dataLength, GradOptions options)
    {
        Graph g = program.Graph;
        int unitSize = options.UnitSize;
        var planner = new Planner(options);

        // 1. Live nodes: what the outputs and the gradient-scattering loops need.
        bool[] live = Live(g, [program.Value, .. program.Gradient, .. program.Effects]);

        // 2. Statements in topological order, cut into units (an inline loop weighs its body and keeps its extracts;
        //    a loop run as a delegate weighs its call, and its extracts read its cells from any unit; a fused
        //    adjoint loop is defined in its forward loop's place).
        Partition part = Partition.Cut(g, live, unitSize, planner, topLevel: true);
        var layout = new Layout(g.InputCount, program.Gradient.Length, dataLength);

        // 3. Values used by a later unit get a workspace slot. Outputs are stored where they are computed,
        //    so no unit has to load thousands of gradient entries (FEC fails on blocks that large). Loops that
        //    run as delegates get their cells (captures, accumulators, values crossing body chunks) too.
        int nextSlot = layout.SpillStart;
        int[] slot = part.Slots([], ref nextSlot);
        planner.Plan(g, part.Statements, topLevel: true, ref nextSlot);
        layout = layout with { Spills = nextSlot - layout.SpillStart };
        bool accumulate = program.Effects.Length > 0;

        // A small program whose loops all run inline and keep no values for their adjoint loops (those need the
        // workspace) is one kernel over the caller's spans: no copies in or out.
        if (part.Weight <= Math.Min(SpanLimit, unitSize) && !planner.HasPlans && !planner.HasCaches)
            return new Kernel(0, (_, _) => throw new InvalidOperationException("A span kernel has no units."),
                SpanUnit(g, program, part, layout, planner, accumulate), layout, accumulate, part.Weight);

        Dictionary<int, int> cachingLoops = planner.CachingLoopsOf(g, live);
        var outputs = new Dictionary<int, List<int>>();
        void Output(int cell, int k) { if (!outputs.TryGetValue(k, out var cells)) outputs[k] = cells = []; cells.Add(cell); }
        Output(layout.Value, program.Value);
        for (int i = 0; i < program.Gradient.Length; i++) Output(layout.Gradient + i, program.Gradient[i]);

        // 4. Each unit is emitted when it is compiled (a million-node program never holds all its expression
        //    trees at once); leaf outputs go at the end of the last unit.
        Expression<Action<double[]>> Unit(int u, IDelegateCompiler compiler)
        {
            var workspace = Expression.Parameter(typeof(double[]), "w");
            var builder = new BlockBuilder(g, program.Names, new Emitter(layout, planner, compiler, workspace, workspace, null), slot, null)
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
                    if (IsLeaf(g[k])) foreach (int cell in cells) builder.Store(cell, k, accumulate && cell != layout.Value);
            return Expression.Lambda<Action<double[]>>(builder.Block(typeof(void)), $"Unit{u}", [workspace]);
        }
        return new Kernel(part.Units, Unit, null, layout, accumulate, part.Weight);
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

    private static int[] Roots(Loop loop) => [.. loop.Accumulate, .. loop.Scatters.Select(s => s.Node), .. loop.Effects];

    private static bool[] LiveInBody(Loop loop) => Live(loop.Body, Roots(loop));

    private static bool IsLeaf(Node node) => node.Op.Arity == 0 && node.Op != OpTable.Loop;

    /// <summary>The loop that runs at loop node <paramref name="k"/>: its own, or the adjoint loop fused into it.</summary>
    private static Loop LoopAt(Graph g, int k)
        => g.Loops[g.TryGetFusion(k, out var fusion) ? (int)g[fusion.Loop].Parameter : (int)g[k].Parameter];

    /// <summary>
    /// The span kernel: reads x and the data from the caller's spans and writes the gradient into the caller's span
    /// (loops scatter into it as they run, so it is zeroed first when they do; the outputs are then added).
    /// </summary>
    private static Expression<SpanKernel> SpanUnit(Graph g, Program program, Partition part, Layout layout, Planner planner, bool accumulate)
    {
        var noSlots = new int[g.Count];
        Array.Fill(noSlots, -1);
        var spans = new Spans(Expression.Parameter(typeof(ReadOnlySpan<double>), "x"), Expression.Parameter(typeof(ReadOnlySpan<double>), "data"),
            Expression.Parameter(typeof(Span<double>), "gradient"));
        var w = Expression.Parameter(typeof(double[]), "w");
        var unit = new BlockBuilder(g, program.Names, new Emitter(layout, planner, NoDelegates.Instance, w, w, spans), noSlots, null);
        foreach (int k in part.Statements) unit.Define(k);
        // Every output is read into a local before the first gradient entry is written: the caller's gradient span
        // may overlap x or the data (a leaf output, x1 as d(x0 * x1)/dx0, would otherwise be loaded after the store).
        Expression value = unit.Use(program.Value);
        Expression[] outputs = [.. program.Gradient.Select(unit.Use)];
        for (int i = 0; i < program.Gradient.Length; i++) unit.StoreGradient(i, program.Gradient[i], outputs[i], accumulate);
        unit.Add(value);
        return Expression.Lambda<SpanKernel>(unit.Block(typeof(double)), "Kernel", [spans.X, spans.Data, spans.Gradient]);
    }

    /// <summary>
    /// The statements of one graph (the program, or a split loop body) in topological order, cut into units of
    /// about <c>unitSize</c> weight. A fused adjoint loop and its extracts are defined with the forward loop
    /// they replace (<see cref="DefinedWith"/>); extracts stay in their loop's unit.
    /// </summary>
    private sealed class Partition
    {
        private readonly Graph g;
        private readonly int[] starts;

        public List<int> Statements { get; } = [];
        public int[] UnitOf { get; }
        public int Units { get; }
        public int Weight { get; }
        public bool HasLoops { get; }
        public Dictionary<int, List<int>> DefinedWith { get; } = [];

        private Partition(Graph g, bool[] live, int unitSize, Planner planner, bool topLevel)
        {
            this.g = g;
            UnitOf = new int[g.Count];
            Array.Fill(UnitOf, -1);
            // The extracts of a loop run as a delegate read its accumulator cells: ordinary statements, in any unit.
            bool Delegated(int loopNode) => planner.RunsAsDelegate(g.Loops[(int)g[loopNode].Parameter], topLevel);
            var early = new Dictionary<int, int>();      // fused adjoint loop -> the forward loop it replaces
            foreach (var (forward, loop, _) in g.Fusions) { early[loop] = forward; DefinedWith[forward] = [loop]; }
            for (int k = 0; k < g.Count; k++)
                if (g[k].Op == OpTable.Extract && early.TryGetValue(g[k].A, out int f) && !Delegated(g[k].A)) DefinedWith[f].Add(k);
            int unit = 0, unitWeight = 0;
            for (int k = 0; k < g.Count; k++)
            {
                if (!live[k] || IsLeaf(g[k])) continue;
                Node node = g[k];
                HasLoops |= node.Op == OpTable.Loop;
                bool ownStatement = node.Op == OpTable.Extract && Delegated(node.A);
                if (early.ContainsKey(k) || (node.Op == OpTable.Extract && early.ContainsKey(node.A) && !ownStatement))
                {
                    UnitOf[k] = UnitOf[early.TryGetValue(k, out int forward) ? forward : early[node.A]];
                    continue; // defined with its forward loop
                }
                int w = node.Op == OpTable.Loop ? planner.Weight(LoopAt(g, k), topLevel) : 1;
                if (node.Op == OpTable.Extract && !ownStatement) UnitOf[k] = UnitOf[node.A];
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
            for (int s = 0, u = 0; u <= Units; u++) { while (s < Statements.Count && UnitOf[Statements[s]] < u) s++; starts[u] = s; }
        }

        public static Partition Cut(Graph g, bool[] live, int unitSize, Planner planner, bool topLevel) => new(g, live, unitSize, planner, topLevel);

        public IEnumerable<int> StatementsOf(int unit)
        {
            for (int s = starts[unit]; s < starts[unit + 1]; s++) yield return Statements[s];
        }

        /// <summary>
        /// A workspace cell for every value a later unit reads (<paramref name="readAfterwards"/>: nodes read
        /// after the last unit), -1 for the others.
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
            var slot = new int[g.Count];
            Array.Fill(slot, -1);
            foreach (int k in Statements)
            {
                if (lastUse[k] > UnitOf[k]) slot[k] = next++;
                if (DefinedWith.TryGetValue(k, out var with)) foreach (int e in with) if (lastUse[e] > UnitOf[e]) slot[e] = next++;
            }
            return slot;
        }
    }

    /// <summary>
    /// How each loop runs. Most run inline (an <see cref="Expression.Loop(Expression)"/> around their body);
    /// a loop with a body heavier than <see cref="SplitAbove"/>, or a top-level loop run in parallel, becomes a
    /// <see cref="LoopRunner"/> delegate that the enclosing code calls, and its body, if heavy, is cut into
    /// <see cref="LoopChunk"/> delegates called per iteration.
    /// </summary>
    private sealed class Planner(GradOptions options)
    {
        private readonly int unitSize = options.UnitSize;
        private readonly Dictionary<Loop, int> bodyWeights = new(ReferenceEqualityComparer.Instance);
        private readonly Dictionary<Loop, LoopPlan> plans = new(ReferenceEqualityComparer.Instance);
        private readonly Dictionary<Loop, int> cacheCells = new(ReferenceEqualityComparer.Instance);

        /// <summary>Statements of one iteration, nested loops included (recursion is over loop nesting, not over the graph).</summary>
        public int BodyWeight(Loop loop)
        {
            if (bodyWeights.TryGetValue(loop, out int weight)) return weight;
            bool[] live = LiveInBody(loop);
            for (int k = 0; k < live.Length; k++)
            {
                if (!live[k] || IsLeaf(loop.Body[k]) || loop.Body.RunsEarly(k)) continue;
                weight += loop.Body[k].Op == OpTable.Loop ? Weight(LoopAt(loop.Body, k), topLevel: false) : 1;
            }
            return bodyWeights[loop] = weight;
        }

        /// <summary>What a loop costs the code around it: its body inline, or a call (its extracts are statements of their own).</summary>
        public int Weight(Loop loop, bool topLevel) => 1 + (RunsAsDelegate(loop, topLevel) ? 0 : BodyWeight(loop));

        public bool Splits(Loop loop) => BodyWeight(loop) > options.SplitAbove;

        public bool RunsAsDelegate(Loop loop, bool topLevel) => Splits(loop) || RunsInParallel(loop, topLevel);

        private bool RunsInParallel(Loop loop, bool topLevel)
            => options.Parallel && topLevel && loop.Count >= 2 && (long)loop.Count * BodyWeight(loop) >= options.ParallelMinimumWork;

        public LoopPlan? PlanOf(Loop loop) => plans.GetValueOrDefault(loop);

        public bool HasPlans => plans.Count > 0;

        public bool HasCaches => cacheCells.Count > 0;

        /// <summary>First cell of the values adjoint loop <paramref name="loop"/> reads from its forward loop (<see cref="Loop.Cached"/>).</summary>
        public int CacheCell(Loop loop) => cacheCells[loop];

        /// <summary>
        /// Forward loop node -> the adjoint loop node of <paramref name="g"/> that reads the values it stores: both live
        /// and inline (the forward loop then runs first, on the same array), and the adjoint loop has cells.
        /// </summary>
        public Dictionary<int, int> CachingLoopsOf(Graph g, bool[] live)
        {
            var caching = new Dictionary<int, int>();
            if (cacheCells.Count == 0) return caching;
            for (int n = 0; n < g.Count; n++)
                if (live[n] && g[n].Op == OpTable.Loop && !g.RunsEarly(n) && g.Loops[(int)g[n].Parameter] is { CachedFrom: >= 0 } loop
                    && cacheCells.ContainsKey(loop) && live[loop.CachedFrom] && !g.TryGetFusion(loop.CachedFrom, out _)
                    && PlanOf(loop) is null && PlanOf(g.Loops[(int)g[loop.CachedFrom].Parameter]) is null)
                    caching[loop.CachedFrom] = n;
            return caching;
        }

        /// <summary>Plans every loop run by <paramref name="statements"/> of <paramref name="g"/>, and the loops nested in them (explicit stack).</summary>
        public void Plan(Graph g, IEnumerable<int> statements, bool topLevel, ref int next)
        {
            var pending = new Stack<(Graph Graph, int[] Statements, bool TopLevel)>();
            pending.Push((g, [.. statements], topLevel));
            while (pending.TryPop(out var item))
            {
                foreach (int k in item.Statements)
                {
                    if (item.Graph[k].Op != OpTable.Loop || item.Graph.RunsEarly(k)) continue;
                    Loop loop = LoopAt(item.Graph, k);
                    if (loop.CachedFrom >= 0 && loop.Cached.Length > 0) cacheCells[loop] = Take(ref next, loop.Count * loop.Cached.Length);
                    bool runsInParallel = RunsInParallel(loop, item.TopLevel);
                    bool live = true;
                    if (Splits(loop))
                    {
                        var body = Partition.Cut(loop.Body, LiveInBody(loop), unitSize, this, topLevel: false);
                        // Chunk u adds the accumulators it defines; the last chunk scatters (in the loop's order, as inline).
                        int[] slot = body.Slots(loop.Scatters.Select(s => s.Node).Where(n => !IsLeaf(loop.Body[n])), ref next);
                        plans[loop] = new LoopPlan(runsInParallel, Take(ref next, loop.Captures.Length), Take(ref next, loop.Accumulate.Length), body, slot);
                        pending.Push((loop.Body, [.. body.Statements], false));
                        live = false;
                    }
                    else if (runsInParallel)
                        plans[loop] = new LoopPlan(true, Take(ref next, loop.Captures.Length), Take(ref next, loop.Accumulate.Length), null, null);
                    if (live)
                    {
                        bool[] inBody = LiveInBody(loop);
                        pending.Push((loop.Body, [.. Enumerable.Range(0, inBody.Length).Where(b => inBody[b] && !IsLeaf(loop.Body[b]))], false));
                    }
                }
            }
        }

        private static int Take(ref int next, int count)
        {
            int first = next;
            next += count;
            return first;
        }
    }

    /// <summary>
    /// A loop run as a delegate: its captures and accumulators live in workspace cells from
    /// <see cref="CaptureCell"/> and <see cref="AccumulatorCell"/>; a split body is cut by <see cref="Body"/>,
    /// with <see cref="Slots"/> for the values that cross its chunks.
    /// </summary>
    private sealed record LoopPlan(bool Parallel, int CaptureCell, int AccumulatorCell, Partition? Body, int[]? Slots);

    /// <summary>
    /// What the code being built writes to and reads from: <see cref="Shared"/> holds inputs and data (read only
    /// while loops run in parallel), <see cref="Scratch"/> everything computed (spills, captures, accumulators,
    /// gradient); they are the same array except inside a loop run in parallel.
    /// </summary>
    private sealed record Emitter(Layout Layout, Planner Planner, IDelegateCompiler Compiler, ParameterExpression Shared, ParameterExpression Scratch, Spans? Spans)
    {
        public IndexExpression Cell(int index) => Expression.ArrayAccess(Scratch, Expression.Constant(index));
    }

    /// <summary>The span kernel's parameters: inputs, data and gradient are the caller's spans (no workspace).</summary>
    private sealed record Spans(ParameterExpression X, ParameterExpression Data, ParameterExpression Gradient);

    /// <summary>
    /// Builds one block of statements for nodes of one graph: a unit of the top-level program, or the body
    /// of a loop (then <paramref name="body"/> gives the loop counter and the captured outer values).
    /// Inputs and values from earlier units are loaded just before their first use (loading them up front
    /// would keep them all live across the block: register pressure, spills).
    /// </summary>
    private sealed class BlockBuilder(Graph g, IReadOnlyDictionary<int, string> names, Emitter emitter, int[] slot, BodyContext? body)
    {
        private readonly Layout layout = emitter.Layout;
        private readonly Spans? spans = emitter.Spans;
        private readonly Dictionary<int, ParameterExpression> locals = [];
        private readonly List<ParameterExpression> extraLocals = [];
        private readonly List<ParameterExpression> reused = [];      // every variable the free pool ever handed out
        private readonly HashSet<ParameterExpression> reusable = [];
        private readonly Stack<ParameterExpression> free = new();
        private int[]? lastUse;                                      // set for large loop bodies: locals are reused

        /// <summary>
        /// Reuse locals whose value is dead: FastExpressionCompiler declines blocks with thousands of variables
        /// at random (measured: ~2% of bodies declaring 2,000).
        /// </summary>
        public void ReuseLocals(bool[] live, IEnumerable<int> roots)
        {
            lastUse = new int[g.Count];
            for (int k = 0; k < g.Count; k++)
                if (live[k] && !IsLeaf(g[k])) foreach (int i in g.InputsOf(k)) lastUse[i] = Math.Max(lastUse[i], k);
            foreach (int r in roots) lastUse[r] = int.MaxValue;
        }
        private readonly Dictionary<int, Expression[]> accumulators = [];
        private readonly List<Expression> statements = [];

        /// <summary>Forward loop node -> adjoint loop node reading its stored values (<see cref="Planner.CachingLoopsOf"/>); none in span kernels.</summary>
        public Dictionary<int, int> CachingLoops { get; init; } = [];

        /// <summary>Body nodes read from the forward loop's stored values instead of recomputed: node -> (cell at iteration 0, values per iteration).</summary>
        private Dictionary<int, (int Cell, int Stride)> CachedLoads { get; init; } = [];

        /// <summary>Gather leaves whose value the previous iteration loaded (x[i] after x[i + 1]): leaf -> the variable holding it.</summary>
        private Dictionary<int, ParameterExpression> CarriedGathers { get; init; } = [];

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
                if (!g.TryGetFusion(k, out var fusion)) { Expression[] own = EmitLoop(k); if (own.Length > 0) Bind(k, own[0]); return; }
                // One loop computes this loop's sum and the reverse sweep: define the fused loop and its extracts here.
                Expression[] sums = EmitLoop(fusion.Loop);
                if (sums.Length > 0) Bind(fusion.Loop, sums[0]);
                Bind(k, sums[fusion.Component]);
                if (emitter.Planner.PlanOf(g.Loops[(int)g[fusion.Loop].Parameter]) is not null) return; // a delegate's extracts are statements of their own
                for (int e = fusion.Loop + 1; e < g.Count && g[e].Op == OpTable.Extract && g[e].A == fusion.Loop; e++)
                    Bind(e, sums[(int)g[e].Parameter]);
                return;
            }
            Expression value = node.Op == OpTable.Extract ? Accumulator(node.A, (int)node.Parameter)
                : node.Op.Emit(Use(node.A), Use(node.B), Use(node.C), node.Parameter);
            ParameterExpression local = Local(k);
            statements.Add(Expression.Assign(local, value));
            if (slot[k] >= 0) statements.Add(Expression.Assign(emitter.Cell(slot[k]), local));
        }

        /// <summary>Accumulator <paramref name="j"/> of loop node <paramref name="loopNode"/>: a variable of this block, or the cell of a loop run as a delegate.</summary>
        private Expression Accumulator(int loopNode, int j)
            => accumulators.TryGetValue(loopNode, out var sums) ? sums[j]
                : emitter.Cell(emitter.Planner.PlanOf(g.Loops[(int)g[loopNode].Parameter])!.AccumulatorCell + j);

        /// <summary>Node <paramref name="k"/> is <paramref name="value"/> (an accumulator variable, or a cell read into a local).</summary>
        private void Bind(int k, Expression value)
        {
            if (value is ParameterExpression variable) locals[k] = variable;
            else statements.Add(Expression.Assign(variable = Local(k), value));
            if (slot[k] >= 0) statements.Add(Expression.Assign(emitter.Cell(slot[k]), variable));
        }

        /// <summary>Writes node <paramref name="k"/> to a workspace cell (adding to it when the gradient accumulates).</summary>
        public void Store(int cell, int k, bool add)
        {
            if (add && g[k].Op == OpTable.Constant && g[k].Parameter == 0) return; // the cell was zeroed
            Expression value = Use(k);
            statements.Add(add ? AddTo(emitter.Cell(cell), value) : Expression.Assign(emitter.Cell(cell), value));
        }

        /// <summary>gradient[i] = node k, read before as <paramref name="value"/> (span kernels); added when loops scattered into the gradient first.</summary>
        public void StoreGradient(int i, int k, Expression value, bool add)
        {
            if (add && g[k].Op == OpTable.Constant && g[k].Parameter == 0) return; // the gradient was zeroed
            statements.Add(Expression.Call(add ? SpanAccess.AddMethod : SpanAccess.StoreMethod, spans!.Gradient, Expression.Constant(i), value));
        }

        public BlockExpression Block(Type type)
            => Expression.Block(type, locals.OrderBy(l => l.Key).Select(l => l.Value).Concat(extraLocals).Concat(reused).Distinct(), statements);

        public Expression Use(int k)
        {
            if (k < 0) return Emit.Constant(0.0);
            Node node = g[k];
            if (node.Op == OpTable.Constant) return Emit.Constant(node.Parameter);
            if (locals.TryGetValue(k, out var local)) return local;
            if (CarriedGathers.TryGetValue(k, out var carried)) return carried;
            Expression load;
            if (CachedLoads.TryGetValue(k, out var cached))
                load = Expression.ArrayAccess(emitter.Scratch, Expression.Add(Expression.Multiply(body!.Counter, Expression.Constant(cached.Stride)), Expression.Constant(cached.Cell)));
            else if (node.Op == OpTable.Capture)
            {
                load = body!.Captures[(int)node.Parameter];
                if (load is ParameterExpression or ConstantExpression) return load;
            }
            else load = node.Op == OpTable.Input ? Read(0, offset => Expression.Constant(offset + (int)node.Parameter))
                : node.Op == OpTable.Data ? Read(1, offset => Expression.Constant(offset + (int)node.Parameter))
                : node.Op == OpTable.Gather ? Read(node.A, offset => GatherIndex(node, offset))
                : emitter.Cell(slot[k]);
            local = Local(k);
            statements.Add(Expression.Assign(local, load));
            return local;
        }

        /// <summary>
        /// An entry of the inputs (vector 0) or the data (vector 1), from the caller's spans or the workspace;
        /// <paramref name="index"/> builds the index given where the vector starts.
        /// </summary>
        private Expression Read(int vector, Func<int, Expression> index)
        {
            if (spans is not null) return Expression.Call(SpanAccess.LoadMethod, vector == 0 ? spans.X : spans.Data, index(0));
            return Expression.ArrayAccess(emitter.Shared, index(vector == 0 ? 0 : layout.Data));
        }

        private Expression GatherIndex(Node gather, int baseCell)
            => Expression.Add(Expression.Multiply(body!.Counter, Expression.Constant(gather.B)), Expression.Constant(baseCell + gather.C));

        /// <summary>Runs loop node <paramref name="k"/> here; returns where its accumulators are afterwards.</summary>
        private Expression[] EmitLoop(int k)
        {
            Loop loop = g.Loops[(int)g[k].Parameter];
            if (emitter.Planner.PlanOf(loop) is not { } plan)
            {
                var sums = EmitInlineLoop(k, loop, [.. loop.Captures.Select(Use)], Expression.Constant(0), Expression.Constant(loop.Count));
                accumulators[k] = sums;
                return sums;
            }
            // The loop is a delegate: captures go to their cells, the runner (or the parallel loop) fills the accumulator cells.
            for (int j = 0; j < loop.Captures.Length; j++) statements.Add(Expression.Assign(emitter.Cell(plan.CaptureCell + j), Use(loop.Captures[j])));
            LoopRunner runner = emitter.Compiler.Compile(Runner(k, loop, plan));
            if (plan.Parallel)
            {
                var run = new ParallelLoop(runner, loop.Count, Math.Min(ParallelLoop.Blocks, loop.Count), plan.CaptureCell, loop.Captures.Length, plan.AccumulatorCell, loop.Accumulate.Length,
                    layout.Gradient, layout.GradientLength, layout.Data);
                statements.Add(Expression.Call(Expression.Constant(run), ParallelLoop.RunMethod, emitter.Shared));
            }
            else
                statements.Add(Expression.Invoke(Expression.Constant(runner), emitter.Shared, emitter.Scratch, Expression.Constant(0), Expression.Constant(loop.Count)));
            Expression[] cells = [.. Enumerable.Range(0, loop.Accumulate.Length).Select(j => emitter.Cell(plan.AccumulatorCell + j))];
            accumulators[k] = cells;
            return cells;
        }

        /// <summary>accumulators = 0; for (i = start; i &lt; end; i++) { body; accumulators += ...; gradient[...] += ...; }</summary>
        private ParameterExpression[] EmitInlineLoop(int k, Loop loop, Expression[] captures, Expression start, Expression end)
        {
            var counter = Expression.Variable(typeof(int), $"i{k}");
            var sums = loop.Accumulate.Select((_, j) => Expression.Variable(typeof(double), $"v{k}_sum{j}")).ToArray();
            extraLocals.Add(counter);
            extraLocals.AddRange(sums);

            // An adjoint loop whose forward loop stored the values its reverse sweep needs loads them (what only they
            // needed is not recomputed); a forward loop stores them, at cell + i * values + j.
            var loads = new Dictionary<int, (int, int)>();
            bool[]? cut = null;
            if (loop.CachedFrom >= 0 && CachingLoops.TryGetValue(loop.CachedFrom, out int reads) && reads == k)
            {
                cut = new bool[loop.Body.Count];
                int cell = emitter.Planner.CacheCell(loop);
                for (int j = 0; j < loop.Cached.Length; j++) { loads[loop.Cached[j].Body] = (cell + j, loop.Cached.Length); cut[loop.Cached[j].Body] = true; }
            }
            Loop? reader = CachingLoops.TryGetValue(k, out int a) ? g.Loops[(int)g[a].Parameter] : null;
            int[] stores = reader is null ? [] : [.. reader.Cached.Select(c => c.Forward)];
            int[] roots = [.. Roots(loop), .. stores];
            bool[] live = ReverseTransform.LiveFrom(loop.Body, roots, cut);
            // Gather (v, B, c) reads at i + 1 what gather (v, B, c + B) read at i: it is carried in a variable
            // (x[i + 1] becomes the next x[i]); inputs and data are never written while a loop runs.
            var carried = new Dictionary<int, ParameterExpression>();
            var carriedNext = new List<(ParameterExpression Variable, int Gather, int Next)>();
            if (loop.Count > 0)
            {
                var gathers = new Dictionary<(int, int, int), int>();
                for (int b = 0; b < loop.Body.Count; b++)
                    if (live[b] && !loads.ContainsKey(b) && loop.Body[b] is { B: > 0 } gather && gather.Op == OpTable.Gather) gathers[(gather.A, gather.B, gather.C)] = b;
                foreach (var ((vector, scale, offset), b) in gathers.OrderBy(e => e.Key.Item3))
                    if (gathers.TryGetValue((vector, scale, offset + scale), out int next))
                    {
                        var variable = Expression.Variable(typeof(double), $"v{k}_carried{carriedNext.Count}");
                        carried[b] = variable;
                        carriedNext.Add((variable, b, next));
                        extraLocals.Add(variable);
                    }
            }
            var inner = new BlockBuilder(loop.Body, new Dictionary<int, string>(), emitter, NoSlots(loop.Body.Count), new BodyContext(counter, captures))
            {
                CachingLoops = emitter.Planner.CachingLoopsOf(loop.Body, live), // none in span kernels: they have no cache cells
                CachedLoads = loads,
                CarriedGathers = carried,
            };
            if (emitter.Planner.BodyWeight(loop) > ReuseAbove) inner.ReuseLocals(live, roots);
            for (int b = 0; b < loop.Body.Count; b++) if (live[b] && !IsLeaf(loop.Body[b]) && !loads.ContainsKey(b)) inner.Define(b);
            if (reader is not null)
            {
                int cell = emitter.Planner.CacheCell(reader);
                for (int j = 0; j < stores.Length; j++)
                    inner.Add(Expression.Assign(
                        Expression.ArrayAccess(emitter.Scratch, Expression.Add(Expression.Multiply(counter, Expression.Constant(stores.Length)), Expression.Constant(cell + j))),
                        inner.Use(stores[j])));
            }
            for (int j = 0; j < sums.Length; j++) inner.Add(Expression.Assign(sums[j], Expression.Add(sums[j], inner.Use(loop.Accumulate[j]))));
            var carries = ScatterCarries(k, loop);
            inner.Scatter(loop, carries);
            foreach (var (variable, _, next) in carriedNext) inner.Add(Expression.Assign(variable, inner.Use(next)));

            foreach (var sum in sums) statements.Add(Expression.Assign(sum, Emit.Constant(0.0)));
            statements.Add(Expression.Assign(counter, start));
            foreach (var (variable, gather, _) in carriedNext) statements.Add(Expression.Assign(variable, inner.ReadGather(loop.Body[gather])));
            foreach (var (variable, source) in carries.Values) if (source) statements.Add(Expression.Assign(variable, Emit.Constant(-0.0))); // x + -0.0 == x, for every x
            var exit = Expression.Label($"end{k}");
            statements.Add(Expression.Loop(Expression.Block(
                Expression.IfThen(Expression.GreaterThanOrEqual(counter, end), Expression.Break(exit)),
                inner.Block(typeof(void)),
                Expression.PreIncrementAssign(counter)), exit));
            if (carries.Count > 0)
            {
                // The last iteration's carried scatters: no next iteration adds them (counter - 1 is that iteration).
                statements.Add(Expression.PreDecrementAssign(counter));
                for (int j = 0; j < loop.Scatters.Length; j++)
                    if (carries.TryGetValue(j, out var carry) && carry.Source)
                        statements.Add(inner.AddToGradient(loop.Body[loop.Scatters[j].Gather], carry.Variable, null));
            }
            return sums;
        }

        /// <summary>
        /// Scatters into gradient[B i + c + B] and gradient[B i + c]: iteration i + 1 adds to the entry iteration i's
        /// first scatter (the source) added to, so the source keeps its value in a variable and the receiver adds it
        /// first, gradient = (gradient + carried) + value: the same additions in the same order, one load and one store
        /// less per iteration. Scatter index -> (variable, is the source).
        /// </summary>
        private Dictionary<int, (ParameterExpression Variable, bool Source)> ScatterCarries(int k, Loop loop)
        {
            var carries = new Dictionary<int, (ParameterExpression Variable, bool Source)>();
            if (loop.Count == 0 || loop.Effects.Length > 0 || loop.Scatters.Length < 2
                || loop.Scatters.Select(s => loop.Body[s.Gather].B).Distinct().Count() != 1 || loop.Body[loop.Scatters[0].Gather].B <= 0) return carries;
            int scale = loop.Body[loop.Scatters[0].Gather].B;
            var byOffset = new Dictionary<int, int>();
            for (int j = 0; j < loop.Scatters.Length; j++) byOffset[loop.Body[loop.Scatters[j].Gather].C] = j;
            if (byOffset.Count != loop.Scatters.Length) return []; // two scatters into one entry per iteration: keep their order
            foreach (int offset in byOffset.Keys.OrderDescending())
            {
                int source = byOffset[offset];
                if (carries.ContainsKey(source) || !byOffset.TryGetValue(offset - scale, out int receiver) || carries.ContainsKey(receiver)) continue;
                var variable = Expression.Variable(typeof(double), $"v{k}_scattered{carries.Count / 2}");
                extraLocals.Add(variable);
                carries[source] = (variable, true);
                carries[receiver] = (variable, false);
            }
            return carries;
        }

        /// <summary>gradient[gather index] += node, for each scatter of <paramref name="loop"/> (this builder builds its body); see <see cref="ScatterCarries"/>.</summary>
        private void Scatter(Loop loop, Dictionary<int, (ParameterExpression Variable, bool Source)>? carries = null)
        {
            for (int j = 0; j < loop.Scatters.Length; j++)
            {
                Scatter s = loop.Scatters[j];
                if (carries is not null && carries.TryGetValue(j, out var carry))
                {
                    if (!carry.Source) statements.Add(AddToGradient(loop.Body[s.Gather], Use(s.Node), carry.Variable));
                }
                else statements.Add(AddToGradient(loop.Body[s.Gather], Use(s.Node), null));
            }
            if (carries is not null)
                for (int j = 0; j < loop.Scatters.Length; j++)
                    if (carries.TryGetValue(j, out var carry) && carry.Source) statements.Add(Expression.Assign(carry.Variable, Use(loop.Scatters[j].Node)));
        }

        /// <summary>gradient[index of <paramref name="gather"/>] = gradient[...] (+ <paramref name="carried"/>) + value, in the caller's span or the workspace.</summary>
        private Expression AddToGradient(Node gather, Expression value, Expression? carried)
        {
            if (spans is not null)
                return carried is null ? Expression.Call(SpanAccess.AddMethod, spans.Gradient, GatherIndex(gather, 0), value)
                    : Expression.Call(SpanAccess.AddTwoMethod, spans.Gradient, GatherIndex(gather, 0), carried, value);
            var cell = Expression.ArrayAccess(emitter.Scratch, GatherIndex(gather, layout.Gradient));
            return Expression.Assign(cell, Expression.Add(carried is null ? cell : Expression.Add(cell, carried), value));
        }

        /// <summary>What gather leaf <paramref name="gather"/> reads at the current counter.</summary>
        private Expression ReadGather(Node gather) => Read(gather.A, offset => GatherIndex(gather, offset));

        /// <summary>
        /// The delegate running iterations [start, end) of a planned loop: reads its captures from their cells and
        /// leaves its sums in the accumulator cells of <c>p</c>; a split body is a call per chunk and iteration.
        /// </summary>
        private Expression<LoopRunner> Runner(int k, Loop loop, LoopPlan plan)
        {
            var w = Expression.Parameter(typeof(double[]), "w");
            var p = Expression.Parameter(typeof(double[]), "p");
            var start = Expression.Parameter(typeof(int), "start");
            var end = Expression.Parameter(typeof(int), "end");
            var inner = emitter with { Shared = w, Scratch = p, Spans = null };
            Expression[] captures = [.. Enumerable.Range(0, loop.Captures.Length).Select(j => inner.Cell(plan.CaptureCell + j))];
            var runner = new BlockBuilder(g, names, inner, NoSlots(g.Count), null);
            if (plan.Body is not { } body)
            {
                ParameterExpression[] sums = runner.EmitInlineLoop(k, loop, captures, start, end);
                for (int j = 0; j < sums.Length; j++) runner.Add(Expression.Assign(inner.Cell(plan.AccumulatorCell + j), sums[j]));
                return Expression.Lambda<LoopRunner>(runner.Block(typeof(void)), $"Loop{k}", [w, p, start, end]);
            }
            var chunks = new Expression[body.Units];
            var i = Expression.Parameter(typeof(int), "i");
            for (int u = 0; u < body.Units; u++)
            {
                var chunk = new BlockBuilder(loop.Body, new Dictionary<int, string>(), inner, plan.Slots!, new BodyContext(i, captures))
                {
                    CachingLoops = emitter.Planner.CachingLoopsOf(loop.Body, LiveInBody(loop)),
                };
                foreach (int b in body.StatementsOf(u)) chunk.Define(b);
                for (int j = 0; j < loop.Accumulate.Length; j++)
                {
                    int a = loop.Accumulate[j];
                    if (IsLeaf(loop.Body[a]) ? u == body.Units - 1 : body.UnitOf[a] == u) chunk.Add(AddTo(inner.Cell(plan.AccumulatorCell + j), chunk.Use(a)));
                }
                if (u == body.Units - 1) chunk.Scatter(loop);
                LoopChunk compiled = emitter.Compiler.Compile(Expression.Lambda<LoopChunk>(chunk.Block(typeof(void)), $"Loop{k}_Chunk{u}", [w, p, i]));
                chunks[u] = Expression.Invoke(Expression.Constant(compiled), w, p, i);
            }
            var exit = Expression.Label($"end{k}");
            return Expression.Lambda<LoopRunner>(Expression.Block(typeof(void), [i],
                Expression.Call(ClearMethod, p, Expression.Constant(plan.AccumulatorCell), Expression.Constant(loop.Accumulate.Length)),
                Expression.Assign(i, start),
                Expression.Loop(Expression.Block(
                    Expression.IfThen(Expression.GreaterThanOrEqual(i, end), Expression.Break(exit)),
                    Expression.Block(chunks),
                    Expression.PreIncrementAssign(i)), exit)), $"Loop{k}", [w, p, start, end]);
        }

        private static readonly System.Reflection.MethodInfo ClearMethod = typeof(Array).GetMethod(nameof(Array.Clear), [typeof(Array), typeof(int), typeof(int)])!;

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
    }

    /// <summary>What a loop body's code sees of its loop: the counter and the captured outer values.</summary>
    private sealed record BodyContext(ParameterExpression Counter, Expression[] Captures);

    /// <summary>For the span kernel, which has no loops.</summary>
    private sealed class NoDelegates : IDelegateCompiler
    {
        public static readonly NoDelegates Instance = new();

        public T Compile<T>(Expression<T> lambda) where T : Delegate => throw new InvalidOperationException("A span kernel calls no delegates.");
    }
}

/// <summary>
/// Workspace layout (a per-thread <c>double[]</c>, never shared between calls in flight): <c>[0, n)</c> inputs,
/// <c>[n]</c> value, <c>[n + 1, n + 1 + m)</c> gradient, then <see cref="Spills"/> cells (values crossing units,
/// cells of loops run as delegates), then the data last (a loop run in parallel gives each block a private copy
/// of everything before <see cref="Data"/>).
/// </summary>
internal sealed record Layout(int Inputs, int GradientLength, int DataLength)
{
    public int Value => Inputs;
    public int Gradient => Inputs + 1;
    public int SpillStart => Gradient + GradientLength;
    public int Spills { get; init; }
    public int Data => SpillStart + Spills;
    public int WorkspaceSize => Data + DataLength;
}

/// <summary>
/// Generated code: either one <see cref="Span"/> kernel over the caller's spans (small programs), or
/// <see cref="UnitCount"/> units (each built on demand by <see cref="Unit"/>, which compiles the loop delegates a
/// unit calls with the <see cref="IDelegateCompiler"/> it is given) to run in order over a workspace
/// (<see cref="Layout"/>). With <see cref="AccumulatesGradient"/> loops
/// scatter into the gradient cells, which must be zeroed before the units run.
/// </summary>
internal sealed record Kernel(int UnitCount, Func<int, IDelegateCompiler, Expression<Action<double[]>>> Unit, Expression<SpanKernel>? Span,
    Layout Layout, bool AccumulatesGradient, int StatementCount)
{
    public int Dimension => Layout.Inputs;
    public int GradientLength => Layout.GradientLength;
    public int WorkspaceSize => Layout.WorkspaceSize;
}

/// <summary>Compiles the delegates generated code calls (loops run as delegates, chunks of split loop bodies) while a unit is built.</summary>
internal interface IDelegateCompiler
{
    T Compile<T>(Expression<T> lambda) where T : Delegate;
}

/// <summary>Iterations [<paramref name="start"/>, <paramref name="end"/>) of a loop: inputs and data from <paramref name="w"/>, everything it computes in <paramref name="p"/>.</summary>
internal delegate void LoopRunner(double[] w, double[] p, int start, int end);

/// <summary>One chunk of iteration <paramref name="i"/> of a split loop body.</summary>
internal delegate void LoopChunk(double[] w, double[] p, int i);

/// <summary>A small program's value and gradient, reading and writing the caller's spans.</summary>
internal delegate double SpanKernel(ReadOnlySpan<double> x, ReadOnlySpan<double> data, Span<double> gradient);

/// <summary>Span element access for generated code (indexers returning refs cannot be called from expression trees).</summary>
internal static class SpanAccess
{
    public static readonly System.Reflection.MethodInfo LoadMethod = typeof(SpanAccess).GetMethod(nameof(Load))!;
    public static readonly System.Reflection.MethodInfo StoreMethod = typeof(SpanAccess).GetMethod(nameof(Store))!;

    public static double Load(ReadOnlySpan<double> span, int index) => span[index];

    public static void Store(Span<double> span, int index, double value) => span[index] = value;

    public static readonly System.Reflection.MethodInfo AddMethod = typeof(SpanAccess).GetMethod(nameof(Add))!;

    /// <summary>span[index] = span[index] + value, with one bounds check (generated code never emits AddAssign).</summary>
    public static void Add(Span<double> span, int index, double value)
    {
        ref double cell = ref span[index];
        cell += value;
    }

    public static readonly System.Reflection.MethodInfo AddTwoMethod = typeof(SpanAccess).GetMethod(nameof(AddTwo))!;

    /// <summary>span[index] = (span[index] + first) + second.</summary>
    public static void AddTwo(Span<double> span, int index, double first, double second)
    {
        ref double cell = ref span[index];
        cell = cell + first + second;
    }
}
