using ExprGrad.Tracer;

namespace ExprGrad.Compiler;

// Discovery: the first two terms walked in lockstep, a position per reference node (see TermMatcher.cs).
internal sealed partial class TermMatcher
{
    // Discovery: a depth-first walk pairing reference nodes with the next term's nodes; a position per reference node.
    private bool Discover(int reference, int next)
    {
        var stack = new Stack<(int Reference, int Node, double Identity)>();
        stack.Push((reference, next, 0));
        while (stack.TryPop(out var pair))
        {
            var (r, m, identity) = pair;
            if (positionOf.TryGetValue(r, out int known))
            {
                if (positions[known].FirstMatch != m || (m == Folded && positions[known].Values![0] != identity)) return false;
                continue;
            }
            if (chainOf[r] == Chain || (m >= 0 && chainOf[m] == Chain)) return false; // a term reads the running sum
            positionOf[r] = positions.Count;
            Position position = m == Folded
                ? (g[r].Kind == NodeKind.Constant ? new Position(PositionKind.Table, r, m) { Values = [g[r].ConstantValue] } : Position.Mismatch)
                : Classify(r, m);
            if (position.Kind == PositionKind.Mismatch && Unfolded(r, m) is { } unfolded)
            {
                position = new Position(PositionKind.Operation, r, m);
                stack.Push((unfolded.Constant, Folded, unfolded.Identity));
                stack.Push((unfolded.Other, m, 0));
                positions.Add(position);
                continue;
            }
            if (position.Kind == PositionKind.Mismatch) return false;
            positions.Add(position);
            if (position.Kind is PositionKind.Operation or PositionKind.Loop)
                foreach (var (childRef, childNode) in Children(r, m)) stack.Push((childRef, childNode, 0));
        }
        return true;
    }

    /// <summary>Stands for a constant operand that graph building folded away in this term (see <see cref="Unfolded"/>).</summary>
    private const int Folded = -2;

    /// <summary>
    /// Graph building drops an op applied to its identity (<c>x * 1</c>, <c>x + -0.0</c>, <c>x - 0</c>, <c>x / 1</c>: the
    /// result is x, bit for bit), so a term whose table constant is 1 lacks the multiplication. When reference node
    /// <paramref name="r"/> is such an op with a constant operand and <paramref name="m"/> is not the same op, this
    /// pairs the other operand with <paramref name="m"/> and the constant with the identity: the loop computes
    /// <c>x * 1</c> there, which is x.
    /// </summary>
    private (int Other, int Constant, double Identity)? Unfolded(int r, int m)
    {
        Node a = g[r];
        if (a.Kind != NodeKind.Operation || a.Op.Arity != 2 || m < 0 || (g[m].Kind == NodeKind.Operation && ReferenceEquals(g[m].Op, a.Op)))
            return null;
        for (int slot = 0; slot < 2; slot++)
        {
            int constant = a.Operand(slot), other = a.Operand(1 - slot);
            if (g[constant].Kind != NodeKind.Constant || g[other].Kind == NodeKind.Constant) continue;
            foreach (double identity in Identities)
            {
                int? kept = slot == 0 ? a.Op.IdentityInput(identity, null, a.Parameter) : a.Op.IdentityInput(null, identity, a.Parameter);
                if (kept == 1 - slot) return (other, constant, identity);
            }
        }
        return null;
    }

    private static readonly double[] Identities = [1.0, -0.0, 0.0];

    private Position Classify(int r, int m)
    {
        if (r == m) return new Position(PositionKind.Invariant, r, m);
        Node a = g[r], b = g[m];
        if (entries.EntryOf(r) is { } ra)
        {
            if (entries.EntryOf(m) is not { } rb || rb.Vector != ra.Vector) return Position.Mismatch;
            return new Position(PositionKind.Entry, r, m) { Vector = ra.Vector, Scale = rb.Index - ra.Index, Offset = ra.Index };
        }
        if (a.Kind == NodeKind.Constant)
            return b.Kind == NodeKind.Constant ? new Position(PositionKind.Table, r, m) { Values = [a.ConstantValue] } : Position.Mismatch;
        if (a.Kind == NodeKind.Loop)
            return b.Kind == NodeKind.Loop && LoopShape.Equivalent(g.LoopOf(r), g.LoopOf(m)) ? new Position(PositionKind.Loop, r, m) : Position.Mismatch;
        if (a.Kind != NodeKind.Operation) return Position.Mismatch; // leaves of enclosing loops, extracts
        return SameOperation(a, b) ? new Position(PositionKind.Operation, r, m) : Position.Mismatch;
    }

    /// <summary>The same op with the same parameter, bit for bit.</summary>
    private static bool SameOperation(Node a, Node b)
        => b.Kind == NodeKind.Operation && ReferenceEquals(a.Op, b.Op)
            && BitConverter.DoubleToInt64Bits(a.Parameter) == BitConverter.DoubleToInt64Bits(b.Parameter);

    /// <summary>The (reference child, term child) pairs of an operation or loop matched to <paramref name="m"/>.</summary>
    private IEnumerable<(int, int)> Children(int r, int m)
    {
        Node a = g[r], b = g[m];
        if (a.Kind == NodeKind.Loop)
        {
            int[] ra = g.LoopOf(r).Captures, rb = g.LoopOf(m).Captures;
            for (int j = 0; j < ra.Length; j++) yield return (ra[j], rb[j]);
            yield break;
        }
        int arity = a.Op.Arity;
        if (arity >= 2 && a.Op.IsCommutative && Swapped(a.Operand(0), a.Operand(1), b.Operand(0), b.Operand(1)))
        {
            yield return (a.Operand(0), b.Operand(1));
            yield return (a.Operand(1), b.Operand(0));
        }
        else
            for (int i = 0; i < Math.Min(arity, 2); i++) yield return (a.Operand(i), b.Operand(i));
        if (arity >= 3) yield return (a.Operand(2), b.Operand(2));
    }

    /// <summary>Whether a commutative op's operands are paired crosswise: by shape, then by identity, then by an earlier pairing, else straight.</summary>
    private bool Swapped(int r1, int r2, int m1, int m2)
    {
        if (shapes[r1] != shapes[r2])
            return shapes[m1] != shapes[r1] && shapes[m1] == shapes[r2];
        // A value computed before the loop stays itself in every term; an entry read in two terms is no such hint
        // (x[i + 1] of one term is x[i] of the next): entries keep the order of their indices.
        if (entries.EntryOf(r1) is null && entries.EntryOf(r2) is null)
        {
            if (r1 == m1 || r2 == m2) return false;
            if (r1 == m2 || r2 == m1) return true;
        }
        // Already paired in this walk (the operand is shared with another part of the term).
        if (PairedWith(r1) is int c1 && c1 != Node.None) return c1 == m2;
        if (PairedWith(r2) is int c2 && c2 != Node.None) return c2 == m1;
        return false;
    }

    /// <summary>The node reference node <paramref name="r"/> is paired with in the current walk, or none yet.</summary>
    private int PairedWith(int r)
    {
        if (!positionOf.TryGetValue(r, out int p)) return Node.None;
        if (discovering) return positions[p].FirstMatch;
        return stamp[p] == iterationStamp ? mapped[p] : Node.None;
    }
}
