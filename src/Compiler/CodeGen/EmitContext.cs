using System.Linq.Expressions;
using ExprGrad.Tracer;

namespace ExprGrad.Compiler;

/// <summary>
/// What the code being built writes to and reads from: <see cref="Shared"/> holds inputs and data (read only
/// while loops run in parallel), <see cref="Scratch"/> everything computed (spills, captures, accumulators,
/// gradient); they are the same array except inside a loop run in parallel. <see cref="Spans"/> is set for a
/// span kernel, which reads and writes the caller's spans instead. <see cref="Delegates"/> collects the code of
/// the delegates the unit calls (none in a span kernel).
/// </summary>
internal sealed record EmitContext(Layout Layout, LoopPlanner Planner, NestedLambdas? Delegates, ParameterExpression Shared,
    ParameterExpression Scratch, Spans? Spans)
{
    public IndexExpression Cell(int index) => Expression.ArrayAccess(Scratch, Expression.Constant(index));

    /// <summary>The loop whose scatters store into the caller's gradient instead of adding (<see cref="StoredScatters"/>), if any.</summary>
    public Loop? StoringLoop { get; init; }
}

/// <summary>The span kernel's parameters: inputs, data and gradient are the caller's spans (no workspace).</summary>
internal sealed record Spans(ParameterExpression X, ParameterExpression Data, ParameterExpression Gradient);

/// <summary>What a loop body's code sees of its loop: the counter and the captured outer values.</summary>
internal sealed record BodyContext(ParameterExpression Counter, Expression[] Captures);
