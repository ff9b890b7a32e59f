using System.Text;
using CsCheck;
using static ExprGrad.Scalar;

namespace ExprGrad.Tests.Reliability;

/// <summary>
/// An affine index <c>Scale * i + Offset</c> of one loop, built in the syntactic <see cref="Form"/> the user
/// would write (<c>i + k</c>, <c>k * i</c>, <c>i * k</c>, <c>(i + 1) * k - c</c>, <c>(i - 1) * k + c</c>);
/// Scale 0 is a plain constant index <c>v[Offset]</c>.
/// </summary>
public sealed record Affine(int Scale, int Offset, int Form)
{
    /// <summary>Builds the index from <paramref name="i"/> with the form's operations (the same ones on a LoopIndex, an int or source text).</summary>
    public T Apply<T>(T i, Func<T, int, T> plus, Func<T, int, bool, T> times) => (Form % 4) switch
    {
        0 => plus(Scale == 1 ? i : times(i, Scale, true), Offset),    // k * i + b
        1 => plus(Scale == 1 ? i : times(i, Scale, false), Offset),   // i * k + b
        2 => plus(times(plus(i, 1), Scale, false), Offset - Scale),   // (i + 1) * k - (k - b)
        _ => plus(times(plus(i, -1), Scale, true), Offset + Scale),   // k * (i - 1) + (k + b)
    };

    public LoopIndex On(LoopIndex i)
        => Apply(i, (x, k) => k == 0 ? x : k > 0 ? x + k : x - (-k), (x, k, left) => left ? k * x : x * k);

    public int On(int i) => Apply(i, (x, k) => x + k, (x, k, _) => x * k);

    public string Print(string i) => Scale == 0 ? $"{Offset}" : Apply(i,
        (x, k) => k == 0 ? x : k > 0 ? $"{x} + {k}" : $"{x} - {-k}",
        (x, k, left) => x.Contains(' ') ? (left ? $"{k} * ({x})" : $"({x}) * {k}") : left ? $"{k} * {x}" : $"{x} * {k}");
}

public enum LeafKind { W, Data, Outer, Parent }

/// <summary>
/// One input of a sum's body: <c>w[index]</c> or <c>data[index]</c> (index affine in this loop's index, or
/// with <see cref="OuterLoop"/> in the enclosing loop's), a Scalar computed before the sums (<see cref="Value"/>
/// indexes the prelude's values), or a value of the enclosing body (<see cref="Value"/> indexes its inputs).
/// </summary>
public sealed record Leaf(LeafKind Kind, Affine? Index = null, int Value = 0, bool OuterLoop = false);

/// <summary>
/// <c>Sum(Count, i => Body(leaves..., 2 * Tanh(nested sum)))</c>: <see cref="Body"/> is a random program whose
/// inputs are the leaves, then (with <see cref="Nested"/>) the squashed value of one inner sum.
/// </summary>
public sealed record SumSpec(int Count, Leaf[] Leaves, RandomProgram Body, SumSpec? Nested);

/// <summary>
/// f(w, data) = prelude output + the sums + Outer(2 Tanh(prelude output), 2 Tanh(each sum)). The prelude is a
/// random program over w; the bodies read w and data through loop indices and the prelude's values (squashed
/// into [-2, 2] with 2 Tanh, so every body input is in the range the op generators assume).
/// </summary>
public sealed record SumProgram(int Dimension, int DataLength, RandomProgram Prelude, SumSpec[] Sums, RandomProgram Outer)
{
    /// <summary>The function: with <paramref name="looped"/> through <see cref="Scalar.Sum"/>, else unrolled with plain C# loops.</summary>
    public Func<Vec, Vec, Scalar> AsFunction(bool looped) => (w, data) => Run(w, data, looped);

    public Scalar Run(Vec w, Vec data, bool looped) => Parts(w, data, looped)[^1];

