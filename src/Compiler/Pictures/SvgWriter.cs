using System.Text;
using static System.FormattableString;

namespace ExprGrad.Pictures;

/// <summary>
/// An SVG of a <see cref="Picture"/>, laid out by <see cref="LayeredLayout"/>: a box per node (class "node",
/// data-role), a curved arrow per edge (class "edge", data-from/data-to naming the node ids), dashed boxes for
/// clusters, the title and notes above and a legend of the roles below. Text is XML-escaped; sizes assume a
/// monospace font, so boxes fit their text in any viewer.
/// </summary>
internal static class SvgWriter
{
    private const double FontSize = 12, LabelFontSize = 11, TitleFontSize = 14, CharWidth = 0.6, LineHeight = 16, Padding = 8, Margin = 20;
    private const string Font = "DejaVu Sans Mono, Menlo, Consolas, monospace";

    public static string Write(Picture picture)
    {
        int n = picture.Nodes.Count;
        var lines = picture.Nodes.Select(PictureStyle.Lines).ToArray();
        double[] width = [.. lines.Select(l => l.Max(s => s.Length) * CharWidth * FontSize + 2 * Padding)];
        double[] height = [.. lines.Select(l => l.Count * LineHeight + Padding)];
        (int, int)[] edges = [.. picture.Edges.Select(e => (e.From, e.To))];
        double[] labelWidth = [.. picture.Edges.Select(e => (e.Label?.Length ?? 0) * CharWidth * LabelFontSize)];
        bool[] pinned = [.. picture.Nodes.Select(node => node.Role is PictureRole.Input or PictureRole.Collapsed)];
        int[] group = [.. picture.Nodes.Select(node => TopCluster(picture, node.Cluster))];
        var layout = new LayeredLayout(width, height, edges, pinned, labelWidth, group);

        // The drawing's extent: the laid-out nodes and the cluster boxes around them.
        var clusters = ClusterBoxes(picture, layout, width, height);
        var present = clusters.OfType<(double X0, double Y0, double X1, double Y1)>().ToList();
        double minX = present.Select(b => b.X0).Append(0).Min(), minY = present.Select(b => b.Y0).Append(0).Min();
        double maxX = present.Select(b => b.X1).Append(layout.Width).Max(), maxY = present.Select(b => b.Y1).Append(layout.Height).Max();
        double left = Margin - minX, top = Margin + LineHeight * (1.5 + picture.Notes.Count) - minY;

        var svg = new StringBuilder();
        var roles = picture.Nodes.Select(node => node.Role).Distinct().Order().ToList();
        double legendHeight = roles.Count == 0 ? 0 : 2 * LineHeight;
        string[] header = [picture.Title, .. picture.Notes];
        double legendWidth = roles.Sum(r => 20 + (PictureStyle.Of(r).Legend.Length + 3) * CharWidth * LabelFontSize);
        double headerWidth = Math.Max(header[0].Length * CharWidth * TitleFontSize, header.Max(s => s.Length) * CharWidth * FontSize);
        double totalWidth = Math.Max(Math.Max(maxX - minX, legendWidth), headerWidth) + 2 * Margin;
        double totalHeight = top + maxY + LineHeight + legendHeight + Margin;
        svg.Append(Invariant($"<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{totalWidth:F0}\" height=\"{totalHeight:F0}\""))
            .AppendLine(Invariant($" viewBox=\"0 0 {totalWidth:F0} {totalHeight:F0}\" font-family=\"{Font}\" font-size=\"{FontSize}\">"));
        svg.AppendLine(Invariant($"<title>{Escape(picture.Title)}</title>"));
        svg.Append("<defs><marker id=\"arrow\" viewBox=\"0 0 10 10\" refX=\"10\" refY=\"5\" markerWidth=\"8\" markerHeight=\"8\" orient=\"auto\">")
            .AppendLine("<path d=\"M0,0 L10,5 L0,10 z\" fill=\"#555555\"/></marker></defs>");
        svg.AppendLine("<rect width=\"100%\" height=\"100%\" fill=\"white\"/>");
        for (int k = 0; k < header.Length; k++)
        {
            string look = k == 0 ? Invariant($"class=\"title\" font-weight=\"bold\" font-size=\"{TitleFontSize}\"") : "class=\"note\" fill=\"#7c2d12\"";
            svg.AppendLine(Invariant($"<text {look} x=\"{Margin}\" y=\"{Margin + k * LineHeight + FontSize:F1}\">{Escape(header[k])}</text>"));
        }

        WriteClusters(svg, picture, clusters, left, top);
        WriteEdges(svg, picture, layout, width, height, left, top);
        for (int i = 0; i < n; i++)
        {
            var (fill, stroke, dashed, legend) = PictureStyle.Of(picture.Nodes[i].Role);
            double x = left + layout.X[i], y = top + layout.Y[i];
            svg.AppendLine(Invariant($"<g class=\"node\" id=\"n{i}\" data-role=\"{legend}\">"));
            svg.AppendLine(Invariant($"  <rect x=\"{x:F1}\" y=\"{y:F1}\" width=\"{width[i]:F1}\" height=\"{height[i]:F1}\" rx=\"6\" fill=\"{fill}\" stroke=\"{stroke}\"")
                + Invariant($" stroke-width=\"{(picture.Nodes[i].Role == PictureRole.Output ? 2.5 : 1.2)}\"{(dashed ? " stroke-dasharray=\"5,3\"" : "")}/>"));
            for (int k = 0; k < lines[i].Count; k++)
            {
                string colour = lines[i][k].StartsWith("adjoint", StringComparison.Ordinal) ? "#b91c1c" : "#111827";
                string weight = k == 0 ? " font-weight=\"bold\"" : "";
                double baseline = y + Padding / 2 + (k + 0.75) * LineHeight;
                svg.AppendLine(Invariant($"  <text x=\"{x + Padding:F1}\" y=\"{baseline:F1}\" fill=\"{colour}\"{weight}>{Escape(lines[i][k])}</text>"));
            }
            svg.AppendLine("</g>");
        }
        WriteLegend(svg, roles, Margin, top + maxY + LineHeight);
        svg.AppendLine("</svg>");
        return svg.ToString();
    }

