using static ExprGrad.Scalar;

namespace ExprGrad.Tests.Reliability;

/// <summary>
/// Issue 11 §1: x, data and gradient may be views of one buffer (the same array, or overlapping by one
/// entry either way). Every entry point of every mode must then give exactly the value and gradient it gives
/// for separate arrays, and write nothing outside the gradient span. Compared bit for bit: it is the same code.
/// </summary>
public class AliasedSpansTests
{
    /// <summary>A function of n inputs and m data values (m = 0: no data), covering the code shapes.</summary>
    public sealed record Function(string Name, int N, int M, Func<Vec, Vec, Scalar> F);

    private static readonly Function[] Functions =
    [
        // The case: each partial is the other input (a leaf), so a gradient store can clobber a read.
        new("x0*x1", 2, 0, (x, _) => x[0] * x[1]),
        new("gradient entries are inputs and data", 3, 3, (x, d) => x[0] * d[0] + x[1] * d[2] + x[2] * x[0]),
        new("no loops", 3, 2, (x, d) => x[0] * x[1] + Sin(x[0]) * d[1] + Exp(x[2] - d[0]) + Where(x[1] > x[2], x[1], x[2])),
        // Loops scatter into the gradient as they run: the span kernel zeroes it first.
        new("sum over inputs", 4, 0, (x, _) => Sum(3, i => Square(x[i + 1] - Square(x[i])) + Square(1 - x[i]))),
        new("sum over inputs and data", 4, 5, (x, d) => Sum(3, i => Square(x[i] * d[i + 2] - x[i + 1]) + d[i] * x[i])
            + Log(Sum(2, j => Exp(x[2 * j + 1] * d[4])))),
        new("nested sums", 3, 4, (x, d) => Sum(2, i => Tanh(x[i] + Sum(2, j => x[j + 1] * d[2 * j] * d[i + 1])))),
    ];

    /// <summary>Where x, data and gradient live: in their own arrays (offset null) or in one shared buffer at an offset.</summary>
    public sealed record Layout(string Name, int? X, int? Data, int? Gradient);

    private static readonly Layout[] Layouts =
    [
        new("separate", null, null, null),
        new("gradient is x", 0, null, 0),
        new("gradient one entry after x", 0, null, 1),
        new("gradient one entry before x", 1, null, 0),
        new("gradient is data", null, 0, 0),
        new("gradient one entry after data", null, 0, 1),
        new("gradient one entry before data", null, 1, 0),
        new("data is x (read only)", 0, 0, null),
        new("data one entry after x (read only)", 0, 1, null),
        new("x, data and gradient all one", 0, 0, 0),
        new("x, data, gradient each one entry apart", 0, 1, 2),
    ];

    private static readonly string[] Entries =
    [
        "compiled-fec", "compiled-system", "compiled-units", "compiled-split-parallel", "compiled-bound",
        "tape", "forward", "compiled value", "tape value", "forward value",
    ];

    public static TheoryData<string, string, string> Cases()
    {
        var data = new TheoryData<string, string, string>();
        foreach (Function f in Functions)
            foreach (Layout layout in Layouts)
                if (f.M > 0 || layout.Data is null)
                    foreach (string entry in Entries) data.Add(f.Name, layout.Name, entry);
        return data;
    }

    private static readonly Dictionary<(string, string), CompiledGradient> Compiled = [];

    private static CompiledGradient Compile(Function f, string entry)
    {
        lock (Compiled)
        {
            if (Compiled.TryGetValue((f.Name, entry), out var g)) return g;
            GradOptions options = entry switch
            {
                "compiled-system" => new() { Backend = CompilerBackend.SystemLinqExpressions },
                "compiled-units" => new() { UnitSize = 3 },
                "compiled-split-parallel" => new() { UnitSize = 3, SplitAbove = 2, Parallel = true, ParallelMinimumWork = 0 },
                _ => new() { Backend = CompilerBackend.FastExpressionCompiler },
            };
            return Compiled[(f.Name, entry)] = f.M == 0 ? Grad.Compile(x => f.F(x, default), f.N, options) : Grad.Compile(f.F, f.N, f.M, options);
        }
    }