    /// <summary>True when some node of the prelude, a sum body (nested ones too) or the outer program is of kind <paramref name="kind"/>.</summary>
    public bool Uses(Kind kind)
    {
        static bool In(RandomProgram p, Kind kind) => p.Nodes.Any(n => n.Kind == kind);
        foreach (SumSpec sum in Sums)
            for (SumSpec? s = sum; s is not null; s = s.Nested)
                if (In(s.Body, kind)) return true;
        return In(Prelude, kind) || In(Outer, kind);
    }

    /// <summary>The program's parts: the prelude's output, each sum, and f itself (the last).</summary>
    public Scalar[] Parts(Vec w, Vec data, bool looped)
    {
        var (outer, preOut) = BeforeTheSums(w);
        var sums = Sums.Select(s => Loop(looped, s.Count, read => Body(s, looped, w, data, outer, read, null, null))).ToArray();
        Scalar total = preOut;
        foreach (Scalar s in sums) total += s;
        Scalar[] outerInputs = [2 * Tanh(preOut), .. sums.Select(s => 2 * Tanh(s))];
        return [preOut, .. sums, total + Outer.Run(new ScalarAlgebra(k => outerInputs[k]))];
    }

    /// <summary>
    /// The terms of sum <paramref name="k"/> as a vector function, one output per iteration: a <see cref="Vec.Map"/> when
    /// <paramref name="looped"/>, else a list of the unrolled terms.
    /// </summary>
    public Vec Terms(int k, Vec w, Vec data, bool looped)
    {
        var (outer, _) = BeforeTheSums(w);
        SumSpec s = Sums[k];
        if (looped) return Vec.Map(s.Count, i => Body(s, true, w, data, outer, (v, a) => a.Scale == 0 ? v[a.Offset] : v[a.On(i)], null, null));
        return Vec.Of([.. Enumerable.Range(0, s.Count).Select(n => Body(s, false, w, data, outer, (v, a) => v[a.On(n)], null, null))]);
    }

    // The prelude's values as the sums see them (inputs, then squashed nodes), and its output.
    private (Scalar[] Outer, Scalar Output) BeforeTheSums(Vec w)
    {
        Scalar[] pre = Prelude.Values(new ScalarAlgebra(k => w[k]));
        var outer = new Scalar[pre.Length];
        for (int v = 0; v < pre.Length; v++) outer[v] = v < Dimension ? pre[v] : 2 * Tanh(pre[v]);
        return (outer, Prelude.Nodes.Count == 0 ? w[0] : Prelude.Run(new ScalarAlgebra(k => w[k])));
    }

    private delegate Scalar Reader(Vec v, Affine index);

    private static Scalar Loop(bool looped, int count, Func<Reader, Scalar> body)
    {
        if (looped)
            return Sum(count, i => body((v, a) => a.Scale == 0 ? v[a.Offset] : v[a.On(i)]));
        Scalar s = body((v, a) => v[a.On(0)]);
        for (int n = 1; n < count; n++)
        {
            int i = n;
            s += body((v, a) => v[a.On(i)]);
        }
        return s;
    }

    private static Scalar Body(SumSpec spec, bool looped, Vec w, Vec data, Scalar[] outer, Reader read, Scalar[]? parent, Reader? readParent)
    {
        var inputs = new List<Scalar>();
        foreach (Leaf leaf in spec.Leaves)
        {
            Reader r = leaf.OuterLoop ? readParent! : read;
            inputs.Add(leaf.Kind switch
            {
                LeafKind.W => r(w, leaf.Index!),
                LeafKind.Data => r(data, leaf.Index!),
                LeafKind.Outer => outer[leaf.Value],
                _ => parent![leaf.Value],
            });
        }
        if (spec.Nested is { } nested)
        {
            Scalar[] mine = [.. inputs];
            inputs.Add(2 * Tanh(Loop(looped, nested.Count, readInner => Body(nested, looped, w, data, outer, readInner, mine, read))));
        }
        Scalar[] x = [.. inputs];
        return spec.Body.Run(new ScalarAlgebra(k => x[k]));
    }

