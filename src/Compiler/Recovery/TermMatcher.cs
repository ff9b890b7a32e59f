using ExprGrad.Tracer;

namespace ExprGrad.Compiler;

/// <summary>
/// Decides, term by term, whether the terms of a reduction are one computation: it walks each term in lockstep
/// with the first (the reference) from the root down, and records a <see cref="TermTemplate"/>: which reference
/// nodes are the same node in every term (computed before the loop), which are leaves reading entries at an index
/// affine in the iteration, which are constants that differ (a table), and which are operations to repeat.
/// Exact structural matching: a term that differs anywhere ends the run; nothing is guessed.
/// </summary>
internal sealed class TermMatcher(Graph g, EntryResolver entries, ulong[] shapes, int[] chainOf)
{
    private readonly Dictionary<int, int> positionOf = [];
    private readonly List<Position> positions = [];
    private int[] mapped = [];
    private double[] folded = [];
    private int[] unfoldedAt = [];
    private int[] stamp = [];
    private int[][] kids = [];     // per position: the positions of its reference node's operands (or captures)
    private bool[] computedPair = []; // per position: neither operand of its reference node reads an entry
    private int iterationStamp;
    private int iteration;
    private bool discovering;

    private readonly int[] internalReads = new int[g.Count];
    private readonly int[] seenInRun = new int[g.Count];
    private readonly List<int> runNodes = [];
    private readonly HashSet<int> roots = [];
    private int runStamp;

    /// <summary>Starts a run with reference term <paramref name="reference"/> and checks the next term against it.</summary>
    public bool Begin(int reference, int next)
    {
        positionOf.Clear();
        positions.Clear();
        runStamp++;
        runNodes.Clear();
        roots.Clear();
        discovering = true;
        bool found = Discover(reference, next);
        discovering = false;
        if (!found) return false;
        mapped = new int[positions.Count];
        stamp = new int[positions.Count];
        folded = new double[positions.Count];
        unfoldedAt = new int[positions.Count];
        kids = new int[positions.Count][];
        computedPair = new bool[positions.Count];
        for (int p = 0; p < positions.Count; p++)
        {
            Position pos = positions[p];
            if (pos.Kind is not (PositionKind.Operation or PositionKind.Loop)) { kids[p] = []; continue; }
            NodeInputs inputs = g.InputsOf(pos.Reference);
            kids[p] = new int[inputs.Count];
            for (int j = 0; j < inputs.Count; j++) kids[p][j] = positionOf[inputs[j]];
            computedPair[p] = inputs.Count >= 2 && entries.EntryOf(inputs[0]) is null && entries.EntryOf(inputs[1]) is null;
        }
        // Iteration 0 is the reference itself, iteration 1 the term just discovered.
        iteration = 0;
        for (int p = 0; p < positions.Count; p++) mapped[p] = positions[p].Reference;
        Account(reference);
        iteration = 1;
        if (!Verify(next)) return false; // fills mapped for iteration 1 and the table values
        Account(next);
        return true;
    }

    /// <summary>Checks the next term (iteration <c>count so far</c>) against the template.</summary>
    public bool Next(int term)
    {
        iteration++;
        if (!Verify(term)) { iteration--; return false; }
        Account(term);
        return true;
    }

    /// <summary>Iterations matched so far.</summary>
    public int Iterations => iteration + 1;

    /// <summary>
    /// True when every operation the run's terms compute is read only by the run itself (by its terms or, for a term's
    /// root, by the chain): replacing the terms by a loop then removes them, rather than computing them twice.
    /// </summary>
    public bool OwnsItsNodes()
    {
        foreach (int m in runNodes)
            if (internalReads[m] + (roots.Contains(m) ? 1 : 0) != UsesOf(m)) return false;
        return true;
    }

    /// <summary>The operations of the run's terms (valid after a successful run; they all die when the loop replaces them).</summary>
    public IReadOnlyList<int> RunNodes => runNodes;

    /// <summary>How often each node is read (<see cref="GraphFacts.Uses"/>).</summary>
    public required int[] Uses { get; init; }

    /// <summary>The mark of the chain being matched in the chain marks.</summary>
    public int Chain { get; set; }

    private int UsesOf(int m) => Uses[m];

    /// <summary>The template of the run so far.</summary>
    public TermTemplate Template(int iterations)
    {
        var tables = new List<double[]>();
        foreach (Position p in positions) if (p.Kind == PositionKind.Table) tables.Add([.. p.Values!.Take(iterations)]);
        return new TermTemplate([.. positions.Select(p => p.Freeze(positionOf, g))], tables);
    }

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

