using System.Text.RegularExpressions;
using System.Xml.Linq;
using ExprGrad.Pictures;

namespace ExprGrad.Tests.Pictures;

/// <summary>
/// Issue 16 §3, pictures: the SVG is well-formed XML whose node and edge elements match the model, laid out left
/// to right without overlaps; the DOT declares every edge's ends and balances its braces; large pictures are
/// capped and say so.
/// </summary>
public partial class PictureTests
{
    private static readonly XNamespace Svg = "http://www.w3.org/2000/svg";

    /// <summary>The lecture's relu layer, drawn by hand: W, x, b -> U1 = W * x -> U2 = U1 + b -> H.</summary>
    internal static Picture Lecture()
    {
        var p = new Picture("H = relu(W * x + b)");
        int w = p.AddNode(new("W", PictureRole.Input, 2, 3)), x = p.AddNode(new("x", PictureRole.Input, 3, 2));
        int b = p.AddNode(new("b", PictureRole.Input, 1, 1)), u1 = p.AddNode(new("U1 = W * x", PictureRole.Forward, 6, 1));
        int u2 = p.AddNode(new("U2 = U1 + b", PictureRole.Forward, 7, 1)), h = p.AddNode(new("H = relu(U2)", PictureRole.Output, 7, 1));
        p.AddEdge(new(w, u1, "dU1/dW = x = 3"));
        p.AddEdge(new(x, u1, "dU1/dx = W = 2"));
        p.AddEdge(new(u1, u2, "dU2/dU1 = 1"));
        p.AddEdge(new(b, u2, "dU2/db = 1"));
        p.AddEdge(new(u2, h, "dH/dU2 = relu'(U2) = 1"));
        return p;
    }

    /// <summary>A graph with a loop cluster, a constant, parallel edges and edges spanning several layers.</summary>
    internal static Picture Tangled()
    {
        var p = new Picture("a <tangled> & \"quoted\" graph");
        int a = p.AddNode(new("a", PictureRole.Input, 1)), b = p.AddNode(new("b", PictureRole.Input, 2));
        int loop = p.AddCluster(new("sum over i < 2")), inner = p.AddCluster(new("iteration 1", loop));
        int sq = p.AddNode(new("U1 = b * b", PictureRole.Forward, 4, Cluster: loop));
        p.AddEdge(new(b, sq, "b"));
        p.AddEdge(new(b, sq, "b"));
        int c = p.AddNode(new("1", PictureRole.Constant, 1));
        int add = p.AddNode(new("U2 = U1 + 1", PictureRole.Forward, 5, Cluster: inner));
        p.AddEdge(new(sq, add));
        p.AddEdge(new(c, add));
        int adj = p.AddNode(new("U2_bar", PictureRole.Adjoint, Adjoint: 1));
        p.AddEdge(new(add, adj));
        int y = p.AddNode(new("y = a * U2 & <more>", PictureRole.Output, 5, 1));
        p.AddEdge(new(a, y, "U2 < 6"));
        p.AddEdge(new(adj, y));
        return p;
    }

    public static TheoryData<string> Pictures => ["lecture", "tangled", "empty"];

    private static Picture Named(string name) => name switch { "lecture" => Lecture(), "tangled" => Tangled(), _ => new Picture("nothing") };

    private static (double X, double Y, double W, double H) Box(XElement rect) =>
        ((double)rect.Attribute("x")!, (double)rect.Attribute("y")!, (double)rect.Attribute("width")!, (double)rect.Attribute("height")!);

    [Theory, MemberData(nameof(Pictures))]
    public void The_svg_is_well_formed_and_its_nodes_and_edges_match_the_model(string name)
    {
        Picture picture = Named(name);
        XDocument svg = XDocument.Parse(picture.ToSvg());
        var nodes = svg.Descendants(Svg + "g").Where(g => (string?)g.Attribute("class") == "node").ToList();
        var edges = svg.Descendants(Svg + "g").Where(g => (string?)g.Attribute("class") == "edge").ToList();
        Assert.Equal(picture.Nodes.Count, nodes.Count);
        Assert.Equal(picture.Edges.Count, edges.Count);
        for (int i = 0; i < nodes.Count; i++)
        {
            Assert.Equal($"n{i}", (string?)nodes[i].Attribute("id"));
            Assert.Equal(picture.Nodes[i].Label, nodes[i].Elements(Svg + "text").First().Value);
            Assert.Equal(PictureStyle.Of(picture.Nodes[i].Role).Legend, (string?)nodes[i].Attribute("data-role"));
        }
        for (int e = 0; e < edges.Count; e++)
        {
            Assert.Equal($"n{picture.Edges[e].From}", (string?)edges[e].Attribute("data-from"));
            Assert.Equal($"n{picture.Edges[e].To}", (string?)edges[e].Attribute("data-to"));
            Assert.Equal(picture.Edges[e].Label ?? "", edges[e].Element(Svg + "text")?.Value ?? "");
            Assert.Equal("url(#arrow)", (string?)edges[e].Element(Svg + "path")!.Attribute("marker-end"));
        }
        Assert.Equal(picture.Title, svg.Root!.Element(Svg + "title")!.Value);
    }

