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
    public void Bad_input_and_a_missing_Hessian_are_rejected_with_a_reason()
    {
        var objective = new MathNetObjective(CompiledRosenbrock());   // a CompiledGradient is no IHessian

        Assert.Throws<ArgumentNullException>(() => new MathNetObjective(null!));
        var e = Assert.Throws<ArgumentException>(() => objective.EvaluateAt(Vector<double>.Build.Dense(3)));
        Assert.Contains("Dimension 2", e.Message);
        Assert.False(objective.IsHessianSupported);
        var missing = Assert.Throws<NotSupportedException>(() => objective.Hessian);
        Assert.Contains("CompiledGradient", missing.Message);
    }

    [Fact]
    public void An_IHessian_supplies_the_Hessian_on_first_read_at_each_point()
    {
        DelegateGradient f = HandWritten.Rosenbrock();
        var objective = new MathNetObjective(f);

        objective.EvaluateAt(Vector<double>.Build.DenseOfArray([0.5, 0.5]));
        Matrix<double> h = objective.Hessian;
        Matrix<double> again = objective.Hessian;

        Assert.True(objective.IsHessianSupported);
        // ∇²f(0.5, 0.5) = [[1200·0.25 − 400·0.5 + 2, −400·0.5], [−200, 200]] = [[102, −200], [−200, 200]].
        Assert.Equal(102, h[0, 0], 1e-12);
        Assert.Equal(-200, h[0, 1], 1e-12);
        Assert.Equal(-200, h[1, 0], 1e-12);
        Assert.Equal(200, h[1, 1], 1e-12);
        Assert.Same(h, again);
        Assert.Equal(2, objective.Evaluations);   // the point, then its Hessian once
        objective.EvaluateAt(Vector<double>.Build.DenseOfArray([1.0, 1.0]));
        Assert.Equal(802, objective.Hessian[0, 0], 1e-12);
    }

    [Fact]
    public void MathNet_Newton_minimises_Rosenbrock_on_an_ExprGrad_Hessian()
    {
        var objective = new MathNetObjective(HandWritten.Rosenbrock());

        MinimizationResult r = new NewtonMinimizer(1e-10, 100, useLineSearch: true)
            .FindMinimum(objective, Vector<double>.Build.DenseOfArray([-1.2, 1.0]));

        Assert.Equal(1, r.MinimizingPoint[0], 1e-9);
        Assert.Equal(1, r.MinimizingPoint[1], 1e-9);
        Assert.InRange(r.Iterations, 1, 40);
    }

    [Fact]
    public void MathNet_Newton_minimises_a_compiled_function_through_finite_difference_Hessians()
    {
        var objective = new MathNetObjective(new FiniteDifferenceHessian(CompiledRosenbrock()));

        MinimizationResult r = new NewtonMinimizer(1e-8, 100, useLineSearch: true)
            .FindMinimum(objective, Vector<double>.Build.DenseOfArray([-1.2, 1.0]));

        Assert.Equal(1, r.MinimizingPoint[0], 1e-6);
        Assert.Equal(1, r.MinimizingPoint[1], 1e-6);
    }

    [Fact]
    public void MathNet_Levenberg_Marquardt_fits_ExprGrad_residuals_to_the_same_point_as_ours()
    {
        DelegateJacobian residuals = Residuals.JennrichSampson();
        IObjectiveModel model = MathNetLeastSquares.Model(residuals);

        NonlinearMinimizationResult theirs = new LevenbergMarquardtMinimizer(maximumIterations: 1_000)
            .FindMinimum(model, Vector<double>.Build.DenseOfArray([0.3, 0.4]));
        OptimizationResult ours = LevenbergMarquardt.Minimize(residuals, [0.3, 0.4]);

        Assert.Equal(ours.X[0], theirs.MinimizingPoint[0], 1e-6);
        Assert.Equal(ours.X[1], theirs.MinimizingPoint[1], 1e-6);
        double[] r = new double[10];
        residuals.Evaluate(theirs.MinimizingPoint.ToArray(), r);
        Assert.Equal(124.362, r.Sum(v => v * v), 1e-3);
        // MathNet's model sees exactly r: its residuals are y − f(p) with y = 0 and f = −r.
        model.EvaluateAt(Vector<double>.Build.DenseOfArray([0.3, 0.4]));
        residuals.Evaluate([0.3, 0.4], r);
        Assert.Equal(r.Sum(v => v * v), model.Value, 1e-9 * model.Value);   // MathNet reports the sum of squares itself
    }

    [Fact]
    public void MathNet_Levenberg_Marquardt_solves_Rosenbrock_residuals_with_their_Jacobian()
    {
        NonlinearMinimizationResult fit = new LevenbergMarquardtMinimizer()
            .FindMinimum(MathNetLeastSquares.Model(Residuals.Rosenbrock()), Vector<double>.Build.DenseOfArray([-1.2, 1.0]));

        Assert.Equal(1, fit.MinimizingPoint[0], 1e-8);
        Assert.Equal(1, fit.MinimizingPoint[1], 1e-8);
    }

    [Fact]
    public void The_least_squares_model_rejects_null_residuals()
    {
        Assert.Throws<ArgumentNullException>(() => MathNetLeastSquares.Model(null!));
    }
}
