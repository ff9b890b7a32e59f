using System.Globalization;
using System.Text.RegularExpressions;

namespace ExprGrad.Explain;

/// <summary>How the steps of a <see cref="BackpropTrace"/> write numbers and fill in an op's text.</summary>
internal static partial class StepText
{
    /// <summary>Six significant digits (a trace is read; the exact values are in the step objects).</summary>
    public static string Number(double value) => value.ToString("G6", CultureInfo.InvariantCulture);

    /// <summary>A number inside an expression: negative ones in parentheses, so "x * (-2)" reads right.</summary>
    public static string Operand(double value) => value < 0 || double.IsNegative(value) && value == 0 ? "(" + Number(value) + ")" : Number(value);

    /// <summary>
    /// An op's <see cref="Ops.Op.Notation"/> or <see cref="Ops.Op.PartialNotation"/> with its placeholders filled in:
    /// {a} {b} {c} by <paramref name="operands"/>, {y} by <paramref name="result"/>, {p} and {p-1} by the parameter.
    /// </summary>
    public static string Fill(string template, IReadOnlyList<string> operands, string result, double parameter)
        => Placeholder().Replace(template, m =>
        {
            string text = m.Groups[1].Value switch
            {
                "a" => operands[0],
                "b" => operands[1],
                "c" => operands[2],
                "y" => result,
                "p" => Operand(parameter),
                _ => Operand(parameter - 1),
            };
            // A negative number already between "(" or "," and ")" or ",", as in exp(-2) or max(0, -1), needs no parentheses.
            string before = template[..m.Index].TrimEnd(), after = template[(m.Index + m.Length)..].TrimStart();
            bool enclosed = before.EndsWith('(') || before.EndsWith(','), closed = after.StartsWith(')') || after.StartsWith(',');
            return enclosed && closed && text.StartsWith('(') && text.EndsWith(')') ? text[1..^1] : text;
        });

    /// <summary>A local derivative as a factor: in parentheses when it is negative, a sum or a difference.</summary>
    public static string Factor(string text)
        => text.StartsWith('-') || text.Contains(" + ", StringComparison.Ordinal) || text.Contains(" - ", StringComparison.Ordinal) ? "(" + text + ")" : text;

    [GeneratedRegex(@"\{(a|b|c|y|p|p-1)\}")]
    private static partial Regex Placeholder();
}
