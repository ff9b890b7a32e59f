using ExprGrad.Tracer;

namespace ExprGrad.Compiler;

/// <summary>
/// A program followed by its directional derivatives: <see cref="ForwardTransform"/> applied to a program whose output
/// vector has <c>L</c> entries (its nodes, and the loops scattering into it), giving the output vector
/// <c>[outputs (L) | tangents (L × p)]</c> with entry i's tangent in direction d at <c>L + i * p + d</c>. On a vector
/// function's values it gives J·V (Jacobian-vector products, compressed Jacobians); on a gradient program, H·V
/// (forward-over-reverse: Hessian-vector products, compressed Hessians).
/// </summary>
internal static class DirectionalProgram
{
    public static GradientProgram Of(GradientProgram source, TangentSeeds seeds, bool strongZero)
    {
        int length = source.Gradient.Length, p = seeds.Directions;
        ForwardResult result = ForwardTransform.Apply(source.Graph, source.Gradient, seeds, strongZero,
            (scale, offset, d) => (scale * p, length + offset * p + d));
        Graph g = result.Target;
        int zero = g.Constant(0.0);
        var outputs = new int[length * (1 + p)];
        for (int i = 0; i < length; i++)
        {
            int k = source.Gradient[i];
            outputs[i] = result.Map[k];
            for (int d = 0; d < p; d++) outputs[length + i * p + d] = result.Tangent(k, d) is int t && t != Node.None ? t : zero;
        }
        return new GradientProgram(g, result.Map[source.Value], outputs, Names(source, result, p), [.. source.Effects.Select(e => result.Map[e])]);
    }

    // The source's names (v7_bar) carried over, and v7_bar_dot (or _dot0, _dot1, ...) for their tangents.
    private static Dictionary<int, string> Names(GradientProgram source, ForwardResult result, int p)
    {
        var names = new Dictionary<int, string>();
        foreach (var (k, name) in source.Names)
        {
            if (!result.Target[result.Map[k]].IsLeaf) names.TryAdd(result.Map[k], name);
            for (int d = 0; d < p; d++)
                if (result.Tangent(k, d) is int t && t != Node.None && !result.Target[t].IsLeaf)
                    names.TryAdd(t, p == 1 ? $"{name}_dot" : $"{name}_dot{d}");
        }
        return names;
    }
}
