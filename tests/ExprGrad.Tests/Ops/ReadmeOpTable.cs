using ExprGrad.Ops;

namespace ExprGrad.Tests.Ops;

/// <summary>
/// The README's op table, one row per op of <see cref="OpTable.All"/>: its name, the public function that applies it
/// (<see cref="PublicFunctions"/>), its partial derivatives printed from its own rule (<see cref="Formula"/>), and its
/// documented convention at the edges (<see cref="Op.Convention"/>).
/// </summary>
internal static class ReadmeOpTable
{
    public const string Begin = "<!-- op-table:begin (generated from OpTable.All by ReadmeOpTableTests; EXPRGRAD_UPDATE_README=1 rewrites it) -->";
    public const string End = "<!-- op-table:end -->";

    /// <summary>Ops with no public function, and why.</summary>
    public static readonly Dictionary<string, string> Internal = new()
    {
        ["mul0"] = "internal: strong-zero products (`GradOptions.NanSafe`, pow's partial)",
        ["atleast"] = "internal: the step in max's and min's partials",
    };

    public static string Generate()
    {
        var lines = new List<string>
        {
            Begin,
            "| op | C# | derivative | convention at the edges |",
            "|---|---|---|---|",
        };
        foreach (Op op in OpTable.All)
        {
            string function = PublicFunctions.OfScalar.TryGetValue(op, out var functions)
                ? string.Join(", ", functions.Select(f => $"`{f.Spelling}`"))
                : Internal.GetValueOrDefault(op.Name, "**none**");
            lines.Add($"| {op.Name} | {function} | {Derivatives(op)} | {op.Convention} |");
        }
        lines.Add(End);
        return string.Join("\n", lines);
    }

    /// <summary>Each input's partial times 1, printed from the rule: <c>cos(x)</c>; <c>d/da: b, d/db: a</c>.</summary>
    private static string Derivatives(Op op)
    {
        Formula[] inputs = op.Arity == 1 ? [Formula.Named("x")] : [.. "abc"[..op.Arity].Select(n => Formula.Named(n.ToString()))];
        Formula Input(int i) => i < inputs.Length ? inputs[i] : 0.0;
        var partials = new List<string>();
        for (int i = 0; i < op.Arity; i++)
        {
            if (!op.HasPartial(i)) continue;
            Formula partial = op.PartialTimes(i, Input(0), Input(1), Input(2), Formula.Named("y"), Formula.P, 1.0, strongZero: false);
            partials.Add(op.Arity == 1 ? $"`{partial}`" : $"d/d{inputs[i]}: `{partial}`");
        }
        return partials.Count == 0 ? "none" : string.Join("; ", partials);
    }
}
