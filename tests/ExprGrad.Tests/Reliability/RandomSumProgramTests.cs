using System.Diagnostics;
using CsCheck;
using Xunit.Abstractions;
using static ExprGrad.Tests.Ops.OpCases;

namespace ExprGrad.Tests.Reliability;

/// <summary>
/// Differential testing of <see cref="Scalar.Sum"/> and data inputs: random programs with 1-3 sums (bodies over
/// w and data read through affine loop indices, Scalars computed before the sum, at most one nested sum) must
/// give the same value and gradient (relative 1e-10) compiled with FastExpressionCompiler and with
/// System.Linq.Expressions, on tape and in forward mode, and as the same function written with plain C# loops
/// (unrolled by the tape), and compiled with every loop body split into chunks and every top-level sum run in
/// parallel blocks. Each compiled gradient is built once and called with two data sets (directly and
/// through <c>Bind</c>); tape and forward mode get each data set at creation. Some calls pass a gradient span
/// that is also w or the data (issue 11 §1): the result must not change.
/// </summary>
public class RandomSumProgramTests(ITestOutputHelper output)
{
    // Measured on 2 cores: 1,500 programs (about half with a nested sum) in 12.5 to 15 s; each costs 2 compilations,
    // 4 tapes and 4 forward runs (two of each unrolled) and 8 compiled calls (4 of them through Bind).
    private const int Programs = 1_500;
    private const double Tolerance = 1e-10;

    [Fact]
    public void Sum_programs_agree_across_modes_backends_data_sets_and_the_unrolled_loop()
    {
        var clock = Stopwatch.StartNew();
        int nested = 0, fellBack = 0;
        var examples = new List<string>();
        Check.Sample(RandomSumProgramGen.ProgramAndData, t =>
        {
            if (t.Program.Sums.Any(s => s.Nested is not null)) Interlocked.Increment(ref nested);
            if (CheckProgram(t.Program, t.W, t.Data1, t.Data2))
            {
                Interlocked.Increment(ref fellBack);
                lock (examples) if (examples.Count < 3) examples.Add(t.Program.ToCSharp());
            }
        }, iter: Programs, print: t => t.Program.Describe(t.W, t.Data1, t.Data2));
        output.WriteLine($"{Programs} sum programs ({nested} with a nested sum) in {clock.Elapsed.TotalSeconds:F1} s; " +
            $"FastExpressionCompiler declined {fellBack}");
        foreach (string example in examples) output.WriteLine(example);
        // Every program must compile with FastExpressionCompiler itself: a silent fallback is a failure.
        Assert.True(fellBack == 0, $"FastExpressionCompiler declined {fellBack} of {Programs} sum programs, e.g.:\n{string.Join("\n", examples)}");
    }

    /// <summary>Checks one program; true when FastExpressionCompiler declined it (CompilerBackend.Auto fell back).</summary>
    private static bool CheckProgram(SumProgram p, double[] w, double[] data1, double[] data2)
    {
        string describe = p.Describe(w, data1, data2);
        var looped = p.AsFunction(looped: true);
        var unrolled = p.AsFunction(looped: false);
        // Auto, so that a decline is counted (and fails the test at the end) instead of stopping the sample.
        CompiledGradient fec = Grad.Compile(looped, p.Dimension, p.DataLength, new GradOptions { Backend = CompilerBackend.Auto });
        CompiledGradient system = Grad.Compile(looped, p.Dimension, p.DataLength, new GradOptions { Backend = CompilerBackend.SystemLinqExpressions });
        // Every loop body cut into chunks of 3 statements and every top-level sum run in parallel blocks.
        CompiledGradient shaped = Grad.Compile(looped, p.Dimension, p.DataLength, Shaped);
        // Workspace code in units of 3 statements, loops inline (adjoint loops read values their forward loops stored).
        CompiledGradient units = Grad.Compile(looped, p.Dimension, p.DataLength, new GradOptions { UnitSize = 3 });
        foreach (var (data, name) in new[] { (data1, "data1"), (data2, "data2") })
        {
            var expected = Modes.Evaluate(Grad.Tape(unrolled, p.Dimension, data), w);
            var results = new List<(string Mode, (double Value, double[] Gradient) Result)>
            {
                ("compiled-fec", Call(fec, w, data)),
                ("compiled-system", Call(system, w, data)),
                ("compiled-fec bound", Modes.Evaluate(fec.Bind(data), w)),
                ("compiled-system bound", Modes.Evaluate(system.Bind(data), w)),
                ("compiled split+parallel", Call(shaped, w, data)),
                ("compiled units", Call(units, w, data)),
                ("compiled-fec, gradient is w", CallAliased(fec, w, data, gradientIsData: false)),
                ("compiled-fec, gradient is data", CallAliased(fec, w, data, gradientIsData: true)),
                ("compiled units, gradient is w", CallAliased(units, w, data, gradientIsData: false)),
                ("compiled units, gradient is data", CallAliased(units, w, data, gradientIsData: true)),
                ("forward, gradient is w", Aliased(Grad.Forward(looped, p.Dimension, data), w)),
                ("tape, gradient is w", Aliased(Grad.Tape(looped, p.Dimension, data), w)),
                ("tape", Modes.Evaluate(Grad.Tape(looped, p.Dimension, data), w)),
                ("forward", Modes.Evaluate(Grad.Forward(looped, p.Dimension, data), w)),
                ("forward unrolled", Modes.Evaluate(Grad.Forward(unrolled, p.Dimension, data), w)),
            };
            foreach (var (mode, (value, gradient)) in results)
            {
                AssertClose(expected.Value, value, Tolerance, $"value with {name}, {mode} against unrolled tape\n{describe}\n");
                for (int k = 0; k < w.Length; k++)
                    AssertClose(expected.Gradient[k], gradient[k], Tolerance, $"d/dw{k} with {name}, {mode} against unrolled tape\n{describe}\n");
            }
        }
        return new[] { fec, shaped, units }.Any(g => g.Backend.Contains("fallback", StringComparison.Ordinal));
    }

