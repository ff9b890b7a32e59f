using CsCheck;
using static ExprGrad.Tests.Reliability.RandomSumProgramGen;

namespace ExprGrad.Tests.Reliability;

/// <summary>
/// CsCheck generators of <see cref="PlainLoopProgram"/>s, as raw choices (ints only) so CsCheck shrinks them;
/// <see cref="Build"/> makes them valid (every index in range in every iteration) deterministically.
/// </summary>
public static class PlainLoopProgramGen
{
    public sealed record RawLoop(int Count, int Start, int Step, int Miss, RawLeaf[] Leaves, RandomProgramGen.RawNode[] Body, RawLoop? Nested);

    private static readonly Gen<int> Pick = Gen.Int[0, 999];

    /// <summary>
    /// The sum programs' kinds but stop-gradient: these programs' finite differences are of the compiled value, which
    /// does not hold a stopped value fixed (RandomProgramTests and the sum programs cover it).
    /// </summary>
    private static readonly Kind[] Kinds = [.. RandomSumProgramGen.Kinds.Where(k => k != Kind.StopGradient)];

    private static readonly Gen<RandomProgramGen.RawNode> RawNode
        = Gen.Select(Gen.Int[0, Kinds.Length - 1], Pick, Pick.Array[4], (k, v, p) => new RandomProgramGen.RawNode(k, v, p));

    private static readonly Gen<RawLeaf> RawLeafGen = Pick.Array[6].Select(a => new RawLeaf(a[0], a[1], a[2], a[3], a[4], a[5]));

    // Table entries: the identities tracing folds away (x * 1, x + -0.0, x - 0), and other values.
    private static readonly double[] Special = [1, 0, -0.0, 0.5, -1.25, 2];

    private static Gen<RawLoop> RawLoopGen(int minCount, int maxCount, int maxBody, bool allowNested, bool nearMiss) => Gen.Select(
        Gen.Int[minCount, maxCount], Pick.Array[3], nearMiss ? Gen.Int[1, 3] : Gen.Int[0, 12], RawLeafGen.Array[1, 4], RawNode.Array[1, maxBody],
        allowNested ? Gen.Frequency((2, Gen.Const((RawLoop?)null)), (1, RawLoopGen(1, 10, 6, false, false).Select(s => (RawLoop?)s)))
            : Gen.Const((RawLoop?)null),
        (count, picks, miss, leaves, body, nested) => new RawLoop(count, picks[0], picks[1], miss, leaves, body, nested));

    /// <summary>Dimension 1..8, data 1..16, a table of 1..24 constants, a prelude of 0..5 nodes, 1..2 loops of 1..20 terms, an outer expression.</summary>
    public static readonly Gen<PlainLoopProgram> Program = Gen.Select(Gen.Int[1, 8], Gen.Int[1, 16], Pick.Array[1, 24],
        RawNode.Array[0, 5], RawLoopGen(1, 20, 8, true, false).Array[1, 2], RawNode.Array[1, 4], Build);

    /// <summary>
    /// One loop of 8..20 terms with a near miss, no prelude, a one-node outer expression: no other chain can reach 8
    /// terms, so a recovered loop of the full count could only be the near miss recovered whole.
    /// </summary>
    public static readonly Gen<PlainLoopProgram> NearMissProgram = Gen.Select(Gen.Int[1, 8], Gen.Int[1, 16], Pick.Array[1, 24],
        RawLoopGen(8, 20, 6, false, true), RawNode, (d, m, table, loop, outer) => Build(d, m, table, [], [loop], [outer]));

    /// <summary>A program, a point w and a data set, all coordinates in [-2, 2].</summary>
    public static Gen<(PlainLoopProgram Program, double[] W, double[] Data)> WithData(Gen<PlainLoopProgram> programs) =>
        programs.SelectMany(p => Gen.Select(RandomProgramGen.Point(p.Dimension), RandomProgramGen.Point(p.DataLength), (w, d) => (p, w, d)));

    public static PlainLoopProgram Build(int dimension, int dataLength, int[] table, RandomProgramGen.RawNode[] prelude, RawLoop[] loops,
        RandomProgramGen.RawNode[] outer)
    {
        double[] values = [.. table.Select(t => t % 3 == 0 ? Special[t / 3 % Special.Length] : t / 250.0 - 2)];
        RandomProgram pre = RandomProgramGen.Build(dimension, prelude, Kinds, RandomProgramGen.AllGuards);
        int preValues = dimension + pre.Nodes.Count;
        var program = new PlainLoopProgram(dimension, dataLength, values, pre, [], RandomProgramGen.Build(1 + loops.Length, outer, Kinds, RandomProgramGen.AllGuards));
        return program with { Loops = [.. loops.Select(l => BuildLoop(l, program, preValues, null, 0))] };
    }

    private static PlainLoop BuildLoop(RawLoop raw, PlainLoopProgram p, int preValues, int? parentLeaves, int parentCount)
    {
        var leaves = new List<PlainLeaf>();
        foreach (RawLeaf r in raw.Leaves)
        {
            // Top level: w, data, table, prelude value. Nested: also the enclosing term's values, and reads indexed by the enclosing loop.
            var kind = (PlainLeafKind)(r.Kind % (parentLeaves is null ? 4 : 5));
            bool outerLoop = parentLeaves is not null && r.Loop % 3 == 0 && kind is PlainLeafKind.W or PlainLeafKind.Data or PlainLeafKind.Table;
            int count = outerLoop ? parentCount : raw.Count;
            leaves.Add(kind switch
            {
                PlainLeafKind.W => new PlainLeaf(kind, Index(r, count, p.Dimension), OuterLoop: outerLoop),
                PlainLeafKind.Data => new PlainLeaf(kind, Index(r, count, p.DataLength), OuterLoop: outerLoop),
                PlainLeafKind.Table => new PlainLeaf(kind, Index(r, count, p.Table.Length), OuterLoop: outerLoop),
                PlainLeafKind.Outer => new PlainLeaf(kind, Value: r.Value % preValues),
                _ => new PlainLeaf(kind, Value: r.Value % parentLeaves!.Value),
            });
        }
        PlainLoop? nested = raw.Nested is null ? null : BuildLoop(raw.Nested, p, preValues, leaves.Count, raw.Count);
        int inputs = leaves.Count + (nested is null ? 0 : 1);
        var start = (PlainStart)(raw.Start % 4);
        // A near miss needs an iteration with terms on both sides (1..Count-2).
        var miss = raw.Count >= 3 && raw.Miss is >= 1 and <= 3 ? (NearMiss)raw.Miss : NearMiss.None;
        return new PlainLoop(raw.Count, start, raw.Start / 4 % preValues, raw.Step % 3 == 0, [.. leaves],
            RandomProgramGen.Build(inputs, raw.Body, Kinds, RandomProgramGen.AllGuards), nested, miss, 1 + raw.Step / 3 % Math.Max(1, raw.Count - 2));
    }
}
