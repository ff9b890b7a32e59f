using System.Runtime.CompilerServices;
using ExprGrad.Tracer;

namespace ExprGrad.Compiler;

// Verification: each further term against the fixed template, and the reads each run makes (see TermMatcher.cs).
internal sealed partial class TermMatcher
{
    // Verification: the term at this iteration against the fixed template, in discovery order (parents first).
    [MethodImpl(MethodImplOptions.AggressiveOptimization)] // see GraphFacts
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
    [MethodImpl(MethodImplOptions.AggressiveOptimization)] // see GraphFacts
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
