using ExprGrad.Tracer;

namespace ExprGrad.Compiler;

/// <summary>
/// Decides, term by term, whether the terms of a reduction are one computation: it walks each term in lockstep
/// with the first (the reference) from the root down, and records a <see cref="TermTemplate"/>: which reference
/// nodes are the same node in every term (computed before the loop), which are leaves reading entries at an index
/// affine in the iteration, which are constants that differ (a table), and which are operations to repeat.
/// Exact structural matching: a term that differs anywhere ends the run; nothing is guessed.
/// </summary>
internal sealed partial class TermMatcher(Graph g, EntryResolver entries, ulong[] shapes, int[] chainOf)
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
}
