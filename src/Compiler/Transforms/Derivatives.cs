using ExprGrad.Ops;
using ExprGrad.Tracer;

namespace ExprGrad.Compiler;

/// <summary>
/// Per node of a graph, the node holding its derivative accumulated so far (its adjoint in the reverse
/// transform, its tangent in the tangent transform), or a structural zero: no derivative flows into the node,
/// so it gets no node and no <c>+ 0</c> work (JAX's <c>Zero</c>, ChainRules' <c>ZeroTangent</c>).
/// </summary>
/// <remarks>
/// A derivative is kept as a node and a sign, so that negations (a subtraction's partial <c>-1 * v</c>, and products
/// with one) cost nothing until someone reads the derivative: a term <c>u * (-1 * v)</c> is the negated term
/// <c>u * v</c>, and a sum of terms adds or subtracts their magnitudes: <c>a + (-1 * v)</c> is <c>a - v</c>,
/// <c>(-1 * u) + c</c> is <c>c - u</c> (the same bits for every double, since negation is exact), and two negated terms
/// make a negated sum, <c>(-a) + (-b) = -(a + b)</c> (the same number; the sign of a zero can differ when
/// <c>a = -b</c>, as it already does against the tape, which starts every adjoint at +0). Reading a negated
/// derivative builds <c>-1 * magnitude</c> once; code that adds it where it is used subtracts the magnitude instead
/// (<see cref="Scatters"/>).
/// </remarks>
internal sealed class Derivatives(Graph graph, int count)
{
    private const int StructuralZero = Node.None;
    private readonly int[] node = Filled(count);
    private readonly bool[] negated = new bool[count];

    private static int[] Filled(int count)
    {
        var nodes = new int[count];
        Array.Fill(nodes, StructuralZero);
        return nodes;
    }

    /// <summary>True when no derivative flows into node <paramref name="k"/>.</summary>
    public bool IsZero(int k) => node[k] == StructuralZero;

    /// <summary>The node holding node <paramref name="k"/>'s derivative (not a structural zero).</summary>
    public int this[int k]
    {
        get
        {
            if (IsZero(k)) throw new InvalidOperationException($"Node {k}'s derivative is a structural zero.");
            if (negated[k])
            {
                node[k] = graph.Add(OpTable.Mul, graph.Constant(-1.0), node[k]);
                negated[k] = false;
            }
            return node[k];
        }
    }

    /// <summary>Adds node <paramref name="contribution"/> to node <paramref name="k"/>'s derivative.</summary>
    public void Accumulate(int k, int contribution)
    {
        var (magnitude, minus) = Signed(graph, contribution);
        if (IsZero(k))
        {
            (node[k], negated[k]) = (magnitude, minus);
            return;
        }
        var (sum, sumMinus) = (node[k], negated[k]);
        if (!sumMinus)
        {
            (sum, sumMinus) = Signed(graph, sum);
        }
        (node[k], negated[k]) = sumMinus == minus ? (Twice(sum, magnitude) ?? graph.Add(OpTable.Add, sum, magnitude), minus)
            : sumMinus ? (graph.Add(OpTable.Sub, magnitude, sum), false)
            : (graph.Add(OpTable.Sub, sum, magnitude), false);
    }

    /// <summary>
    /// <c>u * c + u * c</c> for a constant c is <c>u * 2c</c>, one operation instead of two (a square's partial times a constant
    /// adjoint, <c>100 * t + 100 * t</c>): the same number, doubling being exact, unless <c>u * c</c> is subnormal (then the
    /// two round differently, by at most half the smallest subnormal). Null when the terms are not one such product.
    /// </summary>
    private int? Twice(int sum, int term)
    {
        if (sum != term || graph[sum] is not { Kind: NodeKind.Operation } n || n.Op != OpTable.Mul) return null;
        int a = n.Operand(0), b = n.Operand(1);
        if (graph.IsConstant(b)) return graph.Add(OpTable.Mul, a, graph.Constant(2 * graph[b].ConstantValue));
        if (graph.IsConstant(a)) return graph.Add(OpTable.Mul, graph.Constant(2 * graph[a].ConstantValue), b);
        return null;
    }

    /// <summary>
    /// Node <paramref name="id"/> as a magnitude and a sign: <c>-1 * v</c> is (v, minus), <c>u * (-1 * v)</c> is (u * v, minus),
    /// a product of two negations is the product of their operands; anything else is itself.
    /// </summary>
    public static (int Magnitude, bool Minus) Signed(Graph g, int id)
    {
        int negated = NegatedOperand(g, id);
        if (negated != Node.None) return (negated, true);
        Node n = g[id];
        if (n.Kind != NodeKind.Operation || n.Op != OpTable.Mul) return (id, false);
        int a = n.Operand(0), b = n.Operand(1);
        int na = NegatedOperand(g, a), nb = NegatedOperand(g, b);
        if (na == Node.None && nb == Node.None) return (id, false);
        return (g.Add(OpTable.Mul, na == Node.None ? a : na, nb == Node.None ? b : nb), (na == Node.None) != (nb == Node.None));
    }

    /// <summary>v when node <paramref name="id"/> is <c>-1 * v</c> or <c>v * -1</c>, else <see cref="Node.None"/>.</summary>
    public static int NegatedOperand(Graph g, int id)
    {
        Node n = g[id];
        if (n.Kind != NodeKind.Operation || n.Op != OpTable.Mul) return Node.None;
        if (IsMinusOne(g, n.Operand(0))) return n.Operand(1);
        return IsMinusOne(g, n.Operand(1)) ? n.Operand(0) : Node.None;
    }

    private static bool IsMinusOne(Graph g, int id) => g.IsConstant(id) && g[id].ConstantValue == -1;
}
