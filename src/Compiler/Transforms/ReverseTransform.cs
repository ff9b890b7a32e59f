using ExprGrad.Ops;
using ExprGrad.Tracer;

namespace ExprGrad.Compiler;

/// <summary>
/// The backpropagation loop of the lecture, emitted instead of executed: from a forward graph and its
/// output, a new graph holding the forward nodes followed by the adjoint accumulations in reverse
/// topological order. <c>adjoint[input] += partial * adjoint[node]</c> becomes graph nodes built by the op
/// table's rules, so the new graph is hash-consed with the forward code (exp' reuses exp's node) and can be
/// transformed again. A pure function: the input graph is not changed.
/// </summary>
/// <remarks>
/// A loop (<see cref="Scalar.Sum"/>) gets an adjoint loop without a tape: each iteration recomputes the
/// body's forward values and runs the body's own reverse sweep, seeded with the loop's adjoint; it sums the
/// adjoints of the captured outer values and scatters those of the gathered inputs into the gradient.
/// </remarks>
internal static class ReverseTransform
{
    /// <summary>Builds value and gradient of <paramref name="output"/> (a node of <paramref name="forward"/>).</summary>
    public static GradientProgram Apply(Graph forward, int output, bool strongZero)
    {
        // 1. Copy the forward program (top-level ids stay the same: nothing folds a second time).
        Graph fused = forward.EmptyLike();
        int[] map = Copy(forward, fused);
        int y = map[output];

        // 2. Which nodes depend on an input: only those receive adjoints.
        bool[] varies = Varies(fused, y, []);

        // 3. Reverse sweep, seeded with 1.
        var names = new Dictionary<int, string>();
        var effects = new List<int>();
        Derivatives adjoint = Sweep(fused, y, fused.Constant(1.0), varies, strongZero, names, effects, forward.Count);

        // 4. Outputs: the value, then the gradient.
        int[] gradient = GradientOutputs(fused, y, adjoint, names, forward.Count);
        fused.Seal();
        return new GradientProgram(fused, y, gradient, names, [.. effects]);
    }

