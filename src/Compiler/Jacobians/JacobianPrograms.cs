using ExprGrad.Ops;
using ExprGrad.Tracer;

namespace ExprGrad.Compiler;

/// <summary>
/// The programs of a vector function r: ℝⁿ → ℝᵐ (a <see cref="VectorTraced"/>), each a <see cref="GradientProgram"/> whose
/// output vector the code generator fills like a gradient: top-level outputs are stored, loops scatter into it. A map
/// writes output i at iteration i. Forward-mode programs are <see cref="DirectionalProgram"/>s of <see cref="Values"/>.
/// </summary>
internal static class JacobianPrograms
{
    /// <summary>r(x) alone: output vector <c>[values (m)]</c>.</summary>
    public static GradientProgram Values(VectorTraced f)
    {
        Graph g = f.Graph;
        int zero = g.Constant(0.0);
        int[] outputs = f.IsMap ? [.. Enumerable.Repeat(zero, f.Count)] : f.Outputs;
        return new GradientProgram(g, zero, outputs, new Dictionary<int, string>(), f.IsMap ? [f.Map] : []);
    }

    /// <summary>
    /// Rows by reverse mode, one sweep per row colour (rows of one colour share no input, so one sweep seeded with 1 on
    /// each of them gives all their rows): output vector <c>[values (m) | G (colours × n)]</c>, <c>G[q * n + j]</c> the
    /// sum over the rows r of colour q of ∂r/∂xⱼ. For a list of outputs.
    /// </summary>
    public static GradientProgram ReverseRows(VectorTraced f, int[] rowColour, int colours, bool nanSafe)
    {
        Graph g = f.Graph.EmptyLike();
        int[] map = ReverseTransform.Copy(f.Graph, g);
        int n = g.InputCount, m = f.Count, zero = g.Constant(0.0);
        var sums = new int[colours];
        Array.Fill(sums, Node.None);
        for (int r = 0; r < m; r++)
            sums[rowColour[r]] = sums[rowColour[r]] == Node.None ? map[f.Outputs[r]] : g.Add(OpTable.Add, sums[rowColour[r]], map[f.Outputs[r]]);
        bool[] varies = ReverseTransform.Varies(g, sums.Max(), []);
        var outputs = new int[m + colours * n];
        for (int r = 0; r < m; r++) outputs[r] = map[f.Outputs[r]];
        var names = new Dictionary<int, string>();
        var effects = new List<int>();
        for (int q = 0; q < colours; q++)
        {
            var sweepEffects = new List<int>();
            Derivatives adjoint = ReverseTransform.Sweep(g, sums[q], g.Constant(1.0), varies, nanSafe, names, sweepEffects, f.Graph.Count);
            for (int j = 0; j < n; j++) outputs[m + q * n + j] = j <= sums[q] && !adjoint.IsZero(j) ? adjoint[j] : zero;
            foreach (int e in sweepEffects) ScatterRedirect.Shift(g, e, m + q * n);
            effects.AddRange(sweepEffects);
        }
        ScatterRedirect.KeepOneFusion(g);
        g.Seal();
        return new GradientProgram(g, zero, outputs, names, [.. effects]);
    }

