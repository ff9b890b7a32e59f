using System.Text;
using static ExprGrad.Scalar;

namespace ExprGrad.Tests.Reliability;

/// <summary>What one input of a plain loop's term reads.</summary>
public enum PlainLeafKind { W, Data, Table, Outer, Parent }

/// <summary>What a plain loop's sum starts from: 0, -0.0, a value computed before it, or its own first term.</summary>
public enum PlainStart { Zero, NegativeZero, Outer, FirstTerm }

/// <summary>
/// How a loop departs from a clean reduction, on purpose: its term is another computation at iteration
/// <see cref="PlainLoop.At"/>, it reads an entry at a non-affine index, or its running sum is read midway.
/// </summary>
public enum NearMiss { None, DiffersAt, NonAffineIndex, UsedMidway }

/// <summary>
/// One input of a term: <c>w[index]</c>, <c>data[index]</c>, <c>table[index]</c> (a captured <c>double[]</c>: a
/// constant that differs per iteration), a value computed before the loops, or a value of the enclosing term;
/// <see cref="OuterLoop"/> indexes by the enclosing loop's counter.
/// </summary>
public sealed record PlainLeaf(PlainLeafKind Kind, Affine? Index = null, int Value = 0, bool OuterLoop = false);

/// <summary>
/// <c>s = start; for (i &lt; Count) s += term(i)</c> (or <c>-=</c>), the term a random program of its leaves and, with
/// <see cref="Nested"/>, of <c>2 Tanh</c> of an inner plain loop.
/// </summary>
public sealed record PlainLoop(int Count, PlainStart Start, int StartValue, bool Subtracts, PlainLeaf[] Leaves, RandomProgram Body,
    PlainLoop? Nested, NearMiss Miss, int At);

/// <summary>
/// A function written the way users write plain C#: f(w, data) = prelude output + the loops' sums + Outer(2 Tanh of
/// each), where every loop is a C# <c>for</c> loop that tracing unrolls and loop recovery should make a loop again.
/// </summary>
public sealed record PlainLoopProgram(int Dimension, int DataLength, double[] Table, RandomProgram Prelude, PlainLoop[] Loops, RandomProgram Outer)
{
    public Func<Vec, Vec, Scalar> AsFunction() => Run;

    public Scalar Run(Vec w, Vec data)
    {
        Scalar[] pre = Prelude.Values(new ScalarAlgebra(k => w[k]));
        var outer = new Scalar[pre.Length];
        for (int v = 0; v < pre.Length; v++) outer[v] = v < Dimension ? pre[v] : 2 * Tanh(pre[v]);
        Scalar preOut = Prelude.Nodes.Count == 0 ? w[0] : Prelude.Run(new ScalarAlgebra(k => w[k]));
        Scalar[] sums = [.. Loops.Select(loop => RunLoop(loop, w, data, outer, [], 0))];
        Scalar total = preOut;
        foreach (Scalar s in sums) total += s;
        Scalar[] outerInputs = [2 * Tanh(preOut), .. sums.Select(s => 2 * Tanh(s))];
        return total + Outer.Run(new ScalarAlgebra(k => outerInputs[k]));
    }

    private Scalar RunLoop(PlainLoop loop, Vec w, Vec data, Scalar[] outer, Scalar[] parent, int parentIndex)
    {
        Scalar s = loop.Start switch
        {
            PlainStart.Zero => 0.0,
            PlainStart.NegativeZero => -0.0,
            PlainStart.Outer => outer[loop.StartValue],
            _ => default,
        };
        Scalar midway = 0.0;
        for (int i = 0; i < loop.Count; i++)
        {
            var inputs = new List<Scalar>();
            foreach (PlainLeaf leaf in loop.Leaves)
            {
                int index = leaf.Index is null ? 0 : leaf.Index.On(leaf.OuterLoop ? parentIndex : i);
                inputs.Add(leaf.Kind switch
                {
                    PlainLeafKind.W => w[index],
                    PlainLeafKind.Data => data[index],
                    PlainLeafKind.Table => Table[index],
                    PlainLeafKind.Outer => outer[leaf.Value],
                    _ => parent[leaf.Value],
                });
            }
            if (loop.Nested is { } nested) inputs.Add(2 * Tanh(RunLoop(nested, w, data, outer, [.. inputs], i)));
            Scalar[] x = [.. inputs];
            Scalar term = loop.Body.Run(new ScalarAlgebra(k => x[k]));
            if (loop.Miss == NearMiss.DiffersAt && i == loop.At) term = Sin(term);
            if (loop.Miss == NearMiss.NonAffineIndex) term += 0.5 * w[NonAffine(i)];
            if (i == 0 && loop.Start == PlainStart.FirstTerm) s = term;
            else if (loop.Subtracts) s -= term;
            else s += term;
            if (loop.Miss == NearMiss.UsedMidway && i == loop.At) midway = s;
        }
        return loop.Miss == NearMiss.UsedMidway ? s + 2 * Tanh(midway) : s;
    }

    /// <summary>The index a <see cref="NearMiss.NonAffineIndex"/> loop reads w at in iteration <paramref name="i"/>.</summary>
    public int NonAffine(int i) => (i * i + 1) % Dimension;

