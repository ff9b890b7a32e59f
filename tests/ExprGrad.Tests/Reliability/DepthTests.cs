using System.Diagnostics;
using System.Linq.Expressions;
using Xunit.Abstractions;
using static ExprGrad.Scalar;

namespace ExprGrad.Tests.Reliability;

/// <summary>
/// Issue 5 §4: very deep programs trace, compile and run without a stack overflow (which would kill the test
/// host, not fail a test). Timings on the 2-core dev box, Debug build as `dotnet test` uses: the 1M-op chain
/// records and differentiates on the tape in ~0.5 s; Grad.Compile of it (1,000,004 nodes, 2,333,337
/// statements) takes ~30 s (24 s in Release; 71 s once while other test runs shared the two cores), the
/// value-only kernel (compiled on the first Value call) 6-8 s more; the quoted 100,000-deep chains ~1.5 s each.
/// </summary>
public class DepthTests(ITestOutputHelper output)
{
    private const int Links = 333_334; // three ops each (sin, mul, add): 1,000,002 ops

    // x <- sin(x) * C + x. The issue's C = 0.5 converges to pi and its derivative (a product of
    // 1 + C cos x) underflows to 0, so every comparison would pass trivially; a small C keeps both order 1.
    private const double C = 1e-6;

    private static Func<Vec, Scalar> Chain(int links) => v =>
    {
        Scalar x = v[0];
        for (int i = 0; i < links; i++) x = Sin(x) * C + x;
        return x;
    };

    private static (double Value, double Derivative) ChainByHand(int links, double x)
    {
        double d = 1;
        for (int i = 0; i < links; i++) { d *= 1 + C * Math.Cos(x); x = Math.Sin(x) * C + x; }
        return (x, d);
    }

    private static void Close(double expected, double actual, double relative)
        => Assert.True(Math.Abs(expected - actual) <= relative * Math.Abs(expected), $"expected {expected:R}, got {actual:R}");

    [Fact]
    public void Tape_gradient_of_a_chain_matches_forward_mode()
    {
        var tape = Modes.Evaluate(Grad.Tape(Chain(10_000), 1), 0.3);
        var forward = Modes.Evaluate(Grad.Forward(Chain(10_000), 1), 0.3);
        Assert.Equal(forward.Value, tape.Value);
        Close(forward.Gradient[0], tape.Gradient[0], 1e-13);
        Close(ChainByHand(10_000, 0.3).Derivative, tape.Gradient[0], 1e-12);
        Assert.True(tape.Gradient[0] > 1.001, "the derivative should be far from the trivial 1");
    }

    [Fact]
    public void A_million_op_chain_traces_compiles_and_runs_in_tape_and_compiled_mode()
    {
        var (value, derivative) = ChainByHand(Links, 0.3);
        var clock = Stopwatch.StartNew();
        var tape = Modes.Evaluate(Grad.Tape(Chain(Links), 1), 0.3);
        output.WriteLine($"tape: {clock.Elapsed.TotalSeconds:F1} s");
        Assert.Equal(value, tape.Value);
        Close(derivative, tape.Gradient[0], 1e-9);

        clock.Restart();
        CompiledGradient compiled = Grad.Compile(Chain(Links), 1);
        output.WriteLine($"Grad.Compile: {clock.Elapsed.TotalSeconds:F1} s, {compiled.NodeCount:N0} nodes, {compiled.StatementCount:N0} statements, {compiled.Backend}");
        Assert.True(compiled.NodeCount >= 1_000_000, $"{compiled.NodeCount} nodes");
        clock.Restart();
        var run = Modes.Evaluate(compiled, 0.3);
        output.WriteLine($"first call: {clock.Elapsed.TotalMilliseconds:F0} ms");
        Assert.Equal(tape.Value, run.Value);
        Close(tape.Gradient[0], run.Gradient[0], 1e-10);
        clock.Restart();
        Assert.Equal(tape.Value, compiled.Value([0.3]));
        output.WriteLine($"value-only kernel (compiled on first Value): {clock.Elapsed.TotalSeconds:F1} s");
    }

    private static readonly ParameterExpression X = Expression.Parameter(typeof(double[]), "x");

    /// <summary>x[0] + x[1] + x[0] + ... (depth terms), nested to the left or to the right.</summary>
    private static Expression Sum(int depth, bool rightDeep)
    {
        Expression e = Expression.ArrayIndex(X, Expression.Constant(0));
        for (int i = 1; i < depth; i++)
        {
            Expression term = Expression.ArrayIndex(X, Expression.Constant(i % 2));
            e = rightDeep ? Expression.Add(term, e) : Expression.Add(e, term);
        }
        return e;
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Quoted_chain_100_000_deep_compiles(bool rightDeep)
    {
        var clock = Stopwatch.StartNew();
        var g = Grad.CompileExpression(Expression.Lambda<Func<double[], double>>(Sum(100_000, rightDeep), X), 2);
        output.WriteLine($"{(rightDeep ? "right" : "left")}-deep: {clock.Elapsed.TotalSeconds:F1} s");
        var (value, gradient) = Modes.Evaluate(g, 1, 2);
        Assert.Equal(150_000, value);
        Assert.Equal([50_000.0, 50_000.0], gradient);
        Assert.Equal(150_000, g.Value([1, 2]));
    }

    private static void UnsupportedAbove(int depth)
    {
        var body = Expression.Call(typeof(Math).GetMethod(nameof(Math.Round), [typeof(double)])!, Sum(depth, rightDeep: false));
        var e = Assert.Throws<NotSupportedException>(() => Grad.CompileExpression(Expression.Lambda<Func<double[], double>>(body, X), 2));
        Assert.Contains("Math.Round", e.Message);
    }

    [Fact]
    public void Unsupported_node_above_a_100_000_deep_tree_throws_NotSupported() => UnsupportedAbove(100_000);

    private const string ProbeVariable = "EXPRGRAD_DEPTH_PROBE";

    [Fact]
    public async Task Unsupported_node_above_a_1_000_000_deep_tree_throws_NotSupported_not_a_crash()
    {
        // A stack overflow cannot be caught and would abort the whole run, so the case runs in a child test host.
        if (Environment.GetEnvironmentVariable(ProbeVariable) == "1") { UnsupportedAbove(1_000_000); return; }
        string test = $"{typeof(DepthTests).FullName}.{nameof(Unsupported_node_above_a_1_000_000_deep_tree_throws_NotSupported_not_a_crash)}";
        var start = new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet",
            ["test", typeof(DepthTests).Assembly.Location, "--filter", $"FullyQualifiedName={test}"])
        { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = Path.GetTempPath() };
        start.Environment[ProbeVariable] = "1";
        using var child = Process.Start(start)!;
        var stderr = child.StandardError.ReadToEndAsync();
        string stdout = await child.StandardOutput.ReadToEndAsync();
        await child.WaitForExitAsync();
        Assert.True(child.ExitCode == 0 && stdout.Contains("Passed!"), $"child test host (exit {child.ExitCode}):\n{stdout}\n{await stderr}");
    }
}
