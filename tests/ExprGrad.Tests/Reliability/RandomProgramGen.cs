using CsCheck;

namespace ExprGrad.Tests.Reliability;

/// <summary>
/// CsCheck generators of random programs. A program is generated as raw choices (a kind, a variant, four
/// picks per node) made only of Gen combinators, so CsCheck can shrink it (fewer inputs, fewer nodes, smaller
/// choices); <see cref="Build"/> turns the choices into a valid program deterministically.
/// </summary>
public static class RandomProgramGen
{
    /// <summary>Every value (and every intermediate inside a node's template) stays within this magnitude for inputs in [-2, 2].</summary>
    public const double Cap = 1e3;

    public static readonly Kind[] AllKinds = Enum.GetValues<Kind>();
    public static readonly Guard[] AllGuards = [Guard.Exp, Guard.SquarePlusHalf, Guard.SoftplusPlusTenth];

    private static readonly double[] Constants = [0.5, -1.5, 2, 0, 1, 0.25, -0.75, 3];   // 0 and 1: x + 0 and x * 1 simplify
    private static readonly double[] IntExponents = [2, 3, 4, 5, -1, -2, -3];
    private static readonly double[] RealExponents = [0.5, 1.5, -0.5, 2.5, 1.0 / 3, -1.7];
    private static readonly string[] Comparisons = [">", ">=", "<", "<=", "==", "!="];

    /// <summary>The raw choices for one node: which kind, a variant (guard, constant, exponent, comparison) and picks of its arguments.</summary>
    public sealed record RawNode(int Kind, int Variant, int[] Picks);

    private static Gen<RawNode> Raw(int kindCount)
        => Gen.Select(Gen.Int[0, kindCount - 1], Gen.Int[0, 999], Gen.Int[0, 999].Array[4], (k, v, p) => new RawNode(k, v, p));

    /// <summary>
    /// Programs of 1..<paramref name="maxInputs"/> inputs and 1..<paramref name="maxNodes"/> nodes whose output sums the
    /// nodes nothing else reads. Half the programs have at most a fifth of the nodes: compiling costs about 0.13 ms
    /// per node per backend, and small programs find most bugs and print most readably.
    /// </summary>
    public static Gen<RandomProgram> Program(Kind[] kinds, Guard[] guards, int maxInputs = 8, int maxNodes = 60)
        => Gen.Select(Gen.Int[1, maxInputs], NodeCount(maxNodes).SelectMany(count => Raw(kinds.Length).Array[count]),
            (n, raw) => Build(n, raw, kinds, guards));

    private static Gen<int> NodeCount(int max)
        => Gen.Frequency((3, Gen.Int[1, Math.Max(1, max / 5)]), (2, Gen.Int[1 + max / 5, max / 2]), (1, Gen.Int[1 + max / 2, max]));

    /// <summary>
    /// A number in [-2, 2]: uniform, and one in 20 a special value (0 lands exactly on kinks, where the modes'
    /// conventions must agree; 1e-12 lands near atan2's and hypot's singular origin; the ends of the range).
    /// </summary>
    public static readonly Gen<double> Coordinate = Gen.Frequency(
        (19, Gen.Double.Unit.Select(u => 4 * u - 2)), (1, Gen.OneOf<double>(0, 1e-12, -1, 1, -2, 2)));

    /// <summary>A point with <paramref name="dimension"/> coordinates in [-2, 2].</summary>
    public static Gen<double[]> Point(int dimension) => Coordinate.Array[dimension];

    /// <summary>A program over the whole op table and a point to evaluate it at.</summary>
    public static Gen<(RandomProgram Program, double[] X)> ProgramAndPoint(int maxNodes = 60)
        => Program(AllKinds, AllGuards, maxNodes: maxNodes).SelectMany(p => Point(p.Inputs).Select(x => (p, x)));

    /// <summary>Makes the raw choices valid: arguments index earlier values, inside the domain and below <see cref="Cap"/>.</summary>
    public static RandomProgram Build(int inputs, RawNode[] raw, Kind[] kinds, Guard[] guards)
    {
        var ranges = new List<Interval>(Enumerable.Repeat(Interval.Input, inputs));
        var nodes = new List<Node>();
        foreach (RawNode r in raw)
        {
            Node node = Shape(kinds[r.Kind], r.Variant, guards);
            for (int slot = 0; slot < node.Args.Length; slot++)
            {
                node.Args[slot] = Preferred(ranges.Count, r.Picks[slot]);
                if (!IntervalAlgebra.Fits(node, slot, ranges)) node.Args[slot] = r.Picks[slot] % inputs;   // an input always fits
            }
            ranges.Add(IntervalAlgebra.Range(node, [.. node.Args.Select(a => ranges[a])]));
            nodes.Add(node);
        }
        var read = nodes.SelectMany(n => n.Args).ToHashSet();
        int[] sinks = [.. Enumerable.Range(inputs, nodes.Count).Where(v => !read.Contains(v))];
        return new RandomProgram(inputs, nodes, sinks);
    }

    // Half the picks take one of the 3 latest values (deep chains), half any earlier value (fan-out, shared subexpressions).
    private static int Preferred(int count, int pick)
        => pick < 500 ? count - 1 - pick % Math.Min(3, count) : pick % count;

    private static Node Shape(Kind kind, int variant, Guard[] guards)
    {
        Guard guard = guards[variant % guards.Length];
        int next = variant / 7;   // a second, roughly independent choice
        return kind switch
        {
            Kind.Const => new(kind, [], Constants[variant % Constants.Length]),
            Kind.Div or Kind.Log or Kind.Sqrt => new(kind, new int[kind == Kind.Div ? 2 : 1], Guard: guard),
            Kind.Pow => new(kind, new int[2], Guard: guard),
            Kind.PowInt when IntExponents[variant % 7] < 0 => new(kind, new int[1], IntExponents[variant % 7], guards[next % guards.Length]),
            Kind.PowInt => new(kind, new int[1], IntExponents[variant % 7]),
            Kind.PowReal => new(kind, new int[1], RealExponents[variant % RealExponents.Length], guards[next % guards.Length]),
            Kind.Where => new(kind, new int[4], Comparison: Comparisons[variant % Comparisons.Length]),
            Kind.LogSumExp => new(kind, new int[2 + variant % 2]),
            Kind.Add or Kind.Sub or Kind.Mul or Kind.Atan2 or Kind.Max or Kind.Min or Kind.Hypot or Kind.SmoothMax => new(kind, new int[2]),
            Kind.Box => new(kind, new int[3]),
            _ => new(kind, new int[1]),
        };
    }
}