    /// <summary>The program as a C# lambda for <c>Grad.Compile((Vec w, Vec data) => ..., dimension, dataLength)</c> (with <c>using static ExprGrad.Scalar;</c>).</summary>
    public string ToCSharp()
    {
        var text = new StringBuilder("(Vec w, Vec data) =>\n{\n");
        if (Prelude.Nodes.Concat(Outer.Nodes).Any(n => n.Kind == Kind.While)) text.Append($"    {SourceAlgebra.WhileFunction}\n");
        string[] preNames = [.. Enumerable.Range(0, Prelude.Inputs).Select(k => $"w[{k}]")];
        string preOut = Prelude.Nodes.Count == 0 ? "w[0]" : PrintNodes(text, Prelude, preNames, "p", "    ");
        var outerNames = new string[Prelude.Inputs + Prelude.Nodes.Count];
        for (int v = 0; v < outerNames.Length; v++)
        {
            outerNames[v] = v < Dimension ? $"w[{v}]" : $"q{v - Dimension}";
            if (v >= Dimension) text.Append($"    var q{v - Dimension} = 2 * Tanh(p{v - Dimension});\n");
        }
        for (int k = 0; k < Sums.Length; k++)
        {
            text.Append($"    var s{k} = Sum({Sums[k].Count}, i =>\n    {{\n");
            PrintBody(text, Sums[k], outerNames, null, "i", null, "a", "t", "        ");
            text.Append("    });\n");
        }
        string[] outerInputs = [$"2 * Tanh({preOut})", .. Enumerable.Range(0, Sums.Length).Select(k => $"2 * Tanh(s{k})")];
        for (int k = 0; k < outerInputs.Length; k++) text.Append($"    var o{k} = {outerInputs[k]};\n");
        string outerOut = PrintNodes(text, Outer, [.. Enumerable.Range(0, outerInputs.Length).Select(k => $"o{k}")], "r", "    ");
        string sums = string.Concat(Enumerable.Range(0, Sums.Length).Select(k => $" + s{k}"));
        return text.Append($"    return {preOut}{sums} + {outerOut};\n}}").ToString();
    }

    private static void PrintBody(StringBuilder text, SumSpec spec, string[] outer, string[]? parent, string index, string? parentIndex,
        string leafPrefix, string nodePrefix, string indent)
    {
        var names = new List<string>();
        for (int l = 0; l < spec.Leaves.Length; l++)
        {
            Leaf leaf = spec.Leaves[l];
            string i = leaf.OuterLoop ? parentIndex! : index;
            string expression = leaf.Kind switch
            {
                LeafKind.W => $"w[{leaf.Index!.Print(i)}]",
                LeafKind.Data => $"data[{leaf.Index!.Print(i)}]",
                LeafKind.Outer => outer[leaf.Value],
                _ => parent![leaf.Value],
            };
            text.Append($"{indent}var {leafPrefix}{l} = {expression};\n");
            names.Add($"{leafPrefix}{l}");
        }
        if (spec.Nested is { } nested)
        {
            text.Append($"{indent}var n = Sum({nested.Count}, j =>\n{indent}{{\n");
            PrintBody(text, nested, outer, [.. names], "j", index, "b", "u", indent + "    ");
            text.Append($"{indent}}});\n");
            text.Append($"{indent}var {leafPrefix}{names.Count} = 2 * Tanh(n);\n");
            names.Add($"{leafPrefix}{names.Count}");
        }
        string result = PrintNodes(text, spec.Body, [.. names], nodePrefix, indent);
        text.Append($"{indent}return {result};\n");
    }