    /// <summary>Calls <paramref name="entry"/>; gradient is empty for the value-only entries. Data-bound modes copy the data when created.</summary>
    private static double Call(Function f, string entry, ReadOnlySpan<double> x, ReadOnlySpan<double> data, Span<double> gradient)
    {
        double[] bound = data.ToArray();
        IGradient Eager(string mode) => mode == "tape"
            ? f.M == 0 ? Grad.Tape(v => f.F(v, default), f.N) : Grad.Tape(f.F, f.N, bound)
            : f.M == 0 ? Grad.Forward(v => f.F(v, default), f.N) : Grad.Forward(f.F, f.N, bound);
        switch (entry)
        {
            case "tape" or "forward":
                return Eager(entry).ValueAndGradient(x, gradient);
            case "tape value" or "forward value":
                return Eager(entry[..entry.IndexOf(' ')]).Value(x);
            case "compiled value":
                CompiledGradient v = Compile(f, "compiled-fec");
                return f.M == 0 ? v.Value(x) : v.Value(x, data);
            case "compiled-bound":
                CompiledGradient b = Compile(f, "compiled-fec");
                return f.M == 0 ? b.ValueAndGradient(x, gradient) : b.Bind(data).ValueAndGradient(x, gradient);
            default:
                CompiledGradient g = Compile(f, entry);
                return f.M == 0 ? g.ValueAndGradient(x, gradient) : g.ValueAndGradient(x, data, gradient);
        }
    }

    [Theory, MemberData(nameof(Cases))]
    public void Aliased_spans_give_the_result_of_separate_arrays_in_every_entry_point(string function, string layoutName, string entry)
    {
        Function f = Functions.Single(c => c.Name == function);
        Layout layout = Layouts.Single(l => l.Name == layoutName);
        bool valueOnly = entry.EndsWith(" value", StringComparison.Ordinal);
        int gradientLength = valueOnly ? 0 : f.N;
        // The shared buffer holds inputs and data at distinct irregular values; each span not in it has its own array.
        int size = Math.Max(Math.Max((layout.X ?? 0) + f.N, (layout.Data ?? 0) + f.M), (layout.Gradient ?? 0) + gradientLength);
        double[] buffer = [.. Enumerable.Range(0, size).Select(k => 0.3 + 0.17 * k - 0.05 * k * k)];
        double[] ownX = [.. Enumerable.Range(0, f.N).Select(k => -0.4 + 0.23 * k)];
        double[] ownData = [.. Enumerable.Range(0, f.M).Select(k => 0.6 - 0.31 * k)];
        double[] ownGradient = new double[gradientLength];
        Span<double> x = layout.X is { } xAt ? buffer.AsSpan(xAt, f.N) : ownX;
        Span<double> data = layout.Data is { } dAt ? buffer.AsSpan(dAt, f.M) : ownData;
        Span<double> gradient = layout.Gradient is { } gAt && !valueOnly ? buffer.AsSpan(gAt, gradientLength) : ownGradient;

        // The reference: the same entry point on copies in separate arrays.
        var expectedGradient = new double[gradientLength];
        double expected = Call(f, entry, x.ToArray(), data.ToArray(), expectedGradient);
        double[] before = [.. buffer];

        double actual = Call(f, entry, x, data, gradient);

        string at = $"{function}, {layoutName}, {entry}";
        Assert.True(expected.Equals(actual), $"{at}: value {actual:R}, expected {expected:R}");
        for (int i = 0; i < gradientLength; i++)
            Assert.True(expectedGradient[i].Equals(gradient[i]), $"{at}: d/dx{i} = {gradient[i]:R}, expected {expectedGradient[i]:R}");
        for (int k = 0; k < size; k++)
        {
            bool inGradient = layout.Gradient is { } g0 && !valueOnly && k >= g0 && k < g0 + gradientLength;
            if (!inGradient) Assert.True(before[k].Equals(buffer[k]), $"{at}: buffer[{k}] outside the gradient changed from {before[k]:R} to {buffer[k]:R}");
        }
    }

    /// <summary>Regression (issue 11 §1): forward mode read x after writing gradient[0] into it: f.ValueAndGradient(b, b) gave 9 and [3, 3].</summary>
    [Fact]
    public void Forward_mode_with_the_gradient_buffer_as_x_gives_the_unaliased_value_and_gradient()
    {
        IGradient f = Grad.Forward(x => x[0] * x[1], 2);
        double[] b = [2, 3];
        Assert.Equal(6.0, f.ValueAndGradient(b, b));
        Assert.Equal([3.0, 2.0], b);

        IGradient withData = Grad.Forward((x, d) => x[0] * x[1] * d[0], 2, [1.0]);
        double[] c = [2, 3];
        Assert.Equal(6.0, withData.ValueAndGradient(c, c));
        Assert.Equal([3.0, 2.0], c);
    }
}
