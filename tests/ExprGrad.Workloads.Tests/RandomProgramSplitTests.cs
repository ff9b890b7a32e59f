using System.Runtime.CompilerServices;

namespace ExprGrad.Workloads.Tests;

/// <summary>
/// The written-out random program split into methods the JIT optimises (issue 13 §3's optimised hand baseline): the
/// checked-in file is what the generator writes, and its gradient is the single method's, the interpreter's and the
/// finite differences' of its own value, without allocating.
/// </summary>
public class RandomProgramSplitTests
{
    public static TheoryData<int> Points => [0, 7];

    [Fact]
    public void Checked_in_file_is_what_the_generator_writes()
    {
        string path = Path.Combine(SourceDirectory(), "..", "..", RandomProgramSplitSource.RelativePath);
        string generated = RandomProgramSplitSource.Generate();
        if (Environment.GetEnvironmentVariable("EXPRGRAD_UPDATE_GOLDEN") == "1") File.WriteAllText(path, generated);
        Assert.True(File.ReadAllText(path) == generated,
            $"{RandomProgramSplitSource.RelativePath} differs from RandomProgramSplitSource.Generate(); regenerate it (see its header).");
    }

    [Theory, MemberData(nameof(Points))]
    public void Gradient_equals_the_single_method_and_the_interpreter(int seed)
    {
        var program = new RandomProgram();
        double[] x = At(program, seed);
        double[] split = new double[x.Length], single = new double[x.Length], interpreted = new double[x.Length];
        double value = program.SplitValueAndGradient(x, split);
        double singleValue = RandomProgramWrittenOut.ValueAndGradient(x, single);
        double interpretedValue = program.InterpretedValueAndGradient(x, interpreted);
        // The same statements summed in the same order (equal bit for bit when measured); 1e-12 relative, as for the single method.
        Close.Relative(singleValue, value, 1e-12, "value vs single method");
        Close.Relative(interpretedValue, value, 1e-12, "value vs interpreter");
        for (int i = 0; i < x.Length; i++)
        {
            Entry(single[i], split[i], 1e-12, $"gradient[{i}] vs single method");
            Entry(interpreted[i], split[i], 1e-12, $"gradient[{i}] vs interpreter");
        }
    }

    [Theory, MemberData(nameof(Points))]
    public void Gradient_matches_central_differences_of_its_value(int seed)
    {
        var program = new RandomProgram();
        double[] x = At(program, seed), gradient = new double[x.Length], scratch = new double[x.Length];
        program.SplitValueAndGradient(x, gradient);
        for (int i = 0; i < x.Length; i++)
        {
            // h = 1e-5: truncation O(h^2 f''') and round-off O(eps |f| / h) both stay near 1e-9 here.
            const double h = 1e-5;
            double saved = x[i];
            x[i] = saved + h;
            double up = program.SplitValueAndGradient(x, scratch);
            x[i] = saved - h;
            double down = program.SplitValueAndGradient(x, scratch);
            x[i] = saved;
            Entry((up - down) / (2 * h), gradient[i], 1e-6, $"gradient[{i}] vs central difference");
        }
    }

    [Fact]
    public void Gradient_allocates_nothing_per_call()
    {
        var program = new RandomProgram();
        double[] x = program.StartPoint(), gradient = new double[x.Length];
        Allocations.AssertNone("10 split gradient calls", () => program.SplitValueAndGradient(x, gradient));
    }

    [Fact]
    public void Wrong_lengths_are_rejected()
    {
        var program = new RandomProgram();
        Assert.Throws<ArgumentException>(() => program.SplitValueAndGradient(new double[21], new double[20]));
        Assert.Throws<ArgumentException>(() => program.SplitValueAndGradient(new double[20], new double[19]));
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
