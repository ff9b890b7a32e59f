using static ExprGrad.Scalar;

namespace ExprGrad.Tests.Compiler.Runtime;

/// <summary>
/// Compiled code that calls the user's delegates (custom ops): an exception they throw reaches the caller unchanged
/// and leaves nothing behind (the next call is right); compiling never calls them; a delegate that runs compiled code
/// itself does not disturb the call it is part of; calls from many threads agree with serial ones.
/// </summary>
public class UserCodeTests
{
    private static readonly Func<Scalar, Scalar> CheckedLog = CustomOp.Unary("checkedlog",
        x => x > 0 ? Math.Log(x) : throw new ArgumentOutOfRangeException(nameof(x), x, "checkedlog of a non-positive number"),
        x => 1 / x);

    private static readonly Func<Vec, Scalar> Solver = CustomOp.Function("solver", 2,
        value: x => x[0] * x[0] + x[1],
        gradient: (x, g) =>
        {
            if (x[1] < 0) throw new InvalidOperationException("solver did not converge");
            g[0] = 2 * x[0];
            g[1] = 1;
        });

    // f = checkedlog(x0) x1 + solver(x1, x2) + sum_(i < 2) checkedlog(x0) x(i + 1) = log(x0) (2 x1 + x2) + x1^2 + x2
    private static Scalar F(Vec v) => CheckedLog(v[0]) * v[1] + Solver(Vec.Of(v[1], v[2])) + Sum(2, i => CheckedLog(v[0]) * v[i + 1]);

    private static (double, double[]) Expected(double[] x)
        => (Math.Log(x[0]) * (2 * x[1] + x[2]) + x[1] * x[1] + x[2], [(2 * x[1] + x[2]) / x[0], 2 * Math.Log(x[0]) + 2 * x[1], Math.Log(x[0]) + 1]);

    public static TheoryData<string> Shapes => new([.. Modes.Names, "compiled-parallel"]);

    private static IGradient Create(string shape, Func<Vec, Scalar> f, int dimension) => shape == "compiled-parallel"
        ? Grad.Compile(f, dimension, new GradOptions { UnitSize = 3, SplitAbove = 2, Parallel = true, ParallelMinimumWork = 0 })
        : Modes.Create(shape, f, dimension);

    [Theory, MemberData(nameof(Shapes))]
    public void An_exception_of_a_users_delegate_reaches_the_caller_and_the_next_call_is_right(string shape)
    {
        IGradient g = Create(shape, F, 3);
        double[] good = [0.7, 1.5, 0.4], gradient = new double[3];
        for (int round = 0; round < 3; round++)
        {
            var e = Assert.Throws<ArgumentOutOfRangeException>(() => g.ValueAndGradient([-1, 1.5, 0.4], gradient));
            Assert.Contains("checkedlog of a non-positive number", e.Message);
            Assert.Throws<ArgumentOutOfRangeException>(() => g.Value([0, 1.5, 0.4]));
            // The black box's gradient throws; its value does not, so Value works at the same point.
            Assert.Equal("solver did not converge", Assert.Throws<InvalidOperationException>(() => g.ValueAndGradient([0.7, 1.5, -1], gradient)).Message);
            Assert.Equal(Expected([0.7, 1.5, -1]).Item1, g.Value([0.7, 1.5, -1]), 1e-13);
            var (value, expected) = Expected(good);
            Assert.Equal(value, g.ValueAndGradient(good, gradient), 1e-13);
            for (int i = 0; i < 3; i++) Assert.Equal(expected[i], gradient[i], 1e-13);
        }
    }

    [Fact]
    public void An_exception_in_a_block_of_a_parallel_sum_reaches_the_caller_unwrapped()
    {
        var g = Grad.Compile((w, data) => Sum(data.Length, i => CheckedLog(w[0] + data[i])), 1, 64,
            new GradOptions { Parallel = true, ParallelMinimumWork = 0 });
        // Two blocks throw: the caller gets the first block's exception (x = 1 - 20), whichever thread ran it.
        double[] data = [.. Enumerable.Range(0, 64).Select(i => i == 40 ? -10.0 : i == 10 ? -20 : i)], gradient = new double[1];
        for (int round = 0; round < 5; round++)
            Assert.Contains("-19", Assert.Throws<ArgumentOutOfRangeException>(() => g.ValueAndGradient([1], data, gradient)).Message);
        data[40] = data[10] = 1;
        double expected = Enumerable.Range(0, 64).Sum(i => Math.Log(1 + data[i]));
        Assert.Equal(expected, g.ValueAndGradient([1], data, gradient), 1e-12);
    }

