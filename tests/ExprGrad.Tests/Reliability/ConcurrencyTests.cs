using System.Diagnostics;
using Xunit.Abstractions;
using static ExprGrad.Scalar;

namespace ExprGrad.Tests.Reliability;

/// <summary>
/// Issue 5 §3: one tape and one forward <see cref="IGradient"/> shared by 8 threads, 100,000 calls each on
/// different inputs, give results bit-identical to serial calls (the compiled one: CompiledGradientTests).
/// </summary>
public class ConcurrencyTests(ITestOutputHelper output)
{
    private const int Threads = 8, Calls = 100_000;

    // Small, with a data-dependent branch (allowed in the eager modes) so threads take different paths.
    private static Scalar Rosenbrock4(Vec v)
    {
        Scalar sum = Sin(v[0] * v[3]);
        for (int i = 0; i < 3; i++) sum += 100 * Square(v[i + 1] - Square(v[i])) + Square(1 - v[i]);
        return v[1] > 0 ? sum * Exp(-v[2]) : sum + Tanh(v[2]);
    }

    // Forward mode runs the function once per input: a smaller one keeps 800,000 calls near a few seconds.
    private static Scalar Small(Vec v) => v[0] > 0 ? Sin(v[0] * v[1]) * Exp(-v[1]) : Square(v[1]) - Tanh(v[0]);

    [Theory]
    [InlineData("tape")]
    [InlineData("forward")]
    public void Eight_threads_get_bit_identical_results_to_serial_calls(string mode)
    {
        int n = mode == "tape" ? 4 : 2;
        IGradient g = Modes.Create(mode, mode == "tape" ? Rosenbrock4 : Small, n);
        var random = new Random(5);
        double[][] inputs = [.. Enumerable.Range(0, 97).Select(_ => Enumerable.Range(0, n).Select(_ => random.NextDouble() * 2 - 1).ToArray())];
        var expected = inputs.Select(x => Modes.Evaluate(g, x)).ToArray();
        int mismatches = 0;
        Exception? failure = null;
        var clock = Stopwatch.StartNew();
        // Dedicated threads released together (the thread pool on 2 cores would run few of them at once).
        // All 800,000 calls on the 2-core dev box (Debug build): tape 7-15 s (depending on other load), forward ~3.5 s.
        using var start = new Barrier(Threads);
        var threads = Enumerable.Range(0, Threads).Select(t => new Thread(() =>
        {
            var gradient = new double[n];
            start.SignalAndWait();
            try
            {
                for (int c = 0; c < Calls; c++)
                {
                    int i = (c * 7 + t * 13) % inputs.Length;
                    double value = c % 10 == 0 ? g.Value(inputs[i]) : g.ValueAndGradient(inputs[i], gradient);
                    if (BitConverter.DoubleToInt64Bits(value) != BitConverter.DoubleToInt64Bits(expected[i].Value)
                        || (c % 10 != 0 && !gradient.AsSpan().SequenceEqual(expected[i].Gradient)))
                        Interlocked.Increment(ref mismatches);
                }
            }
            catch (Exception e) { Interlocked.CompareExchange(ref failure, e, null); } // an escaping exception would kill the test host
        })).ToList();
        threads.ForEach(thread => thread.Start());
        threads.ForEach(thread => thread.Join());
        Assert.Null(failure);
        output.WriteLine($"{mode}: {Threads} x {Calls:N0} calls in {clock.Elapsed.TotalSeconds:F2} s");
        Assert.Equal(0, mismatches);
    }
}
