using static ExprGrad.Workloads.Tests.WrittenOutChecks;

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
        MatchesGenerator(RandomProgramSource.RelativePath, RandomProgramSource.Generate());
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
        Entries(interpreted, written, 1e-12, "interpreter");
        Entries(compiled, written, 1e-12, "compiled");
    }

    [Theory, MemberData(nameof(Points))]
    public void Gradient_matches_central_differences_of_its_value(int seed)
    {
        MatchesCentralDifferences(At(new RandomProgram(), seed), RandomProgramWrittenOut.ValueAndGradient);
    }
}
