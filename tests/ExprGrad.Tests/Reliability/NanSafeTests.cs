using static ExprGrad.Scalar;

namespace ExprGrad.Tests.Reliability;

/// <summary>
/// Issue 5 §5: <see cref="GradOptions.NanSafe"/> ("strong zero") makes the documented edge functions
/// differentiable at 0 in the reverse modes (compiled, both backends, and tape; forward mode has no option),
/// leaves IEEE behaviour when off, and changes nothing away from the edges.
/// </summary>
public class NanSafeTests
{
    private static readonly string[] ReverseModes = ["compiled-fec", "compiled-system", "tape"];

    private static readonly Dictionary<string, Func<Vec, Scalar>> Edges = new()
    {
        ["Where(x > 0, Sqrt(x), 0)"] = v => Where(v[0] > 0, Sqrt(v[0]), 0),
        ["Sqrt(Square(x))"] = v => Sqrt(Square(v[0])),
        ["y * Where(x > 0, Sqrt(x), 0)"] = v => v[1] * Where(v[0] > 0, Sqrt(v[0]), 0),
    };

    public static TheoryData<string, string> EdgeCases()
    {
        var data = new TheoryData<string, string>();
        foreach (string mode in ReverseModes) foreach (string f in Edges.Keys) data.Add(mode, f);
        return data;
    }

    [Theory, MemberData(nameof(EdgeCases))]
    public void NanSafe_gives_a_zero_gradient_at_the_edge(string mode, string function)
    {
        var (value, gradient) = Modes.Evaluate(Modes.Create(mode, Edges[function], 2, nanSafe: true), 0, 3);
        Assert.Equal(0.0, value);
        Assert.Equal([0.0, 0.0], gradient);
    }

    [Theory, MemberData(nameof(EdgeCases))]
    public void Without_NanSafe_the_edge_follows_IEEE(string mode, string function)
    {
        // sqrt'(0) = +inf meets a zero (routed-away or x = 0) factor: inf * 0 = NaN reaches x; y's entry stays exact.
        var (value, gradient) = Modes.Evaluate(Modes.Create(mode, Edges[function], 2), 0, 3);
        Assert.Equal(0.0, value);
        Assert.Equal([double.NaN, 0.0], gradient);
    }

    [Fact]
    public void NanSafe_is_off_by_default() => Assert.False(GradOptions.Default.NanSafe);

    private static readonly Func<Vec, Scalar>[] Smooth =
    [
        v => v[1] * Where(v[0] > 0, Sqrt(v[0]), 0) + Sqrt(Square(v[0]) + Square(v[1])),
        v => 100 * Square(v[1] - Square(v[0])) + Square(1 - v[0]) + Exp(v[0] * v[1]) / Log(2 + Square(v[1])),
        v => Atan2(v[1], v[0]) * Tanh(v[0]) + Pow(Abs(v[1]) + 1, v[0]) + Max(v[0], v[1]) * Min(v[0], -v[1]),
        v => Relu(v[0] - 0.1) + Sigmoid(v[1] * 3) + Softplus(v[0] - v[1]) + LogSumExp(v[0], v[1], v[0] * v[1]),
    ];

    [Fact]
    public void Away_from_the_edges_NanSafe_and_default_are_bit_identical()
    {
        var random = new Random(11);
        foreach (string mode in ReverseModes)
            for (int f = 0; f < Smooth.Length; f++)
            {
                IGradient plain = Modes.Create(mode, Smooth[f], 2), safe = Modes.Create(mode, Smooth[f], 2, nanSafe: true);
                for (int k = 0; k < 20; k++)
                {
                    // x > 0 keeps the first function's untaken sqrt branch finite (at x < 0 it is NaN: an edge too).
                    double[] x = [0.05 + 2 * random.NextDouble(), 4 * random.NextDouble() - 2];
                    var expected = Modes.Evaluate(plain, x);
                    var actual = Modes.Evaluate(safe, x);
                    string where = $"{mode}, function {f}, x = ({x[0]:R}, {x[1]:R})";
                    Assert.True(Bits(expected.Value) == Bits(actual.Value), where);
                    Assert.True(expected.Gradient.Select(Bits).SequenceEqual(actual.Gradient.Select(Bits)),
                        $"{where}: [{string.Join(", ", expected.Gradient)}] vs [{string.Join(", ", actual.Gradient)}]");
                }
            }
    }

    private static long Bits(double d) => BitConverter.DoubleToInt64Bits(d);
}
