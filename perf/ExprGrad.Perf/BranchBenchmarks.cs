using BenchmarkDotNet.Attributes;
using ExprGrad.Workloads;
using static ExprGrad.Scalar;

namespace ExprGrad.Perf;

/// <summary>
/// Issue 14, plain C# branches under <c>Grad.Compile</c>: a branchy fit with its path cached (one path, and two paths in
/// turn), the cost of a path miss (trace and compile a new path), and a function taking a new path at every call (the sign
/// pattern of 20 inputs), answered by tape mode past <see cref="GradOptions.MaxPaths"/>. Hand-written gradients are the baselines.
/// </summary>
[MemoryDiagnoser]
public class BranchBenchmarks
{
    private const int Patterns = 64, SignInputs = 20;
    private readonly ClampedFit fit = new();
    private IGradient compiled = null!, tape = null!;
    private double[] inside = null!, outside = null!, gradient = null!;
    private CompiledGradient signs = null!;
    private IGradient signTape = null!;
    private double[][] signPoints = null!;
    private double[] signGradient = null!;
    private int next;

    /// <summary>The sign-pattern function: a different path for every pattern of signs of its 20 inputs.</summary>
    public static Scalar SignPattern(Vec x)
    {
        Scalar sum = 0;
        for (int i = 0; i < x.Length; i++) sum += x[i] > 0 ? Square(x[i]) * (i + 1) : Sin(x[i]);
        return sum;
    }

    /// <summary>Compiles both functions and warms their paths up (two for the fit, the eight allowed for the signs).</summary>
    [GlobalSetup]
    public void Setup()
    {
        inside = fit.StartPoint();
        outside = [2.5, 0.5, -0.2];
        gradient = new double[3];
        compiled = fit.Ready(fit.Compile());
        compiled.ValueAndGradient(inside, gradient);
        compiled.ValueAndGradient(outside, gradient);
        tape = fit.Tape();
        var random = new Random(14);
        signPoints = [.. Enumerable.Range(0, Patterns).Select(_ => Enumerable.Range(0, SignInputs).Select(_ => random.NextDouble() * 2 - 1).ToArray())];
        signGradient = new double[SignInputs];
        signs = Grad.Compile(SignPattern, SignInputs);
        signTape = Grad.Tape(SignPattern, SignInputs);
        foreach (double[] x in signPoints) signs.ValueAndGradient(x, signGradient);
    }

    /// <summary>The fit's hand-written gradient: the baseline.</summary>
    [Benchmark(Baseline = true)]
    public double FitHandGradient() => fit.ValueAndGradient(inside, gradient);

    /// <summary>Compiled, its one path cached (the start point, inside the box).</summary>
    [Benchmark]
    public double FitCompiledCachedPath() => compiled.ValueAndGradient(inside, gradient);

    /// <summary>Compiled, two calls on two cached paths (the second leaves the first path at its first guard): per two calls.</summary>
    [Benchmark]
    public double FitCompiledTwoPaths() => compiled.ValueAndGradient(inside, gradient) + compiled.ValueAndGradient(outside, gradient);

    /// <summary>Tape mode on the same function.</summary>
    [Benchmark]
    public double FitTape() => tape.ValueAndGradient(inside, gradient);

    /// <summary>A path miss: Grad.Compile (the symbolic trace meets the first branch) and the first call (trace and compile its path).</summary>
    [Benchmark]
    public double FitPathMiss() => fit.Ready(fit.Compile()).ValueAndGradient(inside, gradient);

    /// <summary>The same path compiled up front: Grad.Compile with an example point (two traces and a compile).</summary>
    [Benchmark]
    public double FitCompileWithExamplePoint()
        => Grad.Compile(fit.DataFunction, fit.Dimension, fit.Data.Length, inside, fit.Data).ValueAndGradient(inside, fit.Data, gradient);

    /// <summary>The sign pattern: a new pattern at every call, past MaxPaths: eight paths tried, then tape mode.</summary>
    [Benchmark]
    public double SignsCompiledFallback() => signs.ValueAndGradient(NextSignPoint(), signGradient);

    /// <summary>The sign pattern on tape mode alone.</summary>
    [Benchmark]
    public double SignsTape() => signTape.ValueAndGradient(NextSignPoint(), signGradient);

    /// <summary>The sign pattern by hand.</summary>
    [Benchmark]
    public double SignsHandGradient()
    {
        double[] x = NextSignPoint();
        double sum = 0;
        for (int i = 0; i < x.Length; i++)
        {
            if (x[i] > 0)
            {
                sum += x[i] * x[i] * (i + 1);
                signGradient[i] = 2 * x[i] * (i + 1);
            }
            else
            {
                sum += Math.Sin(x[i]);
                signGradient[i] = Math.Cos(x[i]);
            }
        }
        return sum;
    }

    private double[] NextSignPoint() => signPoints[next = (next + 1) % Patterns];
}