    private static void WriteEdges(StringBuilder svg, Picture picture, LayeredLayout layout, double[] width, double[] height, double left, double top)
    {
        // Edges joining the same two nodes (x * x) fan out a little.
        var seen = new Dictionary<(int, int), int>();
        var total = picture.Edges.GroupBy(e => (e.From, e.To)).ToDictionary(g => g.Key, g => g.Count());
        var routes = new (double X, double Y)[picture.Edges.Count][];
        for (int e = 0; e < routes.Length; e++)
        {
            PictureEdge edge = picture.Edges[e];
            int k = seen[(edge.From, edge.To)] = seen.GetValueOrDefault((edge.From, edge.To)) + 1;
            double spread = (k - 1 - (total[(edge.From, edge.To)] - 1) / 2.0) * 6;
            // A long edge that keeps its height over several columns is one straight run.
            var all = layout.Routes[e];
            routes[e] = [.. all.Where((p, i) => i == 0 || i == all.Length - 1 || all[i - 1].Y != p.Y || all[i + 1].Y != p.Y)
                .Select(p => (X: p.X + left, Y: p.Y + top))];
            routes[e][0].Y += spread;
            routes[e][^1].Y += spread;
        }
        var labels = new LabelPlacer(routes, Enumerable.Range(0, picture.Nodes.Count).Select(i => (left + layout.X[i], top + layout.Y[i], width[i], height[i])));
        for (int e = 0; e < routes.Length; e++)
        {
            PictureEdge edge = picture.Edges[e];
            var route = routes[e];
            var path = new StringBuilder(Invariant($"M{route[0].X:F1},{route[0].Y:F1}"));
            for (int s = 1; s < route.Length; s++)
            {
                var (p, q) = (route[s - 1], route[s]);
                double bend = (q.X - p.X) / 2;
                path.Append(p.Y == q.Y ? Invariant($" L{q.X:F1},{q.Y:F1}")
                    : Invariant($" C{p.X + bend:F1},{p.Y:F1} {q.X - bend:F1},{q.Y:F1} {q.X:F1},{q.Y:F1}"));
            }
            svg.AppendLine(Invariant($"<g class=\"edge\" id=\"e{e}\" data-from=\"n{edge.From}\" data-to=\"n{edge.To}\">"));
            svg.AppendLine(Invariant($"  <path d=\"{path}\" fill=\"none\" stroke=\"#555555\" stroke-width=\"1.2\" marker-end=\"url(#arrow)\"/>"));
            if (edge.Label is not null)
            {
                var (x, y) = labels.Place(route[^2], route[^1], edge.Label.Length * CharWidth * LabelFontSize);
                svg.Append(Invariant($"  <text x=\"{x:F1}\" y=\"{y:F1}\" text-anchor=\"middle\" font-size=\"{LabelFontSize}\" fill=\"#374151\""))
                    .AppendLine(Invariant($" stroke=\"white\" stroke-width=\"3\" paint-order=\"stroke\">{Escape(edge.Label)}</text>"));
            }
            svg.AppendLine("</g>");
        }
    }

