using MathNet.Numerics.LinearAlgebra;
using MathNet.Numerics.Optimization;

namespace ExprGrad.Optimization.Tests;

public class MathNetObjectiveTests
{
    private static IGradient CompiledRosenbrock() =>
        Grad.Compile(x => Scalar.Square(1 - x[0]) + 100 * Scalar.Square(x[1] - Scalar.Square(x[0])), 2);

    [Fact]
    public void MathNet_LBFGS_minimises_Rosenbrock_through_the_adapter()
    {
        var objective = new MathNetObjective(CompiledRosenbrock());
        var lbfgs = new LimitedMemoryBfgsMinimizer(1e-10, 1e-12, 1e-12, memory: 10, maximumIterations: 1_000);

        MinimizationResult r = lbfgs.FindMinimum(objective, Vector<double>.Build.DenseOfArray([-1.2, 1.0]));

        Assert.Equal(1, r.MinimizingPoint[0], 1e-8);
        Assert.Equal(1, r.MinimizingPoint[1], 1e-8);
        Assert.True(r.FunctionInfoAtMinimum.Value < 1e-16, $"f = {r.FunctionInfoAtMinimum.Value}");
        Assert.InRange(objective.Evaluations, r.Iterations, 10 * r.Iterations);
    }

    [Fact]
    public void MathNet_BFGS_minimises_Rosenbrock_through_the_adapter()
    {
        var objective = new MathNetObjective(CompiledRosenbrock());

        MinimizationResult r = new BfgsMinimizer(1e-10, 1e-12, 1e-12, 1_000)
            .FindMinimum(objective, Vector<double>.Build.DenseOfArray([-1.2, 1.0]));

        Assert.Equal(1, r.MinimizingPoint[0], 1e-8);
        Assert.Equal(1, r.MinimizingPoint[1], 1e-8);
    }

    [Fact]
    public void Every_evaluation_is_one_call_and_copies_share_the_count()
    {
        DelegateGradient f = HandWritten.Rosenbrock();
        var objective = new MathNetObjective(f);

        objective.EvaluateAt(Vector<double>.Build.DenseOfArray([0.5, 0.5]));
        IObjectiveFunction fork = objective.Fork();
        IObjectiveFunction fresh = objective.CreateNew();
        fresh.EvaluateAt(Vector<double>.Build.DenseOfArray([1.0, 1.0]));

        Assert.Equal(2, f.Calls);
        Assert.Equal(2, objective.Evaluations);
        // f(0.5, 0.5) = 100·0.25² + 0.5² = 6.5, ∇f = (−400·0.25·0.5 − 1, 200·0.25) = (−51, 50).
        Assert.Equal(6.5, objective.Value, 1e-14);
        Assert.Equal([-51.0, 50.0], objective.Gradient.ToArray());
        Assert.Equal(objective.Value, fork.Value);
        Assert.Equal(objective.Point, fork.Point);
        Assert.Equal(0, fresh.Value);
        Assert.Equal([0.0, 0.0], fresh.Gradient.ToArray());
    }

    [Fact]
    public void An_unevaluated_objective_says_so()
    {
        var objective = new MathNetObjective(HandWritten.Rosenbrock());

        var e = Assert.Throws<InvalidOperationException>(() => objective.Point);
        Assert.Contains("EvaluateAt", e.Message);
        Assert.Throws<InvalidOperationException>(() => objective.Gradient);
    }

    [Fact]
    public void Bad_input_and_the_Hessian_are_rejected_with_a_reason()
    {
        var objective = new MathNetObjective(HandWritten.Rosenbrock());

        Assert.Throws<ArgumentNullException>(() => new MathNetObjective(null!));
        var e = Assert.Throws<ArgumentException>(() => objective.EvaluateAt(Vector<double>.Build.Dense(3)));
        Assert.Contains("Dimension 2", e.Message);
        Assert.False(objective.IsHessianSupported);
        Assert.Throws<NotSupportedException>(() => objective.Hessian);
    }
}
