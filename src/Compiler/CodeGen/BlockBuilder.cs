using System.Linq.Expressions;
using ExprGrad.Ops;
using ExprGrad.Tracer;

namespace ExprGrad.Compiler;

/// <summary>
/// Builds one block of flat statements for nodes of one graph: a unit of the top-level program, a span
/// kernel, or the body of a loop (then <paramref name="body"/> gives the loop counter and the captured outer
/// values). One assignment per node, never a nested expression deeper than one op. Inputs and values from
/// earlier units are loaded just before their first use (loading them up front would keep them all live across
/// the block: register pressure, spills). Loop nodes are emitted by <see cref="LoopCode"/>.
/// </summary>
internal sealed class BlockBuilder(Graph g, IReadOnlyDictionary<int, string> names, EmitContext context, int[] slot, BodyContext? body)
{
    private readonly Dictionary<int, ParameterExpression> locals = [];
    private readonly List<ParameterExpression> extraLocals = [];
    private readonly List<ParameterExpression> reused = [];      // every variable the free pool ever handed out
    private readonly HashSet<ParameterExpression> reusable = [];
    private readonly Stack<ParameterExpression> free = new();
    private readonly Dictionary<int, Expression[]> accumulators = [];
    private readonly List<Expression> statements = [];
    private int[]? lastUse;                                      // set for large loop bodies: locals are reused
    private ParameterExpression? frame;                          // black-box calls' arguments

    public Graph Graph => g;

    public EmitContext Context => context;

    /// <summary>The loop whose body this block is, if any.</summary>
    public BodyContext? Body => body;

    /// <summary>Name hints of the graph's nodes (<c>v7_bar</c>).</summary>
    public IReadOnlyDictionary<int, string> Names => names;

    /// <summary>
    /// Forward loop node -> adjoint loop node reading its stored values (<see cref="LoopPlanner.CachingLoopsOf"/>); none in span kernels.
    /// </summary>
    public Dictionary<int, int> CachingLoops { get; init; } = [];

    /// <summary>
    /// Body nodes read from the forward loop's stored values instead of recomputed: node -> (cell at iteration 0, values per iteration).
    /// </summary>
    public Dictionary<int, (int Cell, int Stride)> CachedLoads { get; init; } = [];

    /// <summary>Gather leaves whose value the previous iteration loaded (x[i] after x[i + 1]): leaf -> the variable holding it.</summary>
    public Dictionary<int, ParameterExpression> CarriedGathers { get; init; } = [];

    /// <summary>
    /// Reuse locals whose value is dead: FastExpressionCompiler declines blocks with thousands of variables
    /// at random (measured: ~2% of bodies declaring 2,000).
    /// </summary>
    public void ReuseLocals(bool[] live, IEnumerable<int> roots)
    {
        lastUse = new int[g.Count];
        for (int k = 0; k < g.Count; k++)
            if (live[k] && !g[k].IsLeaf) foreach (int i in g.InputsOf(k)) lastUse[i] = Math.Max(lastUse[i], k);
        foreach (int r in roots) lastUse[r] = int.MaxValue;
    }

    public void Add(Expression statement) => statements.Add(statement);

    /// <summary>A variable of this block that belongs to no node (a loop counter, an accumulator, a carried value).</summary>
    public ParameterExpression Variable(Type type, string name)
    {
        var variable = Expression.Variable(type, name);
        extraLocals.Add(variable);
        return variable;
    }

    public void Define(int k)
    {
        DefineNode(k);
        if (lastUse is null) return;
        foreach (int i in g.InputsOf(k))
            if (lastUse[i] == k && locals.Remove(i, out var dead) && reusable.Contains(dead)) free.Push(dead);
    }