    [Fact]
    public void Compiling_never_calls_the_users_delegates()
    {
        int calls = 0;
        var counted = CustomOp.Unary("counted", x => { Interlocked.Increment(ref calls); return 2 * x; }, x => 2);
        var box = CustomOp.Function("countedbox", 1, x => { Interlocked.Increment(ref calls); return x[0]; }, (x, g) =>
        {
            Interlocked.Increment(ref calls);
            g[0] = 1;
        });
        Scalar G(Vec w, Vec data) => Sum(data.Length, i => counted(w[0] * data[i]) + box(Vec.Of(w[1] * data[i]))) + counted(w[1]);
        foreach (var options in new GradOptions[] { new(), new() { UnitSize = 3 }, new() { UnitSize = 3, SplitAbove = 2, Parallel = true, ParallelMinimumWork = 0 } })
        {
            calls = 0;
            CompiledGradient g = Grad.Compile(G, 2, 40, options);
            Assert.Equal(0, calls);
            double[] data = [.. Enumerable.Range(0, 40).Select(i => 0.1 * i)], gradient = new double[2];
            Assert.Equal(2 * 0.5 * data.Sum() + 1.5 * data.Sum() + 3, g.ValueAndGradient([0.5, 1.5], data, gradient), 1e-12);
            Assert.Equal([2 * data.Sum(), data.Sum() + 2], gradient);
        }
    }

    [Fact]
    public void A_delegate_running_compiled_code_on_the_same_thread_does_not_disturb_its_caller()
    {
        // The inner function runs on the workspace (units of 3) that the outer one is using around the call.
        CompiledGradient inner = Grad.Compile(v => Sum(v.Length, i => Square(v[i])) + v[0] * v[1] + Solver(Vec.Of(v[0], v[1])), 2,
            new GradOptions { UnitSize = 3 });
        var nested = CustomOp.Unary("nested", x => inner.Value([x, 2 * x]), x => 16 * x + 2);       // 8x^2 + 2x
        var nestedBox = CustomOp.Function("nestedbox", 1, x => inner.Value([x[0], 2 * x[0]]), (x, g) => g[0] = 16 * x[0] + 2);
        Scalar F(Vec v) => Exp(v[0]) * nested(v[1]) + v[2] * v[0] + nestedBox(Vec.Of(v[2])) * Sum(3, i => v[0] * v[i]);
        double[] x = [0.3, -0.8, 1.7];
        double n1 = 8 * x[1] * x[1] + 2 * x[1], n2 = 8 * x[2] * x[2] + 2 * x[2], s = x[0] * (x[0] + x[1] + x[2]);
        double value = Math.Exp(x[0]) * n1 + x[2] * x[0] + n2 * s;
        double[] expected = [Math.Exp(x[0]) * n1 + x[2] + n2 * (2 * x[0] + x[1] + x[2]), Math.Exp(x[0]) * (16 * x[1] + 2) + n2 * x[0],
            x[0] + (16 * x[2] + 2) * s + n2 * x[0]];
        foreach (string shape in (string[])[.. Modes.Names, "compiled-parallel"])
        {
            var (actual, gradient) = Modes.Evaluate(Create(shape, F, 3), x);
            Assert.Equal(value, actual, 1e-12);
            for (int i = 0; i < 3; i++) Assert.Equal(expected[i], gradient[i], 1e-12);
        }
    }

    [Fact]
    public void Eight_threads_get_the_bits_of_serial_calls()
    {
        const int Threads = 8, Calls = 20_000;
        CompiledGradient g = Grad.Compile(F, 3, new GradOptions { UnitSize = 3 });
        double[][] points = [.. Enumerable.Range(0, 32).Select(i => new[] { 0.5 + 0.1 * i, 1 + 0.05 * i, 0.1 + Math.Abs(Math.Sin(i)) })];
        var serial = points.Select(p => Modes.Evaluate(g, p)).ToArray();
        Parallel.For(0, Threads, new ParallelOptions { MaxDegreeOfParallelism = Threads }, t =>
        {
            var gradient = new double[3];
            for (int c = 0; c < Calls; c++)
            {
                int k = (c * 7 + t) % points.Length;
                Assert.Equal(serial[k].Value, g.ValueAndGradient(points[k], gradient));
                Assert.Equal(serial[k].Gradient, gradient);
            }
        });
    }
}
