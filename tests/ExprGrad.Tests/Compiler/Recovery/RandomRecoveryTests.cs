using CsCheck;
using ExprGrad.Compiler;
using ExprGrad.Tests.Reliability;
using ExprGrad.Tracer;
using Xunit.Abstractions;

namespace ExprGrad.Tests.Compiler.Recovery;

/// <summary>
/// Random programs with sums, written with plain C# loops (unrolled by tracing): the recovered graph must evaluate to
/// the unrolled graph's value bit for bit, on two data sets.
/// </summary>
public class RandomRecoveryTests(ITestOutputHelper output)
{
    [Fact]
    public void Recovered_graphs_keep_the_unrolled_value_bit_for_bit()
    {
        int recovered = 0, programs = 0;
        Check.Sample(RandomSumProgramGen.ProgramAndData, t =>
        {
            var f = t.Program.AsFunction(looped: false);
            Traced traced = FunctionTracer.Trace(f, t.Program.Dimension, t.Program.DataLength);
            Traced loops = LoopRecovery.Apply(traced, 4);
            Interlocked.Increment(ref programs);
            if (loops.Graph.Loops.Count > 0) Interlocked.Increment(ref recovered);
            foreach (double[] data in new[] { t.Data1, t.Data2 })
            {
                double expected = GraphEvaluator.Evaluate(traced.Graph, traced.Output, t.W, data);
                double actual = GraphEvaluator.Evaluate(loops.Graph, loops.Output, t.W, data);
                Assert.Equal(BitConverter.DoubleToInt64Bits(expected), BitConverter.DoubleToInt64Bits(actual));
            }
        }, iter: 500, print: t => t.Program.ToCSharp());
        output.WriteLine($"{recovered} of {programs} programs had loops recovered");
    }
}
