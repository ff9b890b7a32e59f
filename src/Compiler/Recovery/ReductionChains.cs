using System.Runtime.CompilerServices;
using ExprGrad.Ops;
using ExprGrad.Tracer;

namespace ExprGrad.Compiler;

/// <summary>
/// A reduction as plain C# leaves it in a trace: <c>c_k = c_(k-1) op t_k</c> for k = 1..L (op a <see cref="SumStep"/>:
/// <c>+</c>, or <c>-</c>), starting from <see cref="Init"/> = c_0. <see cref="Elements"/> are c_1..c_L in order,
/// <see cref="Terms"/> t_1..t_L. Every element but the last is read by the next one only, so the chain can be replaced
/// by a loop without changing what anything else reads.
/// </summary>
internal sealed record ReductionChain(Op Op, int Init, int[] Elements, int[] Terms)
{
    public int Head => Elements[^1];

    /// <summary>True for <c>s -= t</c> chains: the loop adds <c>-t</c>.</summary>
    public bool Subtracts => Op.SumStep == SumStep.SubtractsSecondOperand;
}

/// <summary>Finds the reduction chains of a graph in one pass over its nodes (topological order).</summary>
internal static class ReductionChains
{
    /// <summary>
    /// Every maximal chain of at least <paramref name="minLength"/> elements, the outermost first (by descending head):
    /// a chain whose terms contain other chains comes before them, so recovery can take it whole.
    /// </summary>
    /// <remarks>
    /// An add has two operands; the chain continues through the one that is itself a single-use add with the longer
    /// chain below it (ties: the older node, as <c>s += term</c> creates <c>s</c> before the term). A wrong choice
    /// at the start of a chain only costs the loop its first iterations: the term matcher checks every term exactly.
    /// </remarks>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)] // see GraphFacts
    public static List<ReductionChain> Find(Graph g, int[] uses, ulong[] shapes, int minLength)
    {
        int n = g.Count;
        var length = new int[n];
        var previous = new int[n];
        var continued = new bool[n];
        Array.Fill(previous, Node.None);
        for (int k = 0; k < n; k++)
        {
            Node node = g[k];
            if (node.Kind != NodeKind.Operation || node.Op.SumStep == SumStep.None) continue;
            int a = node.Operand(0), b = node.Operand(1);
            if (a == b) continue;
            int pick = Node.None;
            bool linkA = IsLink(g, a, node.Op, uses);
            if (node.Op.SumStep == SumStep.AddsEitherOperand)
            {
                bool linkB = IsLink(g, b, node.Op, uses);
                if (linkA && linkB) pick = length[a] > length[b] ? a : length[b] > length[a] ? b : Math.Min(a, b);
                else if (linkA) pick = a;
                else if (linkB) pick = b;
            }
            else if (linkA) pick = a;
            length[k] = pick == Node.None ? 1 : length[pick] + 1;
            previous[k] = pick;
            if (pick != Node.None) continued[pick] = true;
        }

        var chains = new List<ReductionChain>();
        for (int head = n - 1; head >= 0; head--)
        {
            if (length[head] < minLength || continued[head]) continue;
            int count = length[head];
            var elements = new int[count];
            var terms = new int[count];
            int at = head;
            for (int e = count - 1; e >= 0; e--, at = previous[at])
            {
                elements[e] = at;
                Node node = g[at];
                terms[e] = previous[at] == Node.None || node.Operand(0) == previous[at] ? node.Operand(1) : node.Operand(0);
            }
            // The first elements may be a term's own additions (`s = 0; s += a + b` continues through the term
            // a + b, since the constant 0 is no addition): drop elements shaped like the terms while what they add is not.
            ulong typical = shapes[terms[^1]];
            int drop = 0;
            while (count - drop > 2 && shapes[elements[drop]] == typical && shapes[terms[drop + 1]] != typical) drop++;
            if (drop > 0) { elements = elements[drop..]; terms = terms[drop..]; }
            if (elements.Length < minLength) continue;
            // The first element adds two values, the start and the first term: the term is the one shaped like the
            // others (`Scalar s = 0` makes its constant node only when first used, after the term).
            Node first = g[elements[0]];
            int init = first.Operand(0);
            terms[0] = first.Operand(1);
            if (first.Op.SumStep == SumStep.AddsEitherOperand && shapes[init] == typical && shapes[terms[0]] != typical)
                (init, terms[0]) = (terms[0], init);
            chains.Add(new ReductionChain(first.Op, init, elements, terms));
        }
        return chains;
    }

    private static bool IsLink(Graph g, int id, Op op, int[] uses)
        => g[id] is { Kind: NodeKind.Operation } node && ReferenceEquals(node.Op, op) && uses[id] == 1 && node.Operand(0) != node.Operand(1);
}
