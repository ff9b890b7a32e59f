using System.Runtime.CompilerServices;
using static ExprGrad.Scalar;

namespace ExprGrad.Tests.Compiler.CodeGen;

/// <summary>
/// The reverse transform is a pure function, tested by printing: the generated code of small cases is
/// compared with golden files. Set EXPRGRAD_UPDATE_GOLDEN=1 to rewrite them (then review the diff).
/// </summary>
public class GoldenCodeTests
{
    public static TheoryData<string> Cases => new(Functions.Keys);

    private static readonly double[] Weights = [0.5, 1.5, 2.5, 3.5, 4.5, 5.5, 6.5, 7.5];

    private static readonly Dictionary<string, (Func<Vec, Scalar> F, int Dimension)> Functions = new()
    {
        ["lecture_relu_layer"] = (v => Max(0, v[0] * v[1] + v[2]), 3),
        ["lecture_x_times_x_plus_1"] = (v => v[0] * (v[0] + 1), 1),
        ["lecture_shared_input"] = (v => v[0] * v[0], 1),
        ["exp_sin_tanh"] = (v => Exp(Sin(v[0]) * v[1]) + Tanh(v[1]), 2),
        ["where_and_integer_power"] = (v => Where(v[0] > v[1], Pow(v[0], 3), Sqrt(v[1])), 2),
        // Two Rosenbrock terms: a subtraction's partial (-1 * v) is subtracted where it is summed (v_bar = a - b), never multiplied.
        ["rosenbrock_terms_subtract"] = (v => Square(v[1] - Square(v[0])) + Square(1 - v[0]), 2),
        // A plain C# loop recovered as a loop: it starts from v[0], reads the captured weights from a table.
        ["recovered_plain_loop"] = (v =>
        {
            Scalar s = v[0];
            for (int i = 0; i < 8; i++) s += Weights[i] * Sin(v[i + 1]);
            return s;
        }, 9),
    };

    [Theory, MemberData(nameof(Cases))]
    public void Generated_code_matches_golden_file(string name)
    {
        var (f, dimension) = Functions[name];
        string code = Grad.Compile(f, dimension).ToCSharpString();
        string path = Path.Combine(SourceDirectory(), "..", "..", "Golden", name + ".cs.txt");
        if (Environment.GetEnvironmentVariable("EXPRGRAD_UPDATE_GOLDEN") == "1") File.WriteAllText(path, code);
        Assert.True(File.Exists(path), $"Golden file {path} is missing: run the tests once with EXPRGRAD_UPDATE_GOLDEN=1.");
        Assert.Equal(File.ReadAllText(path).Replace("\r\n", "\n"), code);
    }

    [Fact]
    public void Generated_code_is_deterministic()
    {
        var (f, dimension) = Functions["exp_sin_tanh"];
        Assert.Equal(Grad.Compile(f, dimension).ToCSharpString(), Grad.Compile(f, dimension).ToCSharpString());
    }

    private static string SourceDirectory([CallerFilePath] string path = "") => Path.GetDirectoryName(path)!;
}
