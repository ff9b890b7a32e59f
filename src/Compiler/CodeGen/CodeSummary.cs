using System.Text;
using FastExpressionCompiler;
using ExprGrad.Tracer;
using static System.FormattableString;

namespace ExprGrad.Compiler;

/// <summary>One unit of generated code in numbers: its statements (inline loop bodies counted once) and its loops.</summary>
internal sealed record UnitSummary(int Statements, IReadOnlyList<string> Loops);

/// <summary>
/// Generated code described without generating it: statement counts per unit and per loop, from the partition and
/// the loop plans (cheap at any size), and the first lines of the first unit's C# (<c>ToCSharpString</c> of a
/// 320,000-statement program is 24 MB and takes seconds).
/// </summary>
internal static class CodeSummary
{
    /// <summary>The units of <paramref name="part"/> in numbers.</summary>
    public static UnitSummary[] Of(Graph g, Partition part, LoopPlanner planner, bool topLevel)
    {
        var units = new UnitSummary[part.Units];
        for (int u = 0; u < units.Length; u++)
        {
            int weight = 0;
            var loops = new List<string>();
            foreach (int k in part.StatementsOf(u))
            {
                if (g[k].Kind != NodeKind.Loop) { weight++; continue; }
                Loop loop = planner.Fusions.LoopAt(g, k);
                weight += planner.Weight(loop, topLevel);
                loops.Add(Describe(k, loop, planner, topLevel));
            }
            units[u] = new UnitSummary(weight, loops);
        }
        return units;
    }

    private static string Describe(int k, Loop loop, LoopPlanner planner, bool topLevel)
    {
        string how = planner.PlanOf(loop) is { } plan
            ? (plan.Parallel ? "a delegate run in parallel blocks" : "a delegate") + (planner.Splits(loop) ? ", its body in chunks" : "")
            : "inline";
        string kind = loop.Fusion is not null ? "forward and adjoint sum" : loop.AdjointFrom is not null ? "adjoint sum" : "sum";
        return Invariant($"v{k}: {kind} over i < {loop.Count:N0}, {planner.BodyWeight(loop):N0} statements per iteration, {how}");
    }

    /// <summary>The summary text: totals, each unit and its loops, then the first <paramref name="lines"/> lines of code.</summary>
    public static string Write(GeneratedCode code, int lines)
    {
        var text = new StringBuilder();
        int loops = code.Units.Sum(u => u.Loops.Count);
        text.AppendLine(Invariant($"{code.StatementCount:N0} statements for {code.Dimension:N0} inputs") + (code.Span is not null
            ? Invariant($": one kernel over the caller's spans, {loops} loops")
            : Invariant($" in {code.UnitCount:N0} units on a workspace of {code.WorkspaceSize:N0} doubles, {loops} loops")));
        for (int u = 0; u < code.Units.Count; u++)
        {
            text.AppendLine(Invariant($"  {(code.Span is not null ? "kernel" : $"unit {u}")}: {code.Units[u].Statements:N0} statements"));
            foreach (string loop in code.Units[u].Loops) text.AppendLine("    loop " + loop);
        }
        string first = code.Span is not null ? code.Span.ToCSharpString() : code.FirstUnitCSharp();
        string[] all = first.Replace("\r\n", "\n").Split('\n');
        text.AppendLine(Invariant($"First {Math.Min(lines, all.Length)} of {all.Length} lines of {(code.Span is not null ? "the kernel" : "unit 0")}:"));
        foreach (string line in all.Take(lines)) text.AppendLine(line);
        return text.ToString().Replace("\r\n", "\n");
    }
}
