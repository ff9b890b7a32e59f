using ExprGrad.Ops;
using ExprGrad.Tracer;

namespace ExprGrad.Compiler;

/// <summary>
/// Per node of a graph, the node holding its derivative accumulated so far (its adjoint in the reverse
/// transform, its tangent in the tangent transform), or a structural zero: no derivative flows into the node,
/// so it gets no node and no <c>+ 0</c> work (JAX's <c>Zero</c>, ChainRules' <c>ZeroTangent</c>).
/// </summary>
internal sealed class Derivatives
{
    private const int StructuralZero = Node.None;
    private readonly int[] node;

    /// <summary>Structural zeros for nodes 0..<paramref name="count"/>-1.</summary>
    public Derivatives(int count)
    {
        node = new int[count];
        Array.Fill(node, StructuralZero);
    }

    /// <summary>True when no derivative flows into node <paramref name="k"/>.</summary>
    public bool IsZero(int k) => node[k] == StructuralZero;

    /// <summary>The node holding node <paramref name="k"/>'s derivative (not a structural zero).</summary>
    public int this[int k] => IsZero(k) ? throw new InvalidOperationException($"Node {k}'s derivative is a structural zero.") : node[k];

    /// <summary>Adds node <paramref name="contribution"/> of <paramref name="g"/> to node <paramref name="k"/>'s derivative.</summary>
    /// <remarks>
    /// A sum with a term <c>-1 * v</c> (a subtraction's partial) becomes a subtraction of <c>v</c>: one operation instead of
    /// two (the product is then dead), and the same bits, since negation is exact: <c>a + (-1 * v) == a - v</c> and
    /// <c>(-1 * u) + c == c - u</c> for every double, signed zeros, infinities and NaN included.
    /// </remarks>
    public void Accumulate(Graph g, int k, int contribution)
    {
        if (IsZero(k))
        {
            node[k] = contribution;
            return;
        }
        int sum = node[k];
        int negatedTerm = NegatedOperand(g, contribution), negatedSum = NegatedOperand(g, sum);
        node[k] = negatedTerm != Node.None && negatedSum == Node.None ? g.Add(OpTable.Sub, sum, negatedTerm)
            : negatedSum != Node.None && negatedTerm == Node.None ? g.Add(OpTable.Sub, contribution, negatedSum)
            : g.Add(OpTable.Add, sum, contribution);
    }

    /// <summary>v when node <paramref name="id"/> is <c>-1 * v</c> or <c>v * -1</c>, else <see cref="Node.None"/>.</summary>
    private static int NegatedOperand(Graph g, int id)
    {
        Node n = g[id];
        if (n.Kind != NodeKind.Operation || n.Op != OpTable.Mul) return Node.None;
        if (IsMinusOne(g, n.Operand(0))) return n.Operand(1);
        return IsMinusOne(g, n.Operand(1)) ? n.Operand(0) : Node.None;
    }

    private static bool IsMinusOne(Graph g, int id) => g.IsConstant(id) && g[id].ConstantValue == -1;
}
