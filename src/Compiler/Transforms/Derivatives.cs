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
    public void Accumulate(Graph g, int k, int contribution)
        => node[k] = IsZero(k) ? contribution : g.Add(OpTable.Add, node[k], contribution);
}