    [Theory, MemberData(nameof(Pictures))]
    public void Nodes_do_not_overlap_and_every_edge_runs_left_to_right(string name)
    {
        XDocument svg = XDocument.Parse(Named(name).ToSvg());
        var boxes = svg.Descendants(Svg + "g").Where(g => (string?)g.Attribute("class") == "node")
            .ToDictionary(g => (string)g.Attribute("id")!, g => Box(g.Element(Svg + "rect")!));
        foreach (var (a, p) in boxes)
            foreach (var (b, q) in boxes)
                if (string.CompareOrdinal(a, b) < 0)
                    Assert.False(p.X < q.X + q.W && q.X < p.X + p.W && p.Y < q.Y + q.H && q.Y < p.Y + p.H, $"{a} overlaps {b}");
        foreach (XElement edge in svg.Descendants(Svg + "g").Where(g => (string?)g.Attribute("class") == "edge"))
            Assert.True(boxes[(string)edge.Attribute("data-from")!].X + boxes[(string)edge.Attribute("data-from")!].W
                <= boxes[(string)edge.Attribute("data-to")!].X);
    }

    [Fact]
    public void Cluster_boxes_enclose_their_nodes_and_inner_clusters()
    {
        XDocument svg = XDocument.Parse(Tangled().ToSvg());
        var rect = svg.Descendants(Svg + "g").Where(g => (string?)g.Attribute("class") is "node" or "cluster")
            .ToDictionary(g => (string)g.Attribute("id")!, g => Box(g.Element(Svg + "rect")!));
        static bool Inside((double X, double Y, double W, double H) i, (double X, double Y, double W, double H) o)
            => i.X > o.X && i.Y > o.Y && i.X + i.W < o.X + o.W && i.Y + i.H < o.Y + o.H;
        Assert.True(Inside(rect["n2"], rect["c0"]));   // U1 in the loop
        Assert.True(Inside(rect["n4"], rect["c1"]));   // U2 in the iteration
        Assert.True(Inside(rect["c1"], rect["c0"]));
    }

    [Fact]
    public void Barycenter_sweeps_undo_a_crossing_the_creation_order_makes()
    {
        // Inputs a (top), b; their users are created in the opposite order: vb before va.
        var layout = new LayeredLayout([10, 10, 10, 10], [10, 10, 10, 10], [(1, 2), (0, 3)], [true, true, false, false], [0, 0]);
        Assert.True(layout.Y[0] < layout.Y[1]);
        Assert.True(layout.Y[3] < layout.Y[2], "the user of a should move above the user of b");
    }

    [Fact]
    public void A_constant_sits_one_layer_before_its_user_and_long_edges_bend_around_nodes()
    {
        // x -> u1 -> u2 -> u3, a constant feeding u3, and x feeding u3 directly (a long edge).
        var layout = new LayeredLayout([10, 10, 10, 10, 10], [10, 10, 10, 10, 10],
            [(0, 1), (1, 2), (2, 3), (4, 3), (0, 3)], [true, false, false, false, false], [0, 0, 0, 0, 0]);
        Assert.Equal(layout.X[2], layout.X[4]);
        Assert.Equal(6, layout.Routes[4].Length); // source, two points per crossed column (2 columns), target
    }

