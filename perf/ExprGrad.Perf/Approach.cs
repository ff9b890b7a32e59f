namespace ExprGrad.Perf;

/// <summary>One way of computing a workload's value or gradient, as a row label of the comparison.</summary>
internal sealed record Approach(string Name, bool IsGradient, Func<Workloads.Workload, Prepared> Prepare)
{
    /// <summary>Which workloads the approach is measured on (default: all).</summary>
    public Func<Workloads.Workload, bool> AppliesTo { get; init; } = _ => true;
}

/// <summary>A prepared approach: the call to time, and what preparing it cost.</summary>
/// <param name="Gradient">Computes value and gradient (or only the value, for the primal).</param>
/// <param name="CompileMilliseconds">Trace-to-first-call time, for compiled approaches.</param>
/// <param name="Nodes">Traced graph nodes, for compiled approaches.</param>
/// <param name="Note">Why the approach is skipped or what backend ran, for the table.</param>
internal sealed record Prepared(IGradient? Gradient, bool PrimalOnly, double? CompileMilliseconds = null, int? Nodes = null, string Note = "");