    /// <summary>Appends <c>var prefixK = ...;</c> per node; returns the output expression.</summary>
    internal static string PrintNodes(StringBuilder text, RandomProgram p, string[] inputNames, string prefix, string indent)
    {
        string Name(int v) => v < p.Inputs ? inputNames[v] : $"{prefix}{v - p.Inputs}";
        var source = new SourceAlgebra();
        for (int k = 0; k < p.Nodes.Count; k++)
        {
            Node node = p.Nodes[k];
            string expression = node.Kind == Kind.Const
                ? "(Scalar)" + source.Constant(node.Constant)
                : SourceAlgebra.Unwrap(RandomProgram.Apply(source, node, [.. node.Args.Select(Name)]));
            text.Append($"{indent}var {prefix}{k} = {expression};\n");
        }
        return string.Join(" + ", p.Outputs.Select(Name));
    }

    public string Describe(double[] w, double[] data1, double[] data2)
        => $"{ToCSharp()}\ndimension: {Dimension}, dataLength: {DataLength}\nw = {RandomProgram.Show(w)}\ndata1 = {RandomProgram.Show(data1)}\ndata2 = {RandomProgram.Show(data2)}";
}

/// <summary>
/// CsCheck generators of <see cref="SumProgram"/>s, as raw choices (ints only) so CsCheck shrinks them;
/// <see cref="Build"/> makes the choices valid (every index in range for every iteration) deterministically.
/// </summary>
public static class RandomSumProgramGen
{
    /// <summary>
    /// The op table without Atan2 and Hypot: near their singular origin modes may legitimately differ by more
    /// than 1e-10 (see <see cref="ReferenceAlgebra.SingularRadius"/>), and RandomProgramTests covers them.
    /// </summary>
    public static readonly Kind[] Kinds = [.. RandomProgramGen.AllKinds.Where(k => k is not (Kind.Atan2 or Kind.Hypot))];

    /// <summary>
    /// The kinds of sum bodies: no C# branches (a body is traced once for every index; Where, &amp; and | choose per
    /// iteration). The prelude and the outer expression may branch, also on the sums' values: those are paths (issue 14).
    /// </summary>
    public static readonly Kind[] BodyKinds = [.. Kinds.Except(RandomProgram.BranchingKinds)];

    private static readonly int[] Scales = [1, 1, 2, 3, -1, 0];

    public sealed record RawLeaf(int Kind, int Scale, int Offset, int Form, int Value, int Loop);

    public sealed record RawSum(int Count, RawLeaf[] Leaves, RandomProgramGen.RawNode[] Body, RawSum? Nested);

    private static readonly Gen<int> Pick = Gen.Int[0, 999];

    private static readonly Gen<RandomProgramGen.RawNode> RawNode
        = Gen.Select(Gen.Int[0, Kinds.Length - 1], Pick, Pick.Array[6], (k, v, p) => new RandomProgramGen.RawNode(k, v, p));

    private static readonly Gen<RawLeaf> RawLeafGen = Pick.Array[6].Select(a => new RawLeaf(a[0], a[1], a[2], a[3], a[4], a[5]));

    private static Gen<RawSum> RawSumGen(bool allowNested) => Gen.Select(
        Gen.Int[1, 6], RawLeafGen.Array[1, 4], RawNode.Array[1, 8],
        allowNested ? Gen.Frequency((2, Gen.Const((RawSum?)null)), (1, RawSumGen(false).Select(s => (RawSum?)s))) : Gen.Const((RawSum?)null),
        (count, leaves, body, nested) => new RawSum(count, leaves, body, nested));

    /// <summary>
    /// A program of dimension 1..8, data length 1..16, a prelude of 0..5 nodes, 1..3 sums and an outer expression of 1..4
    /// nodes; with <paramref name="branches"/>, the prelude and the outer expression may branch in C#.
    /// </summary>
    public static Gen<SumProgram> Program(bool branches) => Gen.Select(
        Gen.Int[1, 8], Gen.Int[1, 16], RawNode.Array[0, 5], RawSumGen(true).Array[1, 3], RawNode.Array[1, 4],
        (dimension, dataLength, prelude, sums, outer) => Build(dimension, dataLength, prelude, sums, outer, branches ? Kinds : BodyKinds));

    /// <summary>A program (branching outside its sums), a point w and two data sets, all coordinates in [-2, 2].</summary>
    public static readonly Gen<(SumProgram Program, double[] W, double[] Data1, double[] Data2)> ProgramAndData = WithData(Program(branches: true));

