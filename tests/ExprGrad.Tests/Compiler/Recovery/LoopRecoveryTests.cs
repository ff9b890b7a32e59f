using ExprGrad.Compiler;
using ExprGrad.Tracer;
using Xunit.Abstractions;
using static ExprGrad.Scalar;

namespace ExprGrad.Tests.Compiler.Recovery;

public class LoopRecoveryTests(ITestOutputHelper output)
{
    private static Traced Trace(Func<Vec, Scalar> f, int n) => FunctionTracer.Trace(f, n);

    private static int Loops(Graph g)
    {
        int count = 0;
        var stack = new Stack<Graph>([g]);
        while (stack.TryPop(out var graph)) foreach (var loop in graph.Loops) { count++; stack.Push(loop.Body); }
        return count;
    }

    private static string Describe(Graph g, string indent = "")
    {
        var text = new System.Text.StringBuilder();
        for (int k = 0; k < g.Count; k++)
        {
            Node n = g[k];
            text.AppendLine($"{indent}v{k} = {n}");
            if (n.Kind == NodeKind.Loop)
            {
                var loop = g.LoopOf(k);
                text.AppendLine($"{indent}  loop x{loop.Count} captures [{string.Join(", ", loop.Captures)}] init {loop.Initial} acc [{string.Join(", ", loop.Accumulate)}]");
                text.Append(Describe(loop.Body, indent + "    "));
            }
        }
        return text.ToString();
    }

    private static Scalar RosenbrockPlain(Vec x)
    {
        Scalar s = 0;
        for (int i = 0; i < x.Length - 1; i++) s += 100 * Square(x[i + 1] - Square(x[i])) + Square(1 - x[i]);
        return s;
    }

    [Fact]
    public void Rosenbrock_plain_loop_becomes_one_loop_with_the_same_value()
    {
        const int n = 100;
        Traced traced = Trace(RosenbrockPlain, n);
        Traced recovered = LoopRecovery.Apply(traced, 8);
        output.WriteLine(Describe(recovered.Graph));
        Assert.Equal(1, Loops(recovered.Graph));
        Assert.True(recovered.Graph.Count - n < 30, $"{recovered.Graph.Count} nodes");
        Assert.Equal(n - 1, recovered.Graph.Loops[0].Count);
        var x = Enumerable.Range(0, n).Select(i => Math.Sin(i) * 1.3).ToArray();
        Assert.Equal(GraphEvaluator.Evaluate(traced.Graph, traced.Output, x), GraphEvaluator.Evaluate(recovered.Graph, recovered.Output, x));
    }

    private void Check(Func<Vec, Scalar> f, int n, int loops, int maxNodes = int.MaxValue)
    {
        Traced traced = Trace(f, n);
        Traced recovered = LoopRecovery.Apply(traced, 8);
        output.WriteLine(Describe(recovered.Graph));
        Assert.Equal(loops, Loops(recovered.Graph));
        Assert.True(recovered.Graph.Count - n <= maxNodes, $"{recovered.Graph.Count - n} nodes");
        var random = new Random(1);
        for (int trial = 0; trial < 3; trial++)
        {
            var x = Enumerable.Range(0, n).Select(_ => random.NextDouble() * 2 - 1).ToArray();
            double expected = GraphEvaluator.Evaluate(traced.Graph, traced.Output, x);
            double actual = GraphEvaluator.Evaluate(recovered.Graph, recovered.Output, x);
            Assert.Equal(BitConverter.DoubleToInt64Bits(expected), BitConverter.DoubleToInt64Bits(actual));
        }
    }

    [Fact]
    public void Captured_arrays_become_a_table()
    {
        double[] t = [.. Enumerable.Range(0, 40).Select(i => 0.1 * i)], y = [.. t.Select(v => 2 * Math.Exp(-0.3 * v) + 0.01 * Math.Sin(7 * v))];
        Check(b => { Scalar s = 0; for (int i = 0; i < t.Length; i++) s += Square(b[0] * Exp(-b[1] * t[i]) - y[i]); return s; }, 2, loops: 1, maxNodes: 12);
    }

    [Fact]
    public void Mlp_recovers_samples_and_hidden_units_as_nested_loops()
    {
        Check(SmallMlp.Loss, SmallMlp.Dimension, loops: 2, maxNodes: 20);
    }

    [Fact]
    public void Subtraction_chain_and_strided_indices()
        => Check(x => { Scalar s = x[0]; for (int i = 0; i < 10; i++) s -= x[2 * i + 1] * Sin(x[2 * i]); return s; }, 21, loops: 1, maxNodes: 10);

    [Fact]
    public void A_term_that_differs_in_one_iteration_splits_the_loop()
        => Check(x =>
        {
            Scalar s = 0;
            for (int i = 0; i < 30; i++) s += i == 14 ? Cos(x[i]) : Sin(x[i]) * x[i + 1];
            return s;
        }, 31, loops: 2);

    [Fact]
    public void A_non_affine_index_stays_straight_line()
        => Check(x => { Scalar s = 0; for (int i = 0; i < 12; i++) s += Sin(x[i * i % 13]); return s; }, 13, loops: 0);

    [Fact]
    public void A_chain_used_midway_is_cut_there()
        => Check(x =>
        {
            Scalar s = 0, mid = 0;
            for (int i = 0; i < 24; i++) { s += Exp(x[i] * x[i + 1]); if (i == 11) mid = s; }
            return s * Tanh(mid);
        }, 25, loops: 2);

    [Fact]
    public void Values_computed_before_the_loop_are_captured()
        => Check(x =>
        {
            Scalar a = Tanh(x[0]), b = x[1] * x[2];
            Scalar s = 0;
            for (int i = 0; i < x.Length - 2; i++) s += a * Sin(x[i + 2] * b) + Square(x[i] - a);
            return s;
        }, 20, loops: 1, maxNodes: 25);
}