    /// <summary>
    /// The rows of a map by reverse mode, one per iteration: each iteration runs its body's reverse sweep seeded with 1 and
    /// writes its value and its row. Output vector <c>[values (m) | J (m × n)]</c>. Null when a row cannot be written from
    /// one iteration alone: the body sums over the inputs in a nested loop (those scatter at the nested loop's index), or
    /// captures a value computed from a sum over the inputs (its gradient is scattered too).
    /// </summary>
    public static GradientProgram? ReverseMapRows(VectorTraced f, bool nanSafe)
    {
        Graph g = f.Graph.EmptyLike();
        int[] map = ReverseTransform.Copy(f.Graph, g);
        int n = g.InputCount, m = f.Count, mapNode = map[f.Map];
        Loop loop = g.LoopOf(mapNode);
        bool[] varies = ReverseTransform.Varies(g, mapNode, []);
        var body = new Graph(g);
        int[] bodyMap = ReverseTransform.Copy(loop.Body, body, loop.Captures);
        Scatter write = loop.Scatters[0];
        int y = bodyMap[write.Node];
        Node row = loop.Body[write.Gather];
        bool[] captureVaries = [.. loop.Captures.Select(c => varies[c])];
        var nested = new List<int>();
        Derivatives adjoint = ReverseTransform.Sweep(body, y, body.Constant(1.0), ReverseTransform.Varies(body, y, captureVaries), nanSafe, [], nested, body.Count);
        if (nested.Count > 0) return null;
        // Output entry m + n * (row index) + column, the row index being a * i + b of the map's write.
        var scatters = new List<Scatter> { new(y, bodyMap[write.Gather]) };
        for (int k = 0; k <= y; k++)
            if (body[k].GathersInputs && !adjoint.IsZero(k))
                scatters.Add(new Scatter(adjoint[k], body.OutputIndex(n * row.GatherScale + body[k].GatherScale, m + n * row.GatherOffset + body[k].GatherOffset)));
        // A captured value c adds adjoint(c) * dc/dxⱼ to entry j of the row (c is an input, or dc/dx comes from c's own sweep).
        for (int k = 0; k <= y; k++)
        {
            if (body[k].Kind != NodeKind.Capture || adjoint.IsZero(k) || !captureVaries[body[k].CaptureIndex]) continue;
            int captured = loop.Captures[body[k].CaptureIndex];
            if (g[captured].Kind == NodeKind.Input)
            {
                scatters.Add(new Scatter(adjoint[k], body.OutputIndex(n * row.GatherScale, m + n * row.GatherOffset + g[captured].InputIndex)));
                continue;
            }
            var outer = new List<int>();
            Derivatives partial = ReverseTransform.Sweep(g, captured, g.Constant(1.0), varies, nanSafe, [], outer, g.Count);
            if (outer.Count > 0) return null; // c sums over the inputs: its gradient is scattered, not a node per input
            for (int j = 0; j < n; j++)
            {
                if (partial.IsZero(j)) continue;
                int p = g.IsConstant(partial[j]) ? body.Constant(g[partial[j]].ConstantValue) : body.Capture(partial[j]);
                int term = body.Add(nanSafe ? OpTable.StrongMul : OpTable.Mul, adjoint[k], p);
                scatters.Add(new Scatter(term, body.OutputIndex(n * row.GatherScale, m + n * row.GatherOffset + j)));
            }
        }
        body.Seal();
        int node = g.AddLoop(new Loop(body, loop.Count, [.. body.Captures], [], [.. scatters]));
        int zero = g.Constant(0.0);
        g.Seal();
        return new GradientProgram(g, zero, [.. Enumerable.Repeat(zero, m + m * n)], new Dictionary<int, string>(), [node]);
    }

    /// <summary>
    /// uᵀJ by one reverse sweep of u · r(x), u read from the data after the function's own <paramref name="dataLength"/>
    /// values: output vector <c>[uᵀJ (n) | values (m)]</c>. A map becomes a loop that writes its outputs and sums
    /// u[i] * rᵢ, whose adjoint loop runs in its place.
    /// </summary>
    public static GradientProgram Vjp(VectorTraced f, int dataLength, bool nanSafe)
    {
        Graph g = f.Graph.EmptyLike();
        int[] map = ReverseTransform.Copy(f.Graph, g);
        int n = g.InputCount, m = f.Count;
        var values = new int[m];
        int dot = Node.None;
        var effects = new List<int>();
        if (!f.IsMap)
        {
            for (int r = 0; r < m; r++)
            {
                values[r] = map[f.Outputs[r]];
                int term = g.Add(OpTable.Mul, g.Data(dataLength + r), values[r]);
                dot = dot == Node.None ? term : g.Add(OpTable.Add, dot, term);
            }
        }
        else
        {
            Loop loop = g.LoopOf(map[f.Map]);
            var body = new Graph(g);
            int[] bodyMap = ReverseTransform.Copy(loop.Body, body, loop.Captures);
            Scatter write = loop.Scatters[0];
            Node row = loop.Body[write.Gather];
            int y = bodyMap[write.Node];
            int term = body.Add(OpTable.Mul, body.Gather(1, row.GatherScale, dataLength + row.GatherOffset), y);
            body.Seal();
            dot = g.AddLoop(new Loop(body, loop.Count, [.. body.Captures], [term], [new Scatter(y, body.OutputIndex(row.GatherScale, n + row.GatherOffset))]));
            effects.Add(dot);
            Array.Fill(values, g.Constant(0.0));
        }
        g.Seal();
        GradientProgram reverse = ReverseTransform.Apply(g, dot, nanSafe); // copies g keeping its ids
        return reverse with { Gradient = [.. reverse.Gradient, .. values], Effects = [.. reverse.Effects, .. effects] };
    }
}
