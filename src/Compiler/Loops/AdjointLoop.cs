using ExprGrad.Tracer;

namespace ExprGrad.Compiler;

/// <summary>
/// The reverse mode of a loop (<see cref="Scalar.Sum"/>), without a tape: each iteration of the adjoint loop
/// recomputes the body's forward values and runs the body's own reverse sweep (<see cref="ReverseTransform"/>
/// on the body graph), seeded with the loop's adjoint; it sums the adjoints of the captured outer values and
/// scatters those of the gathered inputs into the gradient.
/// </summary>
internal static class AdjointLoop
{
    /// <summary>
    /// Appends to <paramref name="g"/> the adjoint loop of loop node <paramref name="forwardNode"/> given its adjoint node
    /// <paramref name="loopAdjoint"/>, and accumulates the adjoints it sums into the captured outer nodes.
    /// </summary>
    /// <remarks>
    /// A loop that starts from an initial value (<see cref="Loop.Initial"/>, a recovered <c>s = s0; s += ...</c>) passes
    /// its adjoint on to it unchanged: d(s0 + terms)/ds0 = 1.
    /// When the loop's adjoint is known before the loop runs (a constant, or a node computed before it, as
    /// for <c>loss = Sum(...) + other terms</c>), the adjoint loop also sums the forward values and runs in
    /// the forward loop's place: one loop does forward and reverse of each iteration.
    /// </remarks>
    public static void Append(Graph g, int forwardNode, int loopAdjoint, bool[] varies, Derivatives adjoint, bool strongZero, List<int> effects)
    {
        Loop loop = g.LoopOf(forwardNode);
        if (loop.Initial != Node.None && varies[loop.Initial]) adjoint.Accumulate(loop.Initial, loopAdjoint);
        // The body's own reverse program, in a new body graph nested in g.
        var body = new Graph(g);
        int[] map = ReverseTransform.Copy(loop.Body, body, loop.Captures);
        int y = map[loop.Accumulate[0]];
        int seed = g.IsConstant(loopAdjoint) ? body.Constant(g[loopAdjoint].ConstantValue) : body.Capture(loopAdjoint);
        bool[] captureVaries = new bool[body.Captures.Count];
        for (int j = 0; j < loop.Captures.Length; j++) captureVaries[j] = varies[loop.Captures[j]];
        var bodyEffects = new List<int>();
        bool[] bodyVaries = ReverseTransform.Varies(body, y, captureVaries);
        Derivatives bodyAdjoint = ReverseTransform.Sweep(body, y, seed, bodyVaries, strongZero, [], bodyEffects, body.Count);

        // What one iteration contributes: adjoints of varying captures (summed), of gathered inputs (scattered).
        var accumulate = new List<int>();
        var targets = new List<int>();
        for (int j = 0; j < loop.Captures.Length; j++)
        {
            int leaf = map[FirstCaptureLeaf(loop.Body, j)];
            if (leaf <= y && !bodyAdjoint.IsZero(leaf) && captureVaries[j]) { accumulate.Add(bodyAdjoint[leaf]); targets.Add(loop.Captures[j]); }
        }
        var scatters = new List<Scatter>();
        for (int k = 0; k <= y; k++)
            if (body[k].GathersInputs && !bodyAdjoint.IsZero(k)) scatters.Add(new Scatter(bodyAdjoint[k], k));
        if (accumulate.Count == 0 && scatters.Count == 0 && bodyEffects.Count == 0) { body.Seal(); return; }
        bool fuse = g.IsConstant(loopAdjoint) || loopAdjoint < forwardNode;
        if (fuse) accumulate.Add(y);
        // Running in the forward loop's place, it also makes the forward loop's writes (a Vec.Map's outputs).
        if (fuse) scatters.AddRange(loop.Scatters.Select(s => new Scatter(map[s.Node], map[s.Gather])));
        body.Seal();

        (int, int)[] cached = fuse ? [] : LoopCachePlan.Of(loop, body, map, y, [.. accumulate, .. scatters.Select(s => s.Node), .. bodyEffects]);
        int node = g.AddLoop(new Loop(body, loop.Count, [.. body.Captures], [.. accumulate], [.. scatters])
        {
            Effects = [.. bodyEffects],
            Fusion = fuse ? new LoopFusion(forwardNode, accumulate.Count - 1) : null,
            Initial = fuse ? loop.Initial : Node.None, // the fused loop's forward sum starts where the forward loop's did
            Cache = cached.Length > 0 ? new LoopCache(forwardNode, cached) : null,
            AdjointFrom = y + 1,
        });
        if (scatters.Count > 0 || bodyEffects.Count > 0) effects.Add(node);
        var components = new int[targets.Count];
        for (int j = 0; j < components.Length; j++) components[j] = j == 0 ? node : g.Extract(node, j);
        for (int j = 0; j < components.Length; j++) adjoint.Accumulate(targets[j], components[j]);
    }


    private static int FirstCaptureLeaf(Graph body, int capture)
    {
        for (int k = 0; k < body.Count; k++) if (body[k].Kind == NodeKind.Capture && body[k].CaptureIndex == capture) return k;
        throw new InvalidOperationException($"Loop body has no leaf for capture {capture}.");
    }
}
