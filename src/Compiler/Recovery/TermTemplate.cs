using ExprGrad.Tracer;

namespace ExprGrad.Compiler;

/// <summary>What a reference node of a reduction's terms is across the iterations.</summary>
internal enum PositionKind
{
    /// <summary>The terms differ here: no template.</summary>
    Mismatch,

    /// <summary>The same node in every term: a value computed before the loop (or a constant).</summary>
    Invariant,

    /// <summary>An entry of the inputs or the data at <c>Scale * i + Offset</c>.</summary>
    Entry,

    /// <summary>A constant that differs between terms: read from a table by the iteration.</summary>
    Table,

    /// <summary>The same operation on matched operands.</summary>
    Operation,

    /// <summary>An equivalent loop (same body) on matched captures.</summary>
    Loop,
}

/// <summary>A reference node while its run is matched (<see cref="TermMatcher"/>).</summary>
internal sealed class Position(PositionKind kind, int reference, int firstMatch)
{
    public static readonly Position Mismatch = new(PositionKind.Mismatch, Node.None, Node.None);

    public PositionKind Kind { get; } = kind;

    /// <summary>The node of the reference term.</summary>
    public int Reference { get; } = reference;

    /// <summary>The node it was paired with in the second term (discovery).</summary>
    public int FirstMatch { get; } = firstMatch;

    public int Vector { get; init; }
    public int Scale { get; init; }
    public int Offset { get; init; }

    /// <summary>A table's value in each iteration so far.</summary>
    public List<double>? Values { get; init; }

    /// <summary>The position with its operands as positions.</summary>
    public TemplateNode Freeze(IReadOnlyDictionary<int, int> positionOf, Graph g)
    {
        int[] operands = [];
        if (Kind is PositionKind.Operation or PositionKind.Loop) operands = [.. g.InputsOf(Reference).Select(c => positionOf[c])];
        return new TemplateNode(Kind, Reference, operands, Vector, Scale, Offset);
    }
}

/// <summary>One node of a <see cref="TermTemplate"/>; <see cref="Operands"/> index the template's nodes.</summary>
internal sealed record TemplateNode(PositionKind Kind, int Reference, int[] Operands, int Vector, int Scale, int Offset);

/// <summary>
/// The computation every term of a run shares: <see cref="Nodes"/> in discovery order (node 0 is the term's root),
/// and the values of each <see cref="PositionKind.Table"/> node per iteration, in the order those nodes appear.
/// </summary>
internal sealed record TermTemplate(TemplateNode[] Nodes, List<double[]> Tables);

/// <summary>Structural equality of loops: same count and the same body, node for node (captures compared by position).</summary>
internal static class LoopShape
{
    public static bool Equivalent(Loop a, Loop b)
    {
        var pending = new Stack<(Loop, Loop)>();
        pending.Push((a, b));
        while (pending.TryPop(out var pair))
        {
            var (x, y) = pair;
            if (ReferenceEquals(x, y)) continue;
            if (x.Count != y.Count || x.Body.Count != y.Body.Count || x.Scatters.Length > 0 || y.Scatters.Length > 0
                || x.Effects.Length > 0 || y.Effects.Length > 0 || x.Captures.Length != y.Captures.Length
                || x.Initial != Node.None || y.Initial != Node.None || !x.Accumulate.AsSpan().SequenceEqual(y.Accumulate)) return false;
            for (int k = 0; k < x.Body.Count; k++)
            {
                Node p = x.Body[k], q = y.Body[k];
                if (!p.Equals(q)) return false;
                if (p.Kind == NodeKind.Loop) pending.Push((x.Body.LoopOf(k), y.Body.LoopOf(k)));
            }
        }
        return true;
    }
}
