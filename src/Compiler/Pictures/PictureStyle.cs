using System.Globalization;

namespace ExprGrad.Pictures;

/// <summary>What both writers agree on: each role's colours and outline, a node's lines of text, number format.</summary>
internal static class PictureStyle
{
    /// <summary>Fill, border, whether the border is dashed, and the legend's word for a role.</summary>
    public static (string Fill, string Stroke, bool Dashed, string Legend) Of(PictureRole role) => role switch
    {
        PictureRole.Input => ("#dbeafe", "#1d4ed8", false, "input"),
        PictureRole.Constant => ("#f3f4f6", "#6b7280", false, "constant"),
        PictureRole.Forward => ("#fef9c3", "#a16207", false, "forward op"),
        PictureRole.Adjoint => ("#fee2e2", "#b91c1c", true, "adjoint"),
        PictureRole.Output => ("#dcfce7", "#15803d", false, "output"),
        PictureRole.Loop => ("#ede9fe", "#6d28d9", false, "loop"),
        _ => ("#e5e7eb", "#374151", true, "collapsed"),
    };

    /// <summary>The label, then "value v" and "adjoint a" where known.</summary>
    public static List<string> Lines(PictureNode node)
    {
        var lines = new List<string> { node.Label };
        if (node.Value is { } value && node.Role != PictureRole.Constant) lines.Add("value " + Number(value));
        if (node.Adjoint is { } adjoint) lines.Add("adjoint " + Number(adjoint));
        return lines;
    }

    /// <summary>Six significant digits, invariant culture: a picture is read, not parsed.</summary>
    public static string Number(double value) => value.ToString("G6", CultureInfo.InvariantCulture);
}
