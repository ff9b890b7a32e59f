using ExprGrad.Ops;

namespace ExprGrad.Tracer;

/// <summary>
/// The graph as a path trace: the structure of a symbolic trace (sums stay loops, the same nodes), with the values of one
/// point (inputs and data) known at every top-level node, so traced code may branch; each branch decided is kept as a
/// <see cref="Decision"/>, the guard under which the path is valid.
/// </summary>
internal sealed partial class Graph
{
    private readonly PathState? path;

    /// <summary>A path trace at inputs <paramref name="x"/> and data <paramref name="data"/>.</summary>
    public static Graph AtPoint(ReadOnlySpan<double> x, ReadOnlySpan<double> data)
        => new(x.Length, x.ToArray(), new PathState(x.ToArray(), data.ToArray()));

    /// <summary>True once traced code branched on a value of this symbolic graph (<see cref="BranchMet"/>).</summary>
    public bool MetBranch { get; private set; }

    /// <inheritdoc/>
    public override InvalidOperationException BranchMet(string comparison)
    {
        MetBranch = true;
        return base.BranchMet(comparison);
    }

    /// <summary>The decisions of a path trace, in the order they were first made (none for other graphs).</summary>
    public IReadOnlyList<Decision> Decisions => path?.Decisions ?? [];

    /// <summary>A path trace keeps the decision as a guard (a decision on constants alone needs none).</summary>
    public override void Decided(Op comparison, in Scalar left, in Scalar right, bool holds)
    {
        if (path is null) return; // an eager graph (Grad.Derivative) is recorded anew at every point: its branches need no guard
        int node = Add(comparison, IdOf(left), IdOf(right));
        if (!IsConstant(node) && path.Decided.Add(node)) path.Decisions.Add(new Decision(node, holds));
    }

    /// <summary>
    /// True when <paramref name="other"/> has the same nodes, loops and loop bodies: two traces of a deterministic function at
    /// one point are the same graph.
    /// </summary>
    public bool SameStructureAs(Graph other)
    {
        if (Tables.Count != other.Tables.Count || Tables.Where((t, k) => !t.SequenceEqual(other.Tables[k])).Any()) return false;
        var pending = new Stack<(Graph, Graph)>();
        pending.Push((this, other));
        while (pending.TryPop(out var pair))
        {
            var (a, b) = pair;
            if (a.Count != b.Count || a.loops.Count != b.loops.Count || !a.nodes.SequenceEqual(b.nodes)) return false;
            for (int l = 0; l < a.loops.Count; l++)
            {
                Loop la = a.loops[l], lb = b.loops[l];
                if (la.Count != lb.Count || !la.Captures.SequenceEqual(lb.Captures) || !la.Accumulate.SequenceEqual(lb.Accumulate)) return false;
                pending.Push((la.Body, lb.Body));
            }
        }
        return true;
    }

    /// <summary>What a path trace knows besides the graph: the point and the decisions made.</summary>
    private sealed class PathState(double[] inputs, double[] data)
    {
        public double[] Inputs { get; } = inputs;
        public double[] Data { get; } = data;
        public List<Decision> Decisions { get; } = [];
        public HashSet<int> Decided { get; } = [];
    }
}

/// <summary>A branch taken while tracing a path: comparison node <see cref="Node"/> (a 0/1 indicator) was nonzero or not.</summary>
internal readonly record struct Decision(int Node, bool Holds);
