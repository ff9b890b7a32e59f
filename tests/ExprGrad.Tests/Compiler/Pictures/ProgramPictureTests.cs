using System.Diagnostics;
using System.Text.RegularExpressions;
using System.Xml.Linq;
using ExprGrad.Compiler;
using ExprGrad.Pictures;
using ExprGrad.Tracer;
using static ExprGrad.Scalar;

namespace ExprGrad.Tests.Pictures;

/// <summary>
/// Issue 16 §3: <see cref="CompiledGradient.ToDot"/> draws the fused forward-plus-reverse program (forward and adjoint
/// nodes told apart, loops as boxes with their bodies, capped past 300 nodes) and <see cref="CompiledGradient.ToCSharpSummary"/>
/// describes generated code of any size in numbers without writing all of it.
/// </summary>
public partial class ProgramPictureTests
{
    private static Picture PictureOf(Func<Vec, Scalar> f, int dimension)
    {
        Traced traced = FunctionTracer.Trace(f, dimension);
        return ReverseTransform.Apply(traced.Graph, traced.Output, strongZero: false).Picture(traced.Graph.Count);
    }

    [Fact]
    public void The_relu_layer_shows_forward_nodes_adjoint_nodes_and_the_outputs()
    {
        Picture p = PictureOf(x => Relu(x[0] * x[1] + x[2]), 3);
        string[] labels = [.. p.Nodes.Select(n => n.Label)];
        Assert.Contains("v3 = x0 * x1", labels);
        Assert.Contains(p.Nodes, n => n.Role == PictureRole.Output && n.Label.EndsWith("→ value", StringComparison.Ordinal));
        Assert.Contains(p.Nodes, n => n.Role == PictureRole.Adjoint && n.Label.Contains("→ gradient[2]", StringComparison.Ordinal));
        Assert.Equal(3, p.Nodes.Count(n => n.Role == PictureRole.Input));
        Assert.All(p.Nodes.Where(n => n.Role == PictureRole.Adjoint), n => Assert.Matches(@"^(v\d+_bar|x\d_bar|v\d+) = ", n.Label));
        // Every edge joins drawn nodes in topological order (the program is SSA).
        Assert.All(p.Edges, e => Assert.True(e.From < e.To || p.Nodes[e.To].Role == PictureRole.Loop, $"{p.Nodes[e.From].Label} -> {p.Nodes[e.To].Label}"));
        Assert.NotNull(XDocument.Parse(p.ToSvg()));
    }

    [Fact]
    public void A_sum_is_a_box_with_its_body_and_its_adjoint_loop_a_box_of_its_own()
    {
        Picture p = PictureOf(x => Sum(x.Length - 1, i => 100 * Square(x[i + 1] - Square(x[i])) + Square(1 - x[i])), 6);
        Assert.Equal(2, p.Clusters.Count);
        Assert.Contains(p.Clusters, c => Regex.IsMatch(c.Label, @"^v\d+: sum over i < 5$"));
        Assert.Contains(p.Clusters, c => c.Label.Contains("adjoint sum over i < 5", StringComparison.Ordinal) && c.Label.Contains("scatters into the gradient", StringComparison.Ordinal));
        int forward = p.Clusters.ToList().FindIndex(c => !c.Label.Contains("adjoint", StringComparison.Ordinal));
        int adjoint = 1 - forward;
        Assert.Contains(p.Nodes, n => n.Cluster == forward && n.Label == "x[i + 1]");
        Assert.All(p.Nodes.Where(n => n.Cluster == forward && n.Role != PictureRole.Input), n => Assert.Equal(PictureRole.Forward, n.Role));
        Assert.Contains(p.Nodes, n => n.Cluster == adjoint && n.Role == PictureRole.Adjoint);
        Assert.Contains(p.Nodes, n => n.Cluster == adjoint && n.Role == PictureRole.Forward); // recomputed forward values
        Assert.Contains(p.Nodes, n => n.Cluster == -1 && n.Role == PictureRole.Loop && n.Label.EndsWith(" = Σ", StringComparison.Ordinal));
        Assert.NotNull(XDocument.Parse(p.ToSvg()));
    }

    [Fact]
    public void Captured_values_are_edges_from_the_outer_nodes_into_the_body()
    {
        Picture p = PictureOf(x => Sum(3, i => Exp(x[0]) * x[i]), 3);
        int exp = p.Nodes.ToList().FindIndex(n => n.Cluster == -1 && n.Label.Contains("exp(x0)", StringComparison.Ordinal));
        Assert.True(exp >= 0, string.Join("\n", p.Nodes.Select(n => n.Label)));
        Assert.Contains(p.Edges, e => e.From == exp && p.Nodes[e.To].Cluster >= 0);
        string v = p.Nodes[exp].Label.Split(' ')[0];
        Assert.Contains(p.Nodes, n => n.Cluster >= 0 && (n.Label.EndsWith($"= {v} * x[i]", StringComparison.Ordinal) || n.Label.EndsWith($"= x[i] * {v}", StringComparison.Ordinal)));
    }