    private void DefineNode(int k)
    {
        Node node = g[k];
        if (locals.ContainsKey(k) || (node.Kind == NodeKind.Loop && LoopFusions.RunsEarly(g, k))) return; // defined with the forward loop it replaced
        if (node.Kind == NodeKind.Loop)
        {
            if (!context.Planner.Fusions.TryGet(g, k, out var fusion))
            {
                Expression[] own = RunLoop(k);
                if (own.Length > 0) Bind(k, own[0]);
                return;
            }
            // One loop computes this loop's sum and the reverse sweep: define the fused loop and its extracts here.
            Expression[] sums = RunLoop(fusion.Loop);
            if (sums.Length > 0) Bind(fusion.Loop, sums[0]);
            Bind(k, sums[fusion.Component]);
            if (context.Planner.PlanOf(g.LoopOf(fusion.Loop)) is not null) return; // a delegate's extracts are statements of their own
            for (int e = fusion.Loop + 1; e < g.Count && g[e].Kind == NodeKind.Extract && g[e].ExtractLoop == fusion.Loop; e++)
                Bind(e, sums[g[e].ExtractComponent]);
            return;
        }
        Expression value = node.Kind switch
        {
            NodeKind.Extract => Accumulator(node.ExtractLoop, node.ExtractComponent),
            NodeKind.Call => Call(k),
            _ => node.Op.Emit(Use(node.Operand(0)), Use(node.Operand(1)), Use(node.Operand(2)), node.Parameter),
        };
        ParameterExpression local = Local(k);
        statements.Add(Expression.Assign(local, value));
        if (slot[k] != Layout.NoCell) statements.Add(Expression.Assign(context.Cell(slot[k]), local));
    }

    /// <summary>
    /// A black-box call: its arguments go into a per-thread frame, which the call returns (<see cref="BlackBoxCalls"/>).
    /// The arguments are loaded first, so nothing runs between renting the frame and the call.
    /// </summary>
    private Expression Call(int k)
    {
        CallSite call = g.CallOf(k);
        Expression[] arguments = [.. call.Arguments.Select(Use)];
        frame ??= Variable(typeof(double[]), "frame");
        statements.Add(Expression.Assign(frame, Expression.Call(BlackBoxCalls.RentMethod, Expression.Constant(arguments.Length))));
        for (int i = 0; i < arguments.Length; i++) statements.Add(Expression.Assign(Expression.ArrayAccess(frame, Expression.Constant(i)), arguments[i]));
        return call.Function.Emit(frame, call.Component);
    }

    /// <summary>Runs loop node <paramref name="k"/> here; returns where its accumulators are afterwards.</summary>
    private Expression[] RunLoop(int k) => accumulators[k] = LoopCode.Emit(this, k);

    /// <summary>
    /// Accumulator <paramref name="j"/> of loop node <paramref name="loopNode"/>: a variable of this block, or the cell of a loop run as a delegate.
    /// </summary>
    private Expression Accumulator(int loopNode, int j)
        => accumulators.TryGetValue(loopNode, out var sums) ? sums[j]
            : context.Cell(context.Planner.PlanOf(g.LoopOf(loopNode))!.AccumulatorCell + j);

    /// <summary>Node <paramref name="k"/> is <paramref name="value"/> (an accumulator variable, or a cell read into a local).</summary>
    private void Bind(int k, Expression value)
    {
        if (value is ParameterExpression variable) locals[k] = variable;
        else statements.Add(Expression.Assign(variable = Local(k), value));
        if (slot[k] != Layout.NoCell) statements.Add(Expression.Assign(context.Cell(slot[k]), variable));
    }

    /// <summary>Writes node <paramref name="k"/> to a workspace cell (adding to it when the gradient accumulates).</summary>
    public void Store(int cell, int k, bool add)
    {
        if (add && IsZero(k)) return; // the cell was zeroed
        Expression value = Use(k);
        statements.Add(add ? AddTo(context.Cell(cell), value) : Expression.Assign(context.Cell(cell), value));
    }

