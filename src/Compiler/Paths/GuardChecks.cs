using System.Linq.Expressions;
using ExprGrad.Tracer;

namespace ExprGrad.Compiler;

/// <summary>
/// A path's guards in its generated code: right after the statement computing a decision's comparison, a test that leaves
/// the code when the comparison does not come out as it did while tracing. A guard costs one comparison of a 0/1 value
/// (a comparison with NaN is 0, as C# decides it), and no extra pass: the code computes the comparison anyway. The tests
/// come before any gradient store into the caller's span, so a miss leaves the caller's buffers untouched.
/// </summary>
internal sealed class GuardChecks
{
    private readonly Dictionary<int, bool> holds = [];
    private readonly Expression miss;

    private GuardChecks(IReadOnlyList<Decision> guards, Expression miss)
    {
        foreach (Decision d in guards) holds[d.Node] = d.Holds;
        this.miss = miss;
    }

    /// <summary>Guards of a workspace unit: a miss sets <paramref name="missCell"/> to 1 and leaves the unit.</summary>
    public static GuardChecks InUnit(GradientProgram program, Expression missCell, LabelTarget exit)
        => new(program.Guards, Expression.Block(Expression.Assign(missCell, Expression.Constant(1.0)), Expression.Return(exit)));

    /// <summary>After node <paramref name="k"/>'s statement: its guard's test, when it is a guard.</summary>
    public void After(int k, BlockBuilder block)
    {
        if (!holds.TryGetValue(k, out bool expected)) return;
        Expression indicator = block.Use(k);
        Expression zero = Expression.Constant(0.0);
        block.Add(Expression.IfThen(expected ? Expression.Equal(indicator, zero) : Expression.NotEqual(indicator, zero), miss));
    }

    /// <summary>
    /// The span kernel of a path: <see cref="PathKernel"/> returns false at the first guard that fails, before any gradient
    /// store, and true with the value and the gradient written when all hold.
    /// </summary>
    public static Expression<PathKernel> SpanKernel(GradientProgram program, Partition part, Layout layout, LoopPlanner planner, bool accumulate)
    {
        LabelTarget exit = Expression.Label(typeof(bool), "guarded");
        var guards = new GuardChecks(program.Guards, Expression.Return(exit, Expression.Constant(false)));
        var (unit, spans, value) = CodeGenerator.SpanKernelStatements(program, part, layout, planner, accumulate, guards);
        ParameterExpression valueOut = Expression.Parameter(typeof(double).MakeByRefType(), "value");
        unit.Add(Expression.Assign(valueOut, value));
        unit.Add(Expression.Label(exit, Expression.Constant(true)));
        return Expression.Lambda<PathKernel>(unit.Block(typeof(bool)), "Path", [spans.X, spans.Data, spans.Gradient, valueOut]);
    }
}

/// <summary>
/// A path's value and gradient over the caller's spans: false, with <paramref name="gradient"/> untouched, when a guard of
/// the path does not hold at this point; true with <paramref name="value"/> set and the gradient written otherwise.
/// </summary>
internal delegate bool PathKernel(ReadOnlySpan<double> x, ReadOnlySpan<double> data, Span<double> gradient, out double value);
