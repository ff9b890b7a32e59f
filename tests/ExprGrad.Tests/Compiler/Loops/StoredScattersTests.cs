using ExprGrad.Compiler;
using static ExprGrad.Scalar;

namespace ExprGrad.Tests.Compiler.Loops;

/// <summary>
/// A span kernel whose one scattering loop writes each of its gradient entries once stores them (no zeroing, no load,
/// no addition) and the caller zeroes only the other entries (<see cref="StoredScatters"/>). The gradient the caller passes
/// holds garbage here (NaN, huge numbers): every entry must still come out as the tape's, 1e-12 relative, on both backends,
/// whether the loop stores or not.
/// </summary>
public class StoredScattersTests
{
    private const double Tolerance = 1e-12;

    private static Scalar RosenbrockLoop(Vec x)
    {
        Scalar s = 0;
        for (int i = 0; i < x.Length - 1; i++) s += 100 * Square(x[i + 1] - Square(x[i])) + Square(1 - x[i]);
        return s;
    }

    // Name -> function, and whether its loop stores (the plan's conditions, seen from outside).
    private static readonly Dictionary<string, (Func<Vec, Scalar> F, bool Stores)> Functions = new()
    {
        ["rosenbrock plain loop"] = (RosenbrockLoop, true),
        ["rosenbrock with Sum"] = (x => Sum(x.Length - 1, i => 100 * Square(x[i + 1] - Square(x[i])) + Square(1 - x[i])), true),
        // One gather at offset 1: entry 0 is outside the stored range, written after the loop.
        ["one scatter, offset 1"] = (x => { Scalar s = Square(x[0]); for (int i = 1; i < x.Length; i++) s += Sin(x[i]) * (i + 0.5); return s; }, true),
        // The loop covers entries 0..n-2; x[n-1] gets its derivative after the loop, added to the stored entry.
        ["stored entries added to after"] = (x => Sum(x.Length - 1, i => Square(x[i] - 1)) + Exp(x[x.Length - 1]) * x[x.Length - 2], true),
        // Neighbours read the other way round (x[i + 1] first), the negated partial of a difference subtracted.
        ["neighbours, difference"] = (x => Sum(x.Length - 1, i => Square(x[i + 1]) - x[i] * x[i + 1]), true),
        // Two scattering loops: both add, the whole gradient is zeroed first.
        ["two loops"] = (x => Sum(x.Length, i => Square(x[i])) + Sum(x.Length - 1, i => x[i] * x[i + 1]), false),
        // Step 2: entries 0, 2, 4, ... and 1, 3, 5, ...: not one contiguous range, so they add.
        ["step 2"] = (x => Sum(x.Length / 2, i => x[2 * i] * Sin(x[2 * i + 1])), false),
    };

    public static TheoryData<string, CompilerBackend> Cases()
    {
        var data = new TheoryData<string, CompilerBackend>();
        foreach (string name in Functions.Keys)
            foreach (CompilerBackend backend in new[] { CompilerBackend.FastExpressionCompiler, CompilerBackend.SystemLinqExpressions })
                data.Add(name, backend);
        return data;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Every_entry_is_the_tapes_whatever_the_gradient_held(string name, CompilerBackend backend)
    {
        const int n = 12;
        var (f, _) = Functions[name];
        var compiled = Grad.Compile(f, n, new GradOptions { Backend = backend });
        IGradient tape = Grad.Tape(f, n);
        foreach (double garbage in new[] { double.NaN, 1e300, -0.0 })
        {
            double[] x = [.. Enumerable.Range(0, n).Select(i => 0.3 + 0.17 * i - 0.05 * (i % 3))];
            double[] expected = new double[n], actual = new double[n];
            Array.Fill(actual, garbage);
            double expectedValue = tape.ValueAndGradient(x, expected);
            double value = compiled.ValueAndGradient(x, actual);
            Assert.Equal(expectedValue, value, Tolerance);
            for (int i = 0; i < n; i++)
                Assert.True(Math.Abs(expected[i] - actual[i]) <= Tolerance * Math.Max(1, Math.Abs(expected[i])),
                    $"{name}, gradient held {garbage}: entry {i} is {actual[i]:R}, the tape's {expected[i]:R}");
        }
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void The_loop_stores_only_where_each_entry_is_written_once(string name, CompilerBackend backend)
    {
        var (f, stores) = Functions[name];
        string code = Grad.Compile(f, 12, new GradOptions { Backend = backend }).ToCSharpString();
        // A loop's scatter reads "(iN * step) + offset"; stored, it is a SpanAccess.Store call.
        bool stored = code.Contains("SpanAccess.Store(\n            gradient,\n            (i", StringComparison.Ordinal);
        Assert.True(stores == stored, $"{name}: expected the loop to {(stores ? "store" : "add")}:\n{code}");
    }
}