    [Fact]
    public void A_plain_loop_recovered_as_a_loop_is_drawn_as_one_starting_from_the_value_before_it()
    {
        static Scalar F(Vec x)
        {
            Scalar s = Exp(x[0]);
            for (int i = 0; i < x.Length; i++) s += Square(x[i]) * 2;
            return s;
        }
        string dot = Grad.Compile(F, 20).ToDot();
        Assert.Contains("subgraph cluster_", dot);
        Assert.Matches(@"label=""v\d+ = v\d+ \+ Σ""", dot);
        Assert.DoesNotContain("subgraph cluster_", Grad.Compile(F, 20, new GradOptions { RecoverLoops = false }).ToDot());
    }

    [Fact]
    public void Custom_ops_and_black_box_partials_are_labelled_by_name()
    {
        var pair = CustomOp.Function("pair", 2, x => x[0] * x[1], (x, g) => { g[0] = x[1]; g[1] = x[0]; });
        var cube = CustomOp.Unary("cube", t => t * t * t, t => 3 * t * t);
        string[] labels = [.. PictureOf(x => pair(Vec.Of(cube(x[0]), x[1])), 2).Nodes.Select(n => n.Label)];
        Assert.Contains(labels, l => Regex.IsMatch(l, @"^v\d+ = cube\(x0\)$"));
        Assert.Contains(labels, l => Regex.IsMatch(l, @"= pair\(v\d+, x1\)"));
        Assert.Contains(labels, l => Regex.IsMatch(l, @"= dpair/dx1\(v\d+, x1\)"));
    }

    [Fact]
    public void The_public_dot_is_capped_past_300_nodes_and_says_so()
    {
        CompiledGradient small = Grad.Compile(x => Relu(x[0] * x[1] + x[2]), 3);
        string dot = small.ToDot();
        Assert.StartsWith("digraph", dot);
        Assert.DoesNotContain("more than a picture shows", dot);
        CompiledGradient large = Grad.Compile(x => { Scalar s = x[0]; for (int i = 0; i < 200; i++) s = Sin(s) * x[1] + x[i % 3]; return s; }, 3);
        string capped = large.ToDot();
        Assert.Contains("more than a picture shows", capped);
        Assert.InRange(NodeStatement().Matches(QuotedString().Replace(capped, "\"\"")).Count, 10, 300);
        string looped = Grad.Compile(x => Sum(x.Length - 1, i => Square(x[i + 1] - Square(x[i]))), 6).ToDot();
        Assert.Contains("subgraph cluster_", looped);
    }

    [Fact]
    public void The_summary_counts_statements_per_unit_and_loop_and_shows_the_first_lines()
    {
        CompiledGradient kernel = Grad.Compile(x => Sum(x.Length - 1, i => Square(x[i + 1] - Square(x[i]))) + Exp(x[0]), 6);
        string summary = kernel.ToCSharpSummary(lines: 5);
        Assert.StartsWith($"{kernel.StatementCount} statements for 6 inputs: one kernel over the caller's spans", summary);
        Assert.Matches(@"loop v\d+: forward and adjoint sum over i < 5, \d+ statements per iteration, inline", summary);
        Assert.Contains("First 5 of", summary);
        Assert.Equal(kernel.ToCSharpString().Split('\n').Take(5), summary.Split('\n').SkipWhile(l => !l.StartsWith("First", StringComparison.Ordinal)).Skip(1).Take(5));

        CompiledGradient units = Grad.Compile(x => Sum(x.Length - 1, i => Square(x[i + 1] - Square(x[i]))) * Exp(x[0]) + Log(x[1] * x[1] + 1), 6,
            new GradOptions { UnitSize = 3 });
        string text = units.ToCSharpSummary(0);
        var counts = Regex.Matches(text, @"^  unit \d+: (\d+) statements$", RegexOptions.Multiline).Select(m => int.Parse(m.Groups[1].Value)).ToList();
        Assert.True(counts.Count > 1, text);
        Assert.Equal(units.StatementCount, counts.Sum());
        Assert.Contains("First 0 of", text);
    }

    [Fact]
    public void The_summary_of_a_large_program_is_short_and_fast()
    {
        CompiledGradient g = Grad.Compile(x => { Scalar s = x[0]; for (int i = 0; i < 3_000; i++) s = Sin(s) * x[1] + x[i % 3]; return s; }, 3);
        var clock = Stopwatch.StartNew();
        string summary = g.ToCSharpSummary();
        clock.Stop();
        int units = Regex.Matches(summary, @"^  unit \d+:", RegexOptions.Multiline).Count;
        Assert.True(units > 1, summary);
        Assert.True(summary.Length < 8_000 + 200 * units, $"{summary.Length} characters");
        Assert.True(summary.Length * 10 < g.ToCSharpString().Length);
        Assert.True(clock.ElapsedMilliseconds < 2_000, $"{clock.ElapsedMilliseconds} ms");
        Assert.Throws<ArgumentOutOfRangeException>(() => g.ToCSharpSummary(-1));
    }

    [GeneratedRegex("\"(?:[^\"\\\\]|\\\\.)*\"")]
    private static partial Regex QuotedString();

    [GeneratedRegex(@"^\s*(n\d+) \[", RegexOptions.Multiline)]
    private static partial Regex NodeStatement();
}