    /// <summary>The program as a C# lambda for <c>Grad.Compile((Vec w, Vec data) => ..., dimension, dataLength)</c>.</summary>
    public string ToCSharp()
    {
        var text = new StringBuilder("(Vec w, Vec data) =>\n{\n");
        text.Append($"    double[] table = [{string.Join(", ", Table.Select(RandomProgram.Show))}];\n");
        string[] preNames = [.. Enumerable.Range(0, Prelude.Inputs).Select(k => $"w[{k}]")];
        string preOut = Prelude.Nodes.Count == 0 ? "w[0]" : PrintNodes(text, Prelude, preNames, "p", "    ");
        var outerNames = new string[Prelude.Inputs + Prelude.Nodes.Count];
        for (int v = 0; v < outerNames.Length; v++)
        {
            outerNames[v] = v < Dimension ? $"w[{v}]" : $"q{v - Dimension}";
            if (v >= Dimension) text.Append($"    var q{v - Dimension} = 2 * Tanh(p{v - Dimension});\n");
        }
        for (int k = 0; k < Loops.Length; k++) PrintLoop(text, Loops[k], $"s{k}", "i", null, outerNames, [], "a", "t", "    ");
        string[] outerInputs = [$"2 * Tanh({preOut})", .. Enumerable.Range(0, Loops.Length).Select(k => $"2 * Tanh(s{k})")];
        for (int k = 0; k < outerInputs.Length; k++) text.Append($"    var o{k} = {outerInputs[k]};\n");
        string outerOut = PrintNodes(text, Outer, [.. Enumerable.Range(0, outerInputs.Length).Select(k => $"o{k}")], "r", "    ");
        string sums = string.Concat(Enumerable.Range(0, Loops.Length).Select(k => $" + s{k}"));
        return text.Append($"    return {preOut}{sums} + {outerOut};\n}}").ToString();
    }

    private void PrintLoop(StringBuilder text, PlainLoop loop, string sum, string i, string? parentIndex, string[] outer, string[] parent,
        string leafPrefix, string nodePrefix, string indent)
    {
        string start = loop.Start switch
        {
            PlainStart.Zero => "0.0",
            PlainStart.NegativeZero => "-0.0",
            PlainStart.Outer => outer[loop.StartValue],
            _ => "default",
        };
        text.Append($"{indent}Scalar {sum} = {start}, {sum}_mid = 0.0;\n{indent}for (int {i} = 0; {i} < {loop.Count}; {i}++)\n{indent}{{\n");
        string inner = indent + "    ";
        var names = new List<string>();
        for (int l = 0; l < loop.Leaves.Length; l++)
        {
            PlainLeaf leaf = loop.Leaves[l];
            string index = leaf.Index?.Print(leaf.OuterLoop ? parentIndex! : i) ?? "";
            string expression = leaf.Kind switch
            {
                PlainLeafKind.W => $"w[{index}]",
                PlainLeafKind.Data => $"data[{index}]",
                PlainLeafKind.Table => $"(Scalar)table[{index}]",
                PlainLeafKind.Outer => outer[leaf.Value],
                _ => parent[leaf.Value],
            };
            text.Append($"{inner}var {leafPrefix}{l} = {expression};\n");
            names.Add($"{leafPrefix}{l}");
        }
        if (loop.Nested is { } nested)
        {
            PrintLoop(text, nested, "n", "j", i, outer, [.. names], "b", "u", inner);
            text.Append($"{inner}var {leafPrefix}{names.Count} = 2 * Tanh(n);\n");
            names.Add($"{leafPrefix}{names.Count}");
        }
        string term = PrintNodes(text, loop.Body, [.. names], nodePrefix, inner);
        text.Append($"{inner}Scalar {sum}_term = {term};\n");
        if (loop.Miss == NearMiss.DiffersAt) text.Append($"{inner}if ({i} == {loop.At}) {sum}_term = Sin({sum}_term);\n");
        if (loop.Miss == NearMiss.NonAffineIndex) text.Append($"{inner}{sum}_term += 0.5 * w[({i} * {i} + 1) % {Dimension}];\n");
        string step = loop.Subtracts ? "-=" : "+=";
        text.Append(loop.Start == PlainStart.FirstTerm
            ? $"{inner}if ({i} == 0) {sum} = {sum}_term; else {sum} {step} {sum}_term;\n"
            : $"{inner}{sum} {step} {sum}_term;\n");
        if (loop.Miss == NearMiss.UsedMidway) text.Append($"{inner}if ({i} == {loop.At}) {sum}_mid = {sum};\n");
        text.Append($"{indent}}}\n");
        if (loop.Miss == NearMiss.UsedMidway) text.Append($"{indent}{sum} = {sum} + 2 * Tanh({sum}_mid);\n");
    }

    private static string PrintNodes(StringBuilder text, RandomProgram p, string[] inputNames, string prefix, string indent)
        => SumProgram.PrintNodes(text, p, inputNames, prefix, indent);

    public string Describe(double[] w, double[] data)
        => $"{ToCSharp()}\ndimension: {Dimension}, dataLength: {DataLength}\nw = {RandomProgram.Show(w)}\ndata = {RandomProgram.Show(data)}";
}
