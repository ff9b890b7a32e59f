using System.Linq.Expressions;
using ExprGrad.Tracer;

namespace ExprGrad.Compiler;

/// <summary>
/// Step 3 of compilation: turns a <see cref="GradientProgram"/> into a description of flat code
/// (<see cref="GeneratedCode"/>, compiled by <see cref="KernelCompiler"/>): one assignment per node, never a nested
/// expression deeper than one op (deep trees overflow or break both expression compilers). Small programs, loops
/// included, are one span kernel over the caller's spans; larger ones are cut into units of at most
/// <see cref="GradOptions.UnitSize"/> statements so the JIT optimises each one, and values that cross units travel
/// through the per-call workspace. Loops stay loops (src/Compiler/Loops).
/// </summary>
internal static class CodeGenerator
{
    public static GeneratedCode Generate(GradientProgram program, int dataLength, GradOptions options)
    {
        Graph g = program.Graph;
        var planner = new LoopPlanner(options);

        // 1. Live nodes: what the outputs and the gradient-scattering loops need.
        bool[] live = Liveness.From(g, [program.Value, .. program.Gradient, .. program.Effects, .. program.Guards.Select(d => d.Node)]);

        // 2. Statements in topological order, cut into units (an inline loop weighs its body and keeps its extracts;
        //    a loop run as a delegate weighs its call, and its extracts read its cells from any unit; a fused
        //    adjoint loop is defined in its forward loop's place).
        Partition part = Partition.Cut(g, live, options.UnitSize, planner, topLevel: true);
        var layout = new Layout(g.InputCount, program.Gradient.Length, dataLength);

        // 3. Cells: values used by a later unit, and the cells of loops (captures, accumulators and values crossing
        //    body chunks of loops run as delegates; values adjoint loops read from their forward loops).
        int nextCell = layout.SpillStart;
        int[] slot = part.Slots([], ref nextCell);
        planner.Plan(g, part.Statements, topLevel: true, ref nextCell);
        int missCell = program.Guards.Count == 0 ? Layout.NoCell : Layout.Take(ref nextCell, 1);
        layout = layout with { Spills = nextCell - layout.SpillStart, MissCell = missCell };
        bool accumulate = program.Effects.Length > 0;

        // 4. A small program whose loops all run inline and keep no values for their adjoint loops (those need the
        //    workspace) is one kernel over the caller's spans: no copies in or out.
        if (part.Weight <= Math.Min(Tuning.SpanLimit, options.UnitSize) && !planner.HasPlans && !planner.HasCaches)
        {
            var summary = CodeSummary.Of(g, part, planner, topLevel: true);
            // A loop that writes each of its gradient entries once stores them: the caller zeroes only the others.
            StoredRange? stored = accumulate && program.Guards.Count == 0 ? StoredScatters.Plan(program, layout.GradientLength) : null;
            return program.Guards.Count == 0
                ? new GeneratedCode(SpanKernel(program, part, layout, planner, accumulate, stored), layout, accumulate, part.Weight)
                    { CallsUserCode = g.CallsUserCode, Units = summary, StoredGradient = stored is null ? default : (stored.Start, stored.Length) }
                : new GeneratedCode(GuardChecks.SpanKernel(program, part, layout, planner, accumulate), layout, accumulate, part.Weight)
                    { CallsUserCode = g.CallsUserCode, Units = summary };
        }

        // 5. Otherwise units over the workspace, each generated when it is asked for.
        var units = new WorkspaceUnits(program, part, slot, layout, planner, planner.CachingLoopsOf(g, live), accumulate);
        return new GeneratedCode(units, layout, accumulate, part.Weight)
        {
            CallsUserCode = g.CallsUserCode, Units = CodeSummary.Of(g, part, planner, topLevel: true),
        };
    }

    /// <summary>
    /// The span kernel: reads x and the data from the caller's spans and writes the gradient into the caller's span
    /// (loops scatter into it as they run, so it is zeroed first when they do; the outputs are then added).
    /// </summary>
    /// <remarks>
    /// A program without data takes no data span (<see cref="SpanKernelWithoutData"/>): measured on the lecture's neuron
    /// max(0, W*x + b), the empty third span cost about 1 ns of a 5 ns call (perf/RESULTS.md §3d).
    /// </remarks>
    private static LambdaExpression SpanKernel(GradientProgram program, Partition part, Layout layout, LoopPlanner planner, bool accumulate,
        StoredRange? stored)
    {
        var (unit, spans, value) = SpanKernelStatements(program, part, layout, planner, accumulate, null, stored);
        unit.Add(value);
        return layout.DataLength == 0
            ? Expression.Lambda<SpanKernelWithoutData>(unit.Block(typeof(double)), "Kernel", [spans.X, spans.Gradient])
            : Expression.Lambda<SpanKernel>(unit.Block(typeof(double)), "Kernel", [spans.X, spans.Data, spans.Gradient]);
    }

    /// <summary>
    /// The span kernel's statements, up to the gradient stores (and the value, read before them), with <paramref name="guards"/>
    /// checked as their nodes are computed.
    /// </summary>
    internal static (BlockBuilder Unit, Spans Spans, Expression Value) SpanKernelStatements(GradientProgram program, Partition part, Layout layout,
        LoopPlanner planner, bool accumulate, GuardChecks? guards, StoredRange? stored = null)
    {
        Graph g = program.Graph;
        var spans = new Spans(Expression.Parameter(typeof(ReadOnlySpan<double>), "x"), Expression.Parameter(typeof(ReadOnlySpan<double>), "data"),
            Expression.Parameter(typeof(Span<double>), "gradient"));
        var w = Expression.Parameter(typeof(double[]), "w");
        var unit = new BlockBuilder(g, program.Names, new EmitContext(layout, planner, null, w, w, spans) { StoringLoop = stored?.Loop }, Layout.NoCells(g.Count), null)
        {
            Guards = guards,
        };
        foreach (int k in part.Statements) unit.Define(k);
        // Every output is read into a local before the first gradient entry is written: the caller's gradient span
        // may overlap x or the data (a leaf output, x1 as d(x0 * x1)/dx0, would otherwise be loaded after the store).
        Expression value = unit.Use(program.Value);
        StoreGradient(unit, program.Gradient, accumulate);
        return (unit, spans, value);
    }

    // In a method of its own: a loop over 10,000 inputs would have the JIT compile its method a second time, optimised
    // (on-stack replacement), and this one is small.
    private static void StoreGradient(BlockBuilder unit, int[] gradient, bool accumulate)
    {
        var outputs = new Expression[gradient.Length];
        for (int i = 0; i < gradient.Length; i++) outputs[i] = unit.Use(gradient[i]);
        for (int i = 0; i < gradient.Length; i++) unit.StoreGradient(i, gradient[i], outputs[i], accumulate);
    }
}
