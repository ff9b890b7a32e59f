using ExprGrad.Ops;
using ExprGrad.Tracer;

namespace ExprGrad.Compiler;

/// <summary>
/// Forward mode over a whole program, loops included, in several directions at once: a new graph computing every node
/// of the source graph and, beside each, its tangents (directional derivatives) in <see cref="TangentSeeds.Directions"/>
/// directions, built from the op table's rules (<see cref="Op.PartialTimes"/>) and hash-consed with the copied nodes.
/// A loop stays one loop (<see cref="TangentLoop"/>): its body gains its own tangents, it sums the needed tangents of
/// its accumulators beside them and scatters the tangents of what it scatters to the output entries
/// <see cref="Redirect"/> names. Applied to a reverse-mode program it gives forward-over-reverse (Hessian-vector
/// products); to a forward program, Jacobian-vector products. A pure function: the source graph is not changed.
/// </summary>
internal sealed class ForwardTransform
{
    /// <summary>Where the tangent in direction d of a scatter into output entry <c>scale * i + offset</c> goes.</summary>
    public delegate (int Scale, int Offset) Redirect(int scale, int offset, int direction);

    private ForwardTransform(TangentSeeds seeds, bool strongZero, Redirect redirect, NeededTangents needs)
    {
        Seeds = seeds;
        StrongZero = strongZero;
        RedirectScatter = redirect;
        Needs = needs;
    }

    public TangentSeeds Seeds { get; }

    public int Directions => Seeds.Directions;

    public bool StrongZero { get; }

    public Redirect RedirectScatter { get; }

    public NeededTangents Needs { get; }

    /// <summary>Each transformed loop's body map (source body node -> target body node), for the caches that read it.</summary>
    public Dictionary<Loop, int[]> BodyMaps { get; } = new(ReferenceEqualityComparer.Instance);

    /// <summary>
    /// Transforms <paramref name="source"/>: <paramref name="roots"/> are the nodes whose tangents are wanted (loops that
    /// scatter always get the tangents of their scatters, placed by <paramref name="redirect"/>), <paramref name="seeds"/>
    /// the inputs' tangents; with <paramref name="strongZero"/> tangents are multiplied with strong zeros (NanSafe, or
    /// structural seeds).
    /// </summary>
    public static ForwardResult Apply(Graph source, IEnumerable<int> roots, TangentSeeds seeds, bool strongZero, Redirect redirect)
    {
        using var library = Recorder.Enter(null); // the rules record into the new graph, whatever runs around this call
        var transform = new ForwardTransform(seeds, strongZero, redirect, NeededTangents.Of(source, roots));
        var top = new TangentLevel(transform, source, source.EmptyLike(), null, null);
        top.Run();
        top.Target.Seal();
        return new ForwardResult(top.Target, top.Map, top.Tangents, seeds.Directions);
    }
}

/// <summary>The transformed graph: <see cref="Map"/> takes a source node to its copy, <see cref="Tangent"/> to its tangents.</summary>
internal sealed class ForwardResult(Graph target, int[] map, int[] tangents, int directions)
{
    public Graph Target => target;

    public int[] Map => map;

    /// <summary>The node of source node <paramref name="k"/>'s tangent in direction <paramref name="d"/>, or <see cref="Node.None"/> (zero).</summary>
    public int Tangent(int k, int d) => tangents[k * directions + d];
}
