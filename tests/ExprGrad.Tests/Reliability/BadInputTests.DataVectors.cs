using static ExprGrad.Scalar;

namespace ExprGrad.Tests.Reliability;

/// <summary>Misuse catalogue, continued (issue 13 §2): several data vectors and Vec views of arrays.</summary>
public partial class BadInputTests
{
    private static readonly CompiledGradient TwoVectors = Grad.Compile((Vec w, Vec a, Vec b) => w[0] * a[0] + w[1] * b[1], 2, 1, 2);

    private static readonly Dictionary<string, (Action Call, Type Exception, string? Parameter, string[] Mentions)> DataVectorCalls = new()
    {
        ["Bind: too few arrays"] = (() => TwoVectors.Bind(new double[][] { [1.0, 2, 3] }), typeof(ArgumentException), "data",
            ["Bind got 1 arrays", "2 data vectors (lengths 1, 2)"]),
        ["Bind: too many arrays"] = (() => TwoVectors.Bind([1.0], [2.0, 3], [4.0]), typeof(ArgumentException), "data", ["Bind got 3 arrays"]),
        ["Bind: one array of the wrong total length"] = (() => TwoVectors.Bind([1.0, 2]), typeof(ArgumentException), "data",
            ["length 2", "data of length 3"]),
        ["Bind: wrong length"] = (() => TwoVectors.Bind([1.0], [2.0]), typeof(ArgumentException), "data", ["Data vector 2 has length 1", "lengths 1, 2"]),
        ["Bind: a null array"] = (() => TwoVectors.Bind([1.0], null!), typeof(ArgumentNullException), "data", ["Data vector 2", "is null"]),
        ["Bind: arrays for a function without data vectors"] = (() => Shared.Bind([1.0], [2.0]), typeof(ArgumentException), "data",
            ["0 data vectors"]),
        ["Compile: negative second length"] = (() => Grad.Compile((Vec w, Vec a, Vec b) => w[0], 1, 2, -1), typeof(ArgumentOutOfRangeException),
            "dataLength2", ["Data vector 2's length", "got -1"]),
        ["Compile: lengths adding past Array.MaxLength"] = (() => Grad.Compile((Vec w, Vec a, Vec b, Vec c) => w[0], 1, int.MaxValue / 2, int.MaxValue / 2, 10),
            typeof(ArgumentOutOfRangeException), "dataLength", ["Array.MaxLength"]),
        ["Compile: null function of data vectors"] = (() => Grad.Compile((Func<Vec, Vec, Vec, Scalar>)null!, 1, 1, 1), typeof(ArgumentNullException),
            "function", []),
        ["Concatenated call: wrong total length"] = (() => TwoVectors.Value(Point, [1.0, 2]), typeof(ArgumentException), "data",
            ["length 2", "data of length 3"]),
        ["Vec.Of: null array"] = (() => Vec.Of((double[])null!), typeof(ArgumentNullException), "values", []),
        ["Vec.Of: read outside the array with a loop index"] = (() => Grad.Compile(x => Sum(3, i => x[0] * Vec.Of([1.0, 2])[i]), 1),
            typeof(ArgumentOutOfRangeException), "i", ["reads entries 0..2", "length 2"]),
    };

    public static TheoryData<string> DataVectorCases => [.. DataVectorCalls.Keys];

    [Theory, MemberData(nameof(DataVectorCases))]
    public void Data_vector_misuse_throws_naming_the_argument(string entry)
    {
        var (call, exception, parameter, mentions) = DataVectorCalls[entry];
        var e = Assert.ThrowsAny<ArgumentException>(call);
        Assert.IsType(exception, e);
        Assert.Equal(parameter, e.ParamName);
        foreach (string m in mentions) Assert.Contains(m, e.Message);
        AssertHealthy(Shared);
        AssertHealthy(Grad.Compile(F, 2));
    }
}
