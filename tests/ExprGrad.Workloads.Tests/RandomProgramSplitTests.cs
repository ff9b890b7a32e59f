using static ExprGrad.Workloads.Tests.WrittenOutChecks;

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
        MatchesGenerator(RandomProgramSplitSource.RelativePath, RandomProgramSplitSource.Generate());
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
        Entries(single, split, 1e-12, "single method");
        Entries(interpreted, split, 1e-12, "interpreter");
    }

    [Theory, MemberData(nameof(Points))]
    public void Gradient_matches_central_differences_of_its_value(int seed)
    {
        var program = new RandomProgram();
        MatchesCentralDifferences(At(program, seed), program.SplitValueAndGradient);
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
}