    /// <summary>A program without C# branches (one symbolic trace runs it), a point w and two data sets.</summary>
    public static readonly Gen<(SumProgram Program, double[] W, double[] Data1, double[] Data2)> StraightLineProgramAndData =
        WithData(Program(branches: false));

    private static Gen<(SumProgram Program, double[] W, double[] Data1, double[] Data2)> WithData(Gen<SumProgram> programs)
        => programs.SelectMany(p => Gen.Select(RandomProgramGen.Point(p.Dimension), RandomProgramGen.Point(p.DataLength),
            RandomProgramGen.Point(p.DataLength), (w, d1, d2) => (p, w, d1, d2)));

    public static SumProgram Build(int dimension, int dataLength, RandomProgramGen.RawNode[] prelude, RawSum[] sums, RandomProgramGen.RawNode[] outer,
        Kind[] kinds)
    {
        RandomProgram pre = RandomProgramGen.Build(dimension, [.. prelude.Select(n => n with { Kind = n.Kind % kinds.Length })], kinds, RandomProgramGen.AllGuards);
        int preValues = dimension + pre.Nodes.Count;
        SumSpec[] specs = [.. sums.Select(s => BuildSum(s, dimension, dataLength, preValues, null, 0))];
        RandomProgram o = RandomProgramGen.Build(1 + specs.Length, [.. outer.Select(n => n with { Kind = n.Kind % kinds.Length })], kinds,
            RandomProgramGen.AllGuards);
        return new SumProgram(dimension, dataLength, pre, specs, o);
    }

    private static SumSpec BuildSum(RawSum raw, int dimension, int dataLength, int preValues, int? parentLeaves, int parentCount)
    {
        var leaves = new List<Leaf>();
        foreach (RawLeaf r in raw.Leaves)
        {
            // Outer body: w, data, prelude value. Nested body: also the enclosing body's values and reads indexed by the enclosing loop.
            int kinds = parentLeaves is null ? 3 : 4;
            LeafKind kind = (LeafKind)(r.Kind % kinds);
            bool outerLoop = parentLeaves is not null && r.Loop % 3 == 0 && kind is LeafKind.W or LeafKind.Data;
            int count = outerLoop ? parentCount : raw.Count;
            leaves.Add(kind switch
            {
                LeafKind.W => new Leaf(kind, Index(r, count, dimension), OuterLoop: outerLoop),
                LeafKind.Data => new Leaf(kind, Index(r, count, dataLength), OuterLoop: outerLoop),
                LeafKind.Outer => new Leaf(kind, Value: r.Value % preValues),
                _ => new Leaf(kind, Value: r.Value % parentLeaves!.Value),
            });
        }
        SumSpec? nested = raw.Nested is null ? null
            : BuildSum(raw.Nested, dimension, dataLength, preValues, leaves.Count, raw.Count);
        int inputs = leaves.Count + (nested is null ? 0 : 1);
        return new SumSpec(raw.Count, [.. leaves], RandomProgramGen.Build(inputs, [.. raw.Body.Select(n => n with { Kind = n.Kind % BodyKinds.Length })], BodyKinds, RandomProgramGen.AllGuards), nested);
    }

    /// <summary>An index <c>a * i + b</c> in 0..length-1 for every i &lt; count: the chosen scale if some offset fits, else 1, else a constant index.</summary>
    internal static Affine Index(RawLeaf r, int count, int length)
    {
        foreach (int a in new[] { Scales[r.Scale % Scales.Length], 1, 0 })
        {
            int lo = a >= 0 ? 0 : -a * (count - 1);
            int hi = a >= 0 ? length - 1 - a * (count - 1) : length - 1;
            if (lo <= hi) return new Affine(a, lo + r.Offset % (hi - lo + 1), a == 0 ? 0 : r.Form);
        }
        throw new InvalidOperationException("unreachable: a constant index always fits");
    }
}