    // A loop over the inputs (10,000 for a large vector) in a method of its own: the JIT compiles a long-running loop of a
    // method a second time, optimised (on-stack replacement), and a small method is cheap to compile again.
    /// <summary>Each input's adjoint node (a symbolic zero becomes the constant 0), named for printing.</summary>
    private static int[] GradientOutputs(Graph fused, int y, Derivatives adjoint, Dictionary<int, string> names, int forwardCount)
    {
        var gradient = new int[fused.InputCount];
        int zero = Node.None;
        for (int i = 0; i < gradient.Length; i++)
        {
            if (i <= y && !adjoint.IsZero(i)) gradient[i] = adjoint[i];
            else gradient[i] = zero = zero == Node.None ? fused.Constant(0.0) : zero;
            if (gradient[i] >= forwardCount && !fused.IsConstant(gradient[i])) Name(names, gradient[i], i);
        }
        return gradient;
    }

    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.NoInlining)] // keeps the string formatting out of the loop's (re)compiled code
    private static void Name(Dictionary<int, string> names, int node, int input) => names.TryAdd(node, $"x{input}_bar");

    /// <summary>Copies every node of <paramref name="source"/> into <paramref name="target"/>, in order.</summary>
    internal static int[] Copy(Graph source, Graph target, IReadOnlyList<int>? captureTargets = null)
    {
        var map = new int[source.Count];
        // The inputs (the first nodes of a top-level graph) keep their ids, and a loop over 10,000 of them would have the
        // JIT compile this method twice (see GradientOutputs).
        Identity(map.AsSpan(0, source.InputCount));
        for (int k = source.InputCount; k < source.Count; k++)
        {
            Node n = source[k];
            map[k] = n.Kind switch
            {
                NodeKind.Input => k,
                NodeKind.Constant => target.Constant(n.ConstantValue),
                NodeKind.Capture => target.Capture(captureTargets![n.CaptureIndex]),
                NodeKind.Gather => target.Gather(n.GatherVector, n.GatherScale, n.GatherOffset),
                NodeKind.Data => target.Data(n.DataIndex),
                NodeKind.Loop => target.AddLoop(MapCaptures(source.LoopOf(k), map)),
                NodeKind.Operation => target.Add(n.Op, Map(map, n.Operand(0)), Map(map, n.Operand(1)), Map(map, n.Operand(2)), n.Parameter),
                NodeKind.Call => target.AddCall(source.CallOf(k), map),
                _ => throw new InvalidOperationException($"A forward graph has no {n.Kind} nodes."),
            };
        }
        return map;
    }

    private static void Identity(Span<int> map)
    {
        for (int k = 0; k < map.Length; k++) map[k] = k;
    }

    private static Loop MapCaptures(Loop loop, int[] map) => loop with { Captures = [.. loop.Captures.Select(c => map[c])], Initial = Map(map, loop.Initial) };

    /// <summary>Which nodes up to <paramref name="y"/> depend on an input (for a loop body: on a varying capture or a gathered input).</summary>
    internal static bool[] Varies(Graph g, int y, bool[] captureVaries)
    {
        var varies = new bool[g.Count];
        int inputs = Math.Min(g.InputCount, y + 1);
        varies.AsSpan(0, inputs).Fill(true);
        for (int k = inputs; k <= y; k++)
        {
            Node n = g[k];
            varies[k] = n.Kind == NodeKind.Input || n.GathersInputs
                || (n.Kind == NodeKind.Capture && captureVaries[n.CaptureIndex])
                || (n.Kind == NodeKind.Loop && g.LoopOf(k).Body.ReadsInputs)
                || AnyVaries(g.InputsOf(k), varies);
        }
        return varies;
    }

    /// <summary>
    /// The reverse sweep over <paramref name="g"/> from <paramref name="y"/> seeded with node <paramref name="seed"/>:
    /// adjoint[k] is final when k is reached (all consumers come later).
    /// </summary>
    internal static Derivatives Sweep(Graph g, int y, int seed, bool[] varies, bool strongZero,
        Dictionary<int, string> names, List<int> effects, int forwardCount)
    {
        var adjoint = new Derivatives(g, y + 1);
        if (varies[y]) adjoint.Accumulate(y, seed);
        // Nodes below InputCount are the inputs: leaves, nothing to propagate.
        for (int k = y; k >= g.InputCount; k--)
        {
            Node n = g[k];
            if (adjoint.IsZero(k) || n.IsLeaf) continue;
            if (!g.IsConstant(adjoint[k]) && adjoint[k] >= forwardCount) names.TryAdd(adjoint[k], $"v{k}_bar");
            if (n.Kind == NodeKind.Loop)
            {
                AdjointLoop.Append(g, k, adjoint[k], varies, adjoint, strongZero, effects);
                continue;
            }
            if (n.Kind == NodeKind.Call)
            {
                CallAdjoint(g, k, adjoint, varies, strongZero);
                continue;
            }
            for (int i = 0; i < n.Op.Arity; i++)
            {
                int input = n.Operand(i);
                if (!varies[input] || !n.Op.HasPartial(i)) continue;
                Scalar contribution = n.Op.PartialTimes(i, Arg(g, n.Operand(0)), Arg(g, n.Operand(1)), Arg(g, n.Operand(2)),
                    g.ScalarOf(k), n.Parameter, g.ScalarOf(adjoint[k]), strongZero);
                adjoint.Accumulate(input, g.IdOf(contribution));
            }
        }
        return adjoint;
    }

    /// <summary>A black-box call's adjoint step: each varying argument gets partial * adjoint, the partial a call of its own.</summary>
    private static void CallAdjoint(Graph g, int k, Derivatives adjoint, bool[] varies, bool strongZero)
    {
        CallSite call = g.CallOf(k);
        if (!call.IsValue) throw call.Function.NoSecondDerivative();
        for (int i = 0; i < call.Arguments.Length; i++)
        {
            int input = call.Arguments[i];
            if (!varies[input]) continue;
            int partial = g.AddCall(call.Function, call.Arguments, i);
            adjoint.Accumulate(input, strongZero ? g.Add(OpTable.StrongMul, adjoint[k], partial) : g.Add(OpTable.Mul, partial, adjoint[k]));
        }
    }

    private static bool AnyVaries(NodeInputs inputs, bool[] varies)
    {
        foreach (int i in inputs) if (varies[i]) return true;
        return false;
    }

    private static int Map(int[] map, int id) => id == Node.None ? Node.None : map[id];

    private static Scalar Arg(Graph g, int id) => id == Node.None ? default : g.ScalarOf(id);
}
