using ExprGrad.Ops;
using ExprGrad.Tracer;

namespace ExprGrad.Compiler.Recovery;

/// <summary>
/// A reduction as plain C# leaves it in a trace: <c>c_k = c_(k-1) + t_k</c> (or <c>- t_k</c>) for k = 1..L, starting
/// from <see cref="Init"/> = c_0. <see cref="Elements"/> are c_1..c_L in order, <see cref="Terms"/> t_1..t_L. Every
/// element but the last is used by the next one only, so the chain can be replaced by a loop without changing
/// what anything else reads.
/// </summary>
internal sealed record ReductionChain(Op Op, int Init, int[] Elements, int[] Terms)
{
    public int Head => Elements[^1];
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
    public static List<ReductionChain> Find(Graph g, int[] uses, ulong[] shapes, int minLength)
    {
        int n = g.Count;
        var length = new int[n];
        var previous = new int[n];
        var continued = new bool[n];
        Array.Fill(previous, GraphFacts.None);
        for (int k = 0; k < n; k++)
        {
            Node node = g[k];
            int pick = GraphFacts.None;
            if (node.Op == OpTable.Add && node.A != node.B)
            {
                bool a = IsLink(g, node.A, OpTable.Add, uses), b = IsLink(g, node.B, OpTable.Add, uses);
                if (a && b) pick = length[node.A] > length[node.B] ? node.A : length[node.B] > length[node.A] ? node.B : Math.Min(node.A, node.B);
                else if (a) pick = node.A;
                else if (b) pick = node.B;
            }
            else if (node.Op == OpTable.Sub && node.A != node.B && IsLink(g, node.A, OpTable.Sub, uses)) pick = node.A;
            else if (node.Op != OpTable.Add && node.Op != OpTable.Sub) continue;
            if (node.A == node.B) continue;
            length[k] = pick == GraphFacts.None ? 1 : length[pick] + 1;
            previous[k] = pick;
            if (pick != GraphFacts.None) continued[pick] = true;
        }

        var chains = new List<ReductionChain>();
        for (int head = n - 1; head >= 0; head--)
        {
            if (length[head] < minLength || continued[head]) continue;
            int count = length[head];
            if (count < minLength) continue;
            var elements = new int[count];
            var terms = new int[count];
            int at = head;
            for (int e = count - 1; e >= 0; e--, at = previous[at])
            {
                elements[e] = at;
                Node node = g[at];
                int other = previous[at] == GraphFacts.None ? node.B : node.A == previous[at] ? node.B : node.A;
                terms[e] = other;
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
            int init = first.A;
            terms[0] = first.B;
            if (first.Op == OpTable.Add && shapes[first.A] == typical && shapes[first.B] != typical) (init, terms[0]) = (first.B, first.A);
            chains.Add(new ReductionChain(first.Op, init, elements, terms));
        }
        return chains;
    }

    private static bool IsLink(Graph g, int id, Op op, int[] uses) => g[id].Op == op && uses[id] == 1 && g[id].A != g[id].B;
}
