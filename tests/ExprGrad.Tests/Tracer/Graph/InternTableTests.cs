using ExprGrad.Ops;
using ExprGrad.Tracer;
using TracedGraph = ExprGrad.Tracer.Graph;

namespace ExprGrad.Tests.Tracer.Graph;

/// <summary>Hash-consing (the graph's <see cref="InternTable"/>): an equal node is found again, across the table's growth.</summary>
public class InternTableTests
{
    [Fact]
    public void Equal_nodes_are_one_node_after_the_table_grew_many_times()
    {
        var g = new TracedGraph(2);
        var ids = new List<int>();
        int v = 0;
        for (int k = 0; k < 20_000; k++)
        {
            v = g.Add(k % 2 == 0 ? OpTable.Mul : OpTable.Add, v, g.Constant(k));
            ids.Add(v);
        }
        int count = g.Count;
        // Rebuilding the same chain finds every node: same ids, no new node. Commutative operands come in either order.
        v = 0;
        for (int k = 0; k < 20_000; k++)
        {
            int c = g.Constant(k);
            v = k % 3 == 0 ? g.Add(k % 2 == 0 ? OpTable.Mul : OpTable.Add, c, v) : g.Add(k % 2 == 0 ? OpTable.Mul : OpTable.Add, v, c);
            Assert.Equal(ids[k], v);
        }
        Assert.Equal(count, g.Count);
        Assert.NotEqual(g.Add(OpTable.Sub, 0, 1), g.Add(OpTable.Sub, 1, 0)); // not commutative: two nodes
    }
}