    [Fact]
    public void The_dot_balances_braces_declares_every_edge_end_and_escapes_quotes()
    {
        string dot = Tangled().ToDot();
        string unquoted = QuotedString().Replace(dot, "\"\"");
        Assert.Equal(unquoted.Count(ch => ch == '{'), unquoted.Count(ch => ch == '}'));
        Assert.StartsWith("digraph", dot);
        var declared = NodeStatement().Matches(unquoted).Select(m => m.Groups[1].Value).ToHashSet();
        var edges = EdgeStatement().Matches(unquoted).ToList();
        Assert.Equal(Tangled().Nodes.Count, declared.Count);
        Assert.Equal(Tangled().Edges.Count, edges.Count);
        Assert.All(edges, m => { Assert.Contains(m.Groups[1].Value, declared); Assert.Contains(m.Groups[2].Value, declared); });
        Assert.Contains("subgraph cluster_1", dot);
        Assert.Contains("\\\"quoted\\\"", dot);
    }

    [Fact]
    public void A_picture_over_the_cap_is_cut_to_the_nodes_nearest_the_output_and_says_so()
    {
        // A chain with skip edges and a node the output does not use (it must neither stay nor make a cycle).
        var p = new Picture("chain");
        int last = p.AddNode(new("x", PictureRole.Input));
        for (int k = 1; k <= 500; k++)
        {
            int id = p.AddNode(new($"U{k}", k == 500 ? PictureRole.Output : PictureRole.Forward));
            p.AddEdge(new(last, id));
            if (k > 3) p.AddEdge(new(id - 3, id));
            last = id;
        }
        int unused = p.AddNode(new("unused", PictureRole.Forward));
        p.AddEdge(new(250, unused));
        XDocument svg = XDocument.Parse(p.ToSvg(maxNodes: 40));
        var labels = svg.Descendants(Svg + "g").Where(g => (string?)g.Attribute("class") == "node")
            .Select(g => g.Element(Svg + "text")!.Value).ToList();
        Assert.Equal(40, labels.Count);
        Assert.Contains("462 more nodes (inputs and earlier steps)", labels);
        Assert.Contains("U500", labels);
        Assert.DoesNotContain("unused", labels);
        Assert.Contains(svg.Descendants(Svg + "text"), t => t.Value.Contains("502 nodes are more than a picture shows") && t.Value.Contains("1 the output does not depend on"));
    }

    [Fact]
    public void A_picture_over_the_cap_with_loops_draws_each_loop_as_one_box()
    {
        var p = new Picture("loops");
        int x = p.AddNode(new("x", PictureRole.Input));
        int loop = p.AddCluster(new("sum over i < 400"));
        int sum = x;
        for (int k = 0; k < 400; k++) { int id = p.AddNode(new($"U{k}", PictureRole.Forward, Cluster: loop)); p.AddEdge(new(sum, id)); sum = id; }
        int y = p.AddNode(new("y", PictureRole.Output));
        p.AddEdge(new(sum, y));
        XDocument svg = XDocument.Parse(p.ToSvg());
        var nodes = svg.Descendants(Svg + "g").Where(g => (string?)g.Attribute("class") == "node").ToList();
        Assert.Equal(3, nodes.Count);
        Assert.Equal("loop", (string?)nodes[1].Attribute("data-role"));
        Assert.Equal("sum over i < 400 (400 nodes)", nodes[1].Element(Svg + "text")!.Value);
        Assert.Contains(svg.Descendants(Svg + "text"), t => t.Value.Contains("each loop is drawn as one box"));
        Assert.Equal(2, Regex.Matches(p.ToDot(), "->").Count);
    }

    [Fact]
    public void Control_characters_and_markup_in_labels_are_escaped()
    {
        var p = new Picture("t\u0001itle");
        p.AddNode(new("a < b && c > \"d\" 'e'", PictureRole.Input));
        XDocument svg = XDocument.Parse(p.ToSvg());
        Assert.Equal("a < b && c > \"d\" 'e'", svg.Descendants(Svg + "g").Single(g => (string?)g.Attribute("class") == "node").Element(Svg + "text")!.Value);
        Assert.Equal("t itle", svg.Root!.Element(Svg + "title")!.Value);
    }

    [GeneratedRegex("\"(?:[^\"\\\\]|\\\\.)*\"")]
    private static partial Regex QuotedString();

    [GeneratedRegex(@"^\s*(n\d+) \[", RegexOptions.Multiline)]
    private static partial Regex NodeStatement();

    [GeneratedRegex(@"^\s*(n\d+) -> (n\d+)", RegexOptions.Multiline)]
    private static partial Regex EdgeStatement();
}
