using System.Text;
using static System.FormattableString;

namespace ExprGrad.Pictures;

/// <summary>Graphviz DOT of a <see cref="Picture"/>: left to right, clusters as dashed subgraphs, colours by role.</summary>
internal static class DotWriter
{
    public static string Write(Picture picture)
    {
        var dot = new StringBuilder();
        dot.AppendLine(Invariant($"digraph {Quote(picture.Title)} {{"));
        dot.AppendLine("  rankdir=LR;");
        dot.AppendLine(Invariant($"  label={Quote(string.Join("\n", picture.Notes.Prepend(picture.Title)))}; labelloc=t; fontname=\"monospace\";"));
        dot.AppendLine("  node [shape=box, style=\"rounded,filled\", fontname=\"monospace\", fontsize=11];");
        dot.AppendLine("  edge [fontname=\"monospace\", fontsize=10, color=\"#555555\"];");

        // Clusters nest: emitted depth-first with an explicit stack, each node inside its innermost cluster.
        var children = new List<int>[picture.Clusters.Count];
        var members = new List<int>[picture.Clusters.Count];
        for (int c = 0; c < children.Length; c++) { children[c] = []; members[c] = []; }
        for (int c = 0; c < children.Length; c++) if (picture.Clusters[c].Parent >= 0) children[picture.Clusters[c].Parent].Add(c);
        for (int i = 0; i < picture.Nodes.Count; i++)
            if (picture.Nodes[i].Cluster >= 0) members[picture.Nodes[i].Cluster].Add(i);
            else WriteNode(dot, picture, i, "  ");
        var stack = new Stack<(int Cluster, bool Close)>();
        for (int c = children.Length - 1; c >= 0; c--) if (picture.Clusters[c].Parent < 0) stack.Push((c, false));
        int depth = 1;
        while (stack.Count > 0)
        {
            var (c, close) = stack.Pop();
            if (close) { depth--; dot.Append(' ', 2 * depth).AppendLine("}"); continue; }
            string indent = new(' ', 2 * depth);
            dot.AppendLine(Invariant($"{indent}subgraph cluster_{c} {{"));
            dot.AppendLine(Invariant($"{indent}  label={Quote(picture.Clusters[c].Label)}; style=\"dashed,rounded\"; color=\"#6d28d9\";"));
            foreach (int i in members[c]) WriteNode(dot, picture, i, indent + "  ");
            depth++;
            stack.Push((c, true));
            for (int k = children[c].Count - 1; k >= 0; k--) stack.Push((children[c][k], false));
        }
        foreach (PictureEdge e in picture.Edges)
            dot.AppendLine(Invariant($"  n{e.From} -> n{e.To}") + (e.Label is null ? ";" : $" [label={Quote(e.Label)}];"));
        dot.AppendLine("}");
        return dot.ToString();
    }

    private static void WriteNode(StringBuilder dot, Picture picture, int i, string indent)
    {
        PictureNode node = picture.Nodes[i];
        var (fill, stroke, dashed, _) = PictureStyle.Of(node.Role);
        string style = dashed ? "rounded,filled,dashed" : "rounded,filled";
        string width = node.Role == PictureRole.Output ? ", penwidth=2" : "";
        dot.AppendLine(Invariant($"{indent}n{i} [label={Quote(string.Join("\n", PictureStyle.Lines(node)))}, style=\"{style}\", fillcolor=\"{fill}\", color=\"{stroke}\"{width}];"));
    }

    /// <summary>A DOT string literal: quotes and backslashes escaped, line breaks as \n.</summary>
    private static string Quote(string text)
        => "\"" + text.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal)
            .Replace("\r", "", StringComparison.Ordinal).Replace("\n", "\\n", StringComparison.Ordinal) + "\"";
}
