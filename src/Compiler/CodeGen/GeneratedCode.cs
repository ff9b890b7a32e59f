using System.Linq.Expressions;
using System.Text;
using FastExpressionCompiler;

namespace ExprGrad.Compiler;

/// <summary>
/// Generated code, not compiled: either one <see cref="Span"/> kernel over the caller's spans (small programs),
/// or <see cref="UnitCount"/> units to run in order over a workspace (<see cref="Layout"/>), each built when asked
/// for (<see cref="Unit"/>), so a million-node program never holds all its expression trees at once. With
/// <see cref="AccumulatesGradient"/> loops scatter into the gradient cells, which must be zeroed before the units run.
/// </summary>
internal sealed class GeneratedCode
{
    private readonly WorkspaceUnits? units;

    /// <summary>A span kernel: an <see cref="Expression{SpanKernel}"/>, or <see cref="Expression{SpanKernelWithoutData}"/> without data.</summary>
    public GeneratedCode(LambdaExpression span, Layout layout, bool accumulatesGradient, int statementCount)
        : this(layout, accumulatesGradient, statementCount) => Span = span;

    /// <summary>A span kernel checking a path's guards.</summary>
    public GeneratedCode(Expression<PathKernel> guardedSpan, Layout layout, bool accumulatesGradient, int statementCount)
        : this(layout, accumulatesGradient, statementCount) => GuardedSpan = guardedSpan;

    /// <summary>Workspace units.</summary>
    public GeneratedCode(WorkspaceUnits units, Layout layout, bool accumulatesGradient, int statementCount)
        : this(layout, accumulatesGradient, statementCount) => this.units = units;

    private GeneratedCode(Layout layout, bool accumulatesGradient, int statementCount)
    {
        Layout = layout;
        AccumulatesGradient = accumulatesGradient;
        StatementCount = statementCount;
    }

    /// <summary>The whole program as one delegate over the caller's spans; null when the program runs in units.</summary>
    public LambdaExpression? Span { get; }

    /// <summary>The span kernel of a path, which reports whether its guards held; null otherwise.</summary>
    public Expression<PathKernel>? GuardedSpan { get; }

    /// <summary>Number of workspace units (0 for a span kernel).</summary>
    public int UnitCount => units?.Count ?? 0;

    /// <summary>Generates unit <paramref name="u"/> (again at every call: nothing is kept).</summary>
    public UnitCode Unit(int u) => (units ?? throw new InvalidOperationException("A span kernel has no units.")).Emit(u);

    /// <summary>Each unit (the span kernel: one) in numbers, for <see cref="CodeSummary"/>.</summary>
    public IReadOnlyList<UnitSummary> Units { get; init; } = [];

    /// <summary>True when the code calls the user's delegates (<see cref="CustomOp"/>), which may run compiled code themselves.</summary>
    public bool CallsUserCode { get; init; }

    /// <summary>
    /// Gradient entries [Start, Start + Length) that the span kernel stores before anything else writes them
    /// (<see cref="StoredScatters"/>): with <see cref="AccumulatesGradient"/>, only the others need zeroing first.
    /// </summary>
    public (int Start, int Length) StoredGradient { get; init; }

    public Layout Layout { get; }
    public bool AccumulatesGradient { get; }
    public int StatementCount { get; }
    public int Dimension => Layout.Inputs;
    public int GradientLength => Layout.GradientLength;
    public int WorkspaceSize => Layout.WorkspaceSize;

    /// <summary>The code as C#, unit by unit (each preceded by the delegates it calls), with deterministic names; compiles nothing.</summary>
    public string ToCSharpString()
    {
        var text = new StringBuilder();
        if (Span is { } span) text.AppendLine(span.ToCSharpString());
        if (GuardedSpan is { } guarded) text.AppendLine(guarded.ToCSharpString());
        for (int u = 0; u < UnitCount; u++)
        {
            UnitCode unit = Unit(u);
            foreach (NestedLambda nested in unit.Delegates) text.AppendLine(nested.Code.ToCSharpString());
            text.AppendLine(unit.Code.ToCSharpString());
        }
        return text.ToString().Replace("\r\n", "\n");
    }

    /// <summary>Unit 0 as C#, with the delegates it calls (generates that unit only).</summary>
    public string FirstUnitCSharp()
    {
        var text = new StringBuilder();
        UnitCode unit = Unit(0);
        foreach (NestedLambda nested in unit.Delegates) text.AppendLine(nested.Code.ToCSharpString());
        text.AppendLine(unit.Code.ToCSharpString());
        return text.ToString();
    }
}

/// <summary>One workspace unit: its code, and the delegates it calls (their slots must be filled before it runs).</summary>
internal sealed record UnitCode(Expression<Action<double[]>> Code, IReadOnlyList<NestedLambda> Delegates);