    // Verification: the term at this iteration against the fixed template, in discovery order (parents first).
    private bool Verify(int term)
    {
        iterationStamp++;
        Set(0, term);
        for (int p = 0; p < positions.Count; p++)
        {
            Position pos = positions[p];
            if (stamp[p] != iterationStamp) return false; // unreachable: discovery order puts parents first
            int m = mapped[p];
            if (m == Folded)
            {
                if (pos.Kind != PositionKind.Table) return false;
                SetValue(pos, folded[p]);
                continue;
            }
            if (chainOf[m] == Chain && pos.Kind != PositionKind.Invariant) return false;
            switch (pos.Kind)
            {
                case PositionKind.Invariant:
                    if (m != pos.Reference) return false;
                    break;
                case PositionKind.Entry:
                    if (entries.EntryOf(m) is not { } e || e.Vector != pos.Vector || e.Index != (long)pos.Scale * iteration + pos.Offset) return false;
                    break;
                case PositionKind.Table:
                    if (g[m].Kind != NodeKind.Constant) return false;
                    SetValue(pos, g[m].ConstantValue);
                    break;
                case PositionKind.Loop:
                    if (g[m].Kind != NodeKind.Loop || !LoopShape.Equivalent(g.LoopOf(pos.Reference), g.LoopOf(m))) return false;
                    int[] captures = g.LoopOf(m).Captures;
                    for (int j = 0; j < captures.Length; j++) if (!Set(kids[p][j], captures[j])) return false;
                    break;
                case PositionKind.Operation:
                    if (!SameOperation(g[pos.Reference], g[m]))
                    {
                        if (Unfolded(pos.Reference, m) is not { } u || positions[positionOf[u.Constant]].Kind != PositionKind.Table) return false;
                        if (!Set(positionOf[u.Other], m) || !Set(positionOf[u.Constant], Folded)) return false;
                        folded[positionOf[u.Constant]] = u.Identity;
                        unfoldedAt[p] = iterationStamp; // no node of its own in this term
                        break;
                    }
                    if (!SetOperands(p, g[pos.Reference], g[m])) return false;
                    break;
            }
        }
        return true;
    }

    /// <summary>
    /// Pairs the operand positions of position <paramref name="p"/> with the operands of <paramref name="b"/>, crosswise
    /// when a commutative op's operands were ordered the other way (as <see cref="Children"/> pairs them in discovery).
    /// </summary>
    private bool SetOperands(int p, Node a, Node b)
    {
        int[] operands = kids[p];
        if (operands.Length >= 2 && a.Op.IsCommutative && SwappedAt(p, a, b.Operand(0), b.Operand(1)))
            return Set(operands[0], b.Operand(1)) && Set(operands[1], b.Operand(0)) && (operands.Length < 3 || Set(operands[2], b.Operand(2)));
        for (int j = 0; j < operands.Length; j++) if (!Set(operands[j], b.Operand(j))) return false;
        return true;
    }

    /// <summary><see cref="Swapped"/> during verification, from the positions' precomputed facts.</summary>
    private bool SwappedAt(int p, Node a, int m1, int m2)
    {
        int r1 = a.Operand(0), r2 = a.Operand(1);
        if (shapes[r1] != shapes[r2]) return shapes[m1] != shapes[r1] && shapes[m1] == shapes[r2];
        if (computedPair[p])
        {
            if (r1 == m1 || r2 == m2) return false;
            if (r1 == m2 || r2 == m1) return true;
        }
        int k1 = kids[p][0], k2 = kids[p][1];
        if (stamp[k1] == iterationStamp) return mapped[k1] == m2;
        if (stamp[k2] == iterationStamp) return mapped[k2] == m1;
        return false;
    }

    private void SetValue(Position pos, double value)
    {
        if (pos.Values!.Count == iteration) pos.Values.Add(value);
        else pos.Values[iteration] = value;
    }

    /// <summary>Pairs position <paramref name="p"/> with node <paramref name="m"/> in this iteration (false if it was paired with another).</summary>
    private bool Set(int p, int m)
    {
        if (stamp[p] == iterationStamp) return mapped[p] == m;
        stamp[p] = iterationStamp;
        mapped[p] = m;
        return true;
    }

    /// <summary>Counts, once per distinct operation of the run, the reads of operations it makes (see <see cref="OwnsItsNodes"/>).</summary>
    private void Account(int root)
    {
        roots.Add(root);
        fresh.Clear();
        for (int p = 0; p < positions.Count; p++)
        {
            if (positions[p].Kind is not (PositionKind.Operation or PositionKind.Loop)) continue;
            int m = mapped[p];
            if (m < 0 || (iteration > 0 && unfoldedAt[p] == iterationStamp)) continue;
            if (seenInRun[m] == runStamp) continue;
            seenInRun[m] = runStamp;
            internalReads[m] = 0;
            runNodes.Add(m);
            fresh.Add(m);
        }
        // A consumer seen in an earlier iteration was counted then; one reading an operation first seen now was not,
        // so that operation keeps fewer internal reads than uses and the run is refused: exact, on the safe side.
        foreach (int m in fresh)
            foreach (int child in g.InputsOf(m)) if (seenInRun[child] == runStamp) internalReads[child]++;
    }

    private readonly List<int> fresh = [];
}
