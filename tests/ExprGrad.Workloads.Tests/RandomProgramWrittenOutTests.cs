using System.Runtime.CompilerServices;

namespace ExprGrad.Workloads.Tests;

/// <summary>
/// The written-out random program (issue 13 §3's hand baseline): the checked-in file is what the generator writes,
/// and its gradient is the interpreter's, the compiled one's and the finite differences' of its own value.
/// </summary>
public class RandomProgramWrittenOutTests
{
    public static TheoryData<int> Points => [0, 7];

    [Fact]
    public void Checked_in_file_is_what_the_generator_writes()
    {
        string path = Path.Combine(SourceDirectory(), "..", "..", RandomProgramSource.RelativePath);
        string generated = RandomProgramSource.Generate();
        if (Environment.GetEnvironmentVariable("EXPRGRAD_UPDATE_GOLDEN") == "1") File.WriteAllText(path, generated);
        Assert.True(File.ReadAllText(path) == generated,
            $"{RandomProgramSource.RelativePath} differs from RandomProgramSource.Generate(); regenerate it (see its header).");
    }

    [Theory, MemberData(nameof(Points))]
    public void Gradient_equals_the_interpreter_and_the_compiled_gradient(int seed)
    {
        var program = new RandomProgram();
        double[] x = At(program, seed);
        double[] written = new double[x.Length], interpreted = new double[x.Length], compiled = new double[x.Length];
        double value = RandomProgramWrittenOut.ValueAndGradient(x, written);
        double interpretedValue = program.InterpretedValueAndGradient(x, interpreted);
        double compiledValue = program.Compile().ValueAndGradient(x, compiled);
        // Same operations, possibly summed in another order by the compiler: 1e-12 relative per entry.
        Close.Relative(interpretedValue, value, 1e-12, "value vs interpreter");
        Close.Relative(compiledValue, value, 1e-12, "value vs compiled");
        for (int i = 0; i < x.Length; i++)
        {
            Entry(interpreted[i], written[i], 1e-12, $"gradient[{i}] vs interpreter");
            Entry(compiled[i], written[i], 1e-12, $"gradient[{i}] vs compiled");
        }
    }

    [Theory, MemberData(nameof(Points))]
    public void Gradient_matches_central_differences_of_its_value(int seed)
    {
        double[] x = At(new RandomProgram(), seed), gradient = new double[x.Length], scratch = new double[x.Length];
        RandomProgramWrittenOut.ValueAndGradient(x, gradient);
        for (int i = 0; i < x.Length; i++)
        {
            // h = 1e-5: truncation O(h^2 f''') and round-off O(eps |f| / h) both stay near 1e-9 here.
            const double h = 1e-5;
            double saved = x[i];
            x[i] = saved + h;
            double up = RandomProgramWrittenOut.ValueAndGradient(x, scratch);
            x[i] = saved - h;
            double down = RandomProgramWrittenOut.ValueAndGradient(x, scratch);
            x[i] = saved;
            Entry((up - down) / (2 * h), gradient[i], 1e-6, $"gradient[{i}] vs central difference");
        }
    }

    private static double[] At(RandomProgram program, int seed) => seed == 0 ? program.StartPoint() : FiniteDifference.NearStart(program, seed);

    // Relative to the larger of |expected| and 1, so an entry near 0 is compared absolutely.
    private static void Entry(double expected, double actual, double tolerance, string what)
    {
        double error = Math.Abs(expected - actual) / Math.Max(1, Math.Abs(expected));
        Assert.True(error <= tolerance, $"{what}: expected {expected:R}, got {actual:R}; error {error:E2} exceeds {tolerance:E0}.");
    }

    private static string SourceDirectory([CallerFilePath] string path = "") => Path.GetDirectoryName(path)!;
}