    private static readonly GradOptions Shaped = new() { UnitSize = 3, SplitAbove = 2, Parallel = true, ParallelMinimumWork = 0 };

    private static (double Value, double[] Gradient) Call(CompiledGradient g, double[] w, double[] data)
    {
        // Garbage in the caller's gradient must not show: a loop may store its entries instead of adding (StoredScatters).
        var gradient = new double[g.Dimension];
        Array.Fill(gradient, double.NaN);
        double value = g.ValueAndGradient(w, data, gradient);
        return (value, gradient);
    }

    /// <summary>Calls with the gradient span over w's copy or over the data's copy (issue 11 §1: aliasing must not change the result).</summary>
    private static (double Value, double[] Gradient) CallAliased(CompiledGradient g, double[] w, double[] data, bool gradientIsData)
    {
        if (!gradientIsData)
        {
            double[] shared = [.. w];
            double value = g.ValueAndGradient(shared, data, shared);
            return (value, shared);
        }
        var buffer = new double[Math.Max(data.Length, g.Dimension)];
        data.CopyTo(buffer, 0);
        double result = g.ValueAndGradient(w, buffer.AsSpan(0, data.Length), buffer.AsSpan(0, g.Dimension));
        return (result, buffer[..g.Dimension]);
    }

    private static (double Value, double[] Gradient) Aliased(IGradient g, double[] w)
    {
        double[] shared = [.. w];
        double value = g.ValueAndGradient(shared, shared);
        return (value, shared);
    }

    [Fact]
    public void Printer_writes_sums_nested_sums_and_affine_indices()
    {
        var body = new RandomProgram(3, [new(Kind.Mul, [0, 1]), new(Kind.Add, [3, 2])], [4]);
        var inner = new SumSpec(2, [new(LeafKind.W, new Affine(2, 1, 0)), new(LeafKind.Parent, Value: 0), new(LeafKind.Data, new Affine(1, 3, 2), OuterLoop: true)],
            body, null);
        var outer = new SumSpec(3, [new(LeafKind.Data, new Affine(-1, 2, 1)), new(LeafKind.Outer, Value: 2)],
            body, inner);
        var prelude = new RandomProgram(4, [new(Kind.Sin, [0])], [4]);
        var program = new SumProgram(4, 6, prelude, [outer], new RandomProgram(2, [new(Kind.Mul, [0, 1])], [2]));
        string text = program.ToCSharp();
        Assert.Contains("var a0 = data[i * -1 + 2];", text);
        Assert.Contains("var b0 = w[2 * j + 1];", text);
        Assert.Contains("var b2 = data[(i + 1) * 1 + 2];", text);
        Assert.Contains("var s0 = Sum(3, i =>", text);
        Assert.Contains("var n = Sum(2, j =>", text);

        // The printed index forms compute the same index as the LoopIndex operators and the unrolled ints.
        foreach (var a in new[] { new Affine(2, 1, 0), new Affine(1, 3, 2), new Affine(-1, 2, 1), new Affine(3, 0, 3) })
            for (int i = 0; i < 3; i++)
                Assert.Equal(a.Scale * i + a.Offset, a.On(i));

        // Looped and unrolled agree on this hand-written program too.
        double[] w = [0.3, -0.7, 1.1, -1.9], data = [0.1, 0.2, 0.3, 0.4, 0.5, 0.6];
        var compiled = Grad.Compile(program.AsFunction(true), 4, 6);
        var gradient = new double[4];
        double value = compiled.ValueAndGradient(w, data, gradient);
        var (expected, expectedGradient) = Modes.Evaluate(Grad.Tape(program.AsFunction(false), 4, data), w);
        AssertClose(expected, value, Tolerance, "value");
        for (int k = 0; k < 4; k++) AssertClose(expectedGradient[k], gradient[k], Tolerance, $"d/dw{k}");
        output.WriteLine(text);
    }
}