    /// <summary>
    /// gradient[i] = node k, read before as <paramref name="value"/> (span kernels); added when loops scattered into the gradient first.
    /// </summary>
    public void StoreGradient(int i, int k, Expression value, bool add)
    {
        if (add && IsZero(k)) return; // the gradient was zeroed
        statements.Add(Expression.Call(add ? SpanAccess.AddMethod : SpanAccess.StoreMethod, context.Spans!.Gradient, Expression.Constant(i), value));
    }

    private bool IsZero(int k) => g[k].Kind == NodeKind.Constant && g[k].ConstantValue == 0;

    public BlockExpression Block(Type type)
        => Expression.Block(type, locals.OrderBy(l => l.Key).Select(l => l.Value).Concat(extraLocals).Concat(reused).Distinct(), statements);

    /// <summary>Node <paramref name="k"/>'s value here: a constant, a local, or a local loaded just now.</summary>
    public Expression Use(int k)
    {
        if (k == Node.None) return Emit.Constant(0.0); // an operand the op does not use
        Node node = g[k];
        if (node.Kind == NodeKind.Constant) return Emit.Constant(node.ConstantValue);
        if (locals.TryGetValue(k, out var local)) return local;
        if (CarriedGathers.TryGetValue(k, out var carried)) return carried;
        Expression load;
        if (CachedLoads.TryGetValue(k, out var cached))
            load = Expression.ArrayAccess(context.Scratch,
                Expression.Add(Expression.Multiply(body!.Counter, Expression.Constant(cached.Stride)), Expression.Constant(cached.Cell)));
        else if (node.Kind == NodeKind.Capture)
        {
            load = body!.Captures[node.CaptureIndex];
            if (load is ParameterExpression or ConstantExpression) return load;
        }
        else load = node.Kind switch
        {
            NodeKind.Input => Read(0, offset => Expression.Constant(offset + node.InputIndex)),
            NodeKind.Data => Read(1, offset => Expression.Constant(offset + node.DataIndex)),
            NodeKind.Gather => ReadGather(node),
            _ => context.Cell(slot[k]),
        };
        local = Local(k);
        statements.Add(Expression.Assign(local, load));
        return local;
    }

    /// <summary>What gather leaf <paramref name="gather"/> reads at the current counter.</summary>
    public Expression ReadGather(Node gather) => Read(gather.GatherVector, offset => GatherIndex(gather, offset));

    /// <summary><c>scale * counter + offset</c> of a gather, in a vector stored from <paramref name="baseCell"/> on.</summary>
    public Expression GatherIndex(Node gather, int baseCell)
        => Expression.Add(Expression.Multiply(body!.Counter, Expression.Constant(gather.GatherScale)),
            Expression.Constant(baseCell + gather.GatherOffset));

    /// <summary>
    /// An entry of the inputs (vector 0) or the data (vector 1), from the caller's spans or the workspace, or of a
    /// table (compiled in as a constant array); <paramref name="index"/> builds the index given where the vector starts.
    /// </summary>
    private Expression Read(int vector, Func<int, Expression> index)
    {
        if (vector >= Graph.FirstTableVector) return Expression.ArrayIndex(Expression.Constant(g.Tables[vector - Graph.FirstTableVector]), index(0));
        if (context.Spans is { } spans) return Expression.Call(SpanAccess.LoadMethod, vector == 0 ? spans.X : spans.Data, index(0));
        return Expression.ArrayAccess(context.Shared, index(vector == 0 ? 0 : context.Layout.Data));
    }

    // cell = cell + value, never AddAssign: FastExpressionCompiler 6.0.0 declines a void block (here: a loop
    // body) that ends in an AddAssign, on an array element or on a variable (tests/ExprGrad.Tests/Regressions).
    public static Expression AddTo(IndexExpression cell, Expression value) => Expression.Assign(cell, Expression.Add(cell, value));

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
        string name = node.Kind == NodeKind.Input ? $"x{node.InputIndex}" : names.TryGetValue(k, out var hint) ? hint : $"{prefix}v{k}";
        var local = Expression.Variable(typeof(double), name);
        locals.Add(k, local);
        return local;
    }
}
