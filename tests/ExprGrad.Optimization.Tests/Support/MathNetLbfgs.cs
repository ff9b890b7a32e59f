using MathNet.Numerics.LinearAlgebra;
using MathNet.Numerics.Optimization;

namespace ExprGrad.Optimization.Tests;

/// <summary>MathNet's L-BFGS on an ExprGrad gradient through <see cref="MathNetObjective"/>, as one table row.</summary>
public static class MathNetLbfgs
{
    /// <summary>The outcome: the point and counts when MathNet returns, or the exception's type when it throws.</summary>
    public sealed record Outcome(double Value, int Iterations, int Evaluations, string Exit);

    public static Outcome Minimize(IGradient f, double[] x0, double gradientTolerance = 1e-8, int memory = 10, int maxIterations = 1_000)
    {
        var objective = new MathNetObjective(f);
        var minimizer = new LimitedMemoryBfgsMinimizer(gradientTolerance, parameterTolerance: 1e-12,
            functionProgressTolerance: 1e-12, memory, maxIterations);
        try
        {
            MinimizationResult r = minimizer.FindMinimum(objective, Vector<double>.Build.DenseOfArray(x0));
            return new Outcome(r.FunctionInfoAtMinimum.Value, r.Iterations, objective.Evaluations, r.ReasonForExit.ToString());
        }
        catch (Exception e) when (e is OptimizationException or ArgumentException)
        {
            return new Outcome(double.NaN, 0, objective.Evaluations, e.GetType().Name);
        }
    }
}