    /// <summary>
    /// Each cluster's box in layout coordinates: around its nodes and inner clusters, each enclosing level adding its
    /// own padding so nested boxes do not touch; null for a cluster with no node drawn.
    /// </summary>
    private static (double X0, double Y0, double X1, double Y1)?[] ClusterBoxes(Picture picture, LayeredLayout layout, double[] width, double[] height)
    {
        int count = picture.Clusters.Count;
        var box = new (double X0, double Y0, double X1, double Y1)?[count];
        int[] depth = Depths(picture);
        for (int i = 0; i < picture.Nodes.Count; i++)
            for (int c = picture.Nodes[i].Cluster; c >= 0; c = picture.Clusters[c].Parent)
            {
                double pad = 10 * (depth[picture.Nodes[i].Cluster] - depth[c] + 1);
                var (x0, y0) = (layout.X[i] - pad, layout.Y[i] - pad - LineHeight);
                var (x1, y1) = (layout.X[i] + width[i] + pad, layout.Y[i] + height[i] + pad);
                box[c] = box[c] is { } b ? (Math.Min(b.X0, x0), Math.Min(b.Y0, y0), Math.Max(b.X1, x1), Math.Max(b.Y1, y1)) : (x0, y0, x1, y1);
            }
        return box;
    }

    private static int TopCluster(Picture picture, int cluster)
    {
        while (cluster >= 0 && picture.Clusters[cluster].Parent >= 0) cluster = picture.Clusters[cluster].Parent;
        return cluster;
    }

    private static int[] Depths(Picture picture)
    {
        int[] depth = new int[picture.Clusters.Count];
        for (int c = 0; c < depth.Length; c++)
            for (int p = picture.Clusters[c].Parent; p >= 0; p = picture.Clusters[p].Parent) depth[c]++;
        return depth;
    }

    /// <summary>Dashed cluster boxes, outermost first so inner ones draw on top.</summary>
    private static void WriteClusters(StringBuilder svg, Picture picture, (double X0, double Y0, double X1, double Y1)?[] box, double left, double top)
    {
        int[] depth = Depths(picture);
        foreach (int c in Enumerable.Range(0, box.Length).Where(c => box[c] is not null).OrderBy(c => depth[c]))
        {
            var (x0, y0, x1, y1) = box[c]!.Value;
            svg.Append(Invariant($"<g class=\"cluster\" id=\"c{c}\"><rect x=\"{left + x0:F1}\" y=\"{top + y0:F1}\" width=\"{x1 - x0:F1}\" height=\"{y1 - y0:F1}\""))
                .Append(" rx=\"8\" fill=\"#faf5ff\" fill-opacity=\"0.6\" stroke=\"#6d28d9\" stroke-dasharray=\"6,4\"/>")
                .Append(Invariant($"<text x=\"{left + x0 + 6:F1}\" y=\"{top + y0 + FontSize + 2:F1}\" fill=\"#6d28d9\" font-size=\"{LabelFontSize}\">"))
                .AppendLine(Escape(picture.Clusters[c].Label) + "</text></g>");
        }
    }

    private static void WriteLegend(StringBuilder svg, List<PictureRole> roles, double x, double y)
    {
        svg.AppendLine("<g class=\"legend\">");
        foreach (PictureRole role in roles)
        {
            var (fill, stroke, dashed, legend) = PictureStyle.Of(role);
            svg.AppendLine(Invariant($"  <rect x=\"{x:F1}\" y=\"{y:F1}\" width=\"14\" height=\"14\" rx=\"3\" fill=\"{fill}\" stroke=\"{stroke}\"{(dashed ? " stroke-dasharray=\"3,2\"" : "")}/>")
                + Invariant($"<text x=\"{x + 20:F1}\" y=\"{y + 11:F1}\" font-size=\"{LabelFontSize}\">{legend}</text>"));
            x += 20 + (legend.Length + 3) * CharWidth * LabelFontSize;
        }
        svg.AppendLine("</g>");
    }

    /// <summary>Text as XML character data or attribute value.</summary>
    public static string Escape(string text)
    {
        var escaped = new StringBuilder(text.Length);
        foreach (char ch in text)
            escaped.Append(ch switch { '&' => "&amp;", '<' => "&lt;", '>' => "&gt;", '"' => "&quot;", '\'' => "&apos;", _ when ch < ' ' => " ", _ => ch.ToString() });
        return escaped.ToString();
    }
}
