using MathNet.Numerics.LinearAlgebra;
using MathNet.Numerics.Optimization;
using ExprGrad.TestProblems;
using static ExprGrad.Scalar;

namespace ExprGrad.Optimization.Tests;

/// <summary>
/// The optimizers on compiled Jacobians and Hessians (issue 15): TrustRegion and MathNet's Newton method on a
/// CompiledHessian, Levenberg-Marquardt (ours and MathNet's) on a CompiledJacobian, each against the same run on
/// hand-written derivatives.
/// </summary>
public class CompiledDerivativesTests
{
    private static Scalar Rosenbrock(Vec x) => Sum(x.Length / 2, k => 100 * Square(x[2 * k + 1] - Square(x[2 * k])) + Square(1 - x[2 * k]));

    [Fact]
    public void TrustRegion_on_a_compiled_Hessian_takes_the_steps_of_the_hand_written_one()
    {
        const int N = 20;
        CompiledHessian compiled = Grad.CompileHessian(Rosenbrock, N);

        OptimizationResult ours = TrustRegion.Minimize(compiled, HandWritten.RosenbrockStart(N));
        OptimizationResult hand = TrustRegion.Minimize(HandWritten.Rosenbrock(N), HandWritten.RosenbrockStart(N));

        Assert.Equal(StopReason.GradientConverged, ours.Reason);
        Assert.All(ours.X, x => Assert.Equal(1, x, 1e-9));
        Assert.Equal(hand.Iterations, ours.Iterations);
        Assert.Equal(hand.Evaluations, ours.Evaluations);
    }

    [Fact]
    public void MathNet_Newton_minimises_Rosenbrock_on_a_compiled_Hessian()
    {
        var objective = new MathNetObjective(Grad.CompileHessian(Rosenbrock, 2));

        MinimizationResult r = new NewtonMinimizer(1e-10, 100, useLineSearch: true)
            .FindMinimum(objective, Vector<double>.Build.DenseOfArray([-1.2, 1.0]));
        MinimizationResult hand = new NewtonMinimizer(1e-10, 100, useLineSearch: true)
            .FindMinimum(new MathNetObjective(HandWritten.Rosenbrock()), Vector<double>.Build.DenseOfArray([-1.2, 1.0]));

        Assert.Equal(1, r.MinimizingPoint[0], 1e-9);
        Assert.Equal(1, r.MinimizingPoint[1], 1e-9);
        Assert.Equal(hand.Iterations, r.Iterations);
    }

    [Fact]
    public void Levenberg_Marquardt_on_a_compiled_Jacobian_with_data_fits_like_the_hand_written_one()
    {
        // Jennrich and Sampson as a map over the data i = 1..10: rᵢ = 2 + 2i − (e^{i x₁} + e^{i x₂}).
        double[] data = [.. Enumerable.Range(1, 10).Select(i => (double)i)];
        IJacobian compiled = Grad.CompileJacobian((x, t) => Vec.Map(10, i => 2 + 2 * t[i] - (Exp(t[i] * x[0]) + Exp(t[i] * x[1]))), 2, 10).Bind(data);

        OptimizationResult ours = LevenbergMarquardt.Minimize(compiled, [0.3, 0.4]);
        OptimizationResult hand = LevenbergMarquardt.Minimize(Residuals.JennrichSampson(), [0.3, 0.4]);

        Assert.Equal(hand.X[0], ours.X[0], 1e-12);
        Assert.Equal(hand.X[1], ours.X[1], 1e-12);
        Assert.Equal(hand.Iterations, ours.Iterations);
        Assert.Equal(124.362, 2 * ours.Value, 1e-3);
    }

    [Fact]
    public void MathNet_Levenberg_Marquardt_fits_compiled_residuals()
    {
        CompiledJacobian residuals = Grad.CompileJacobian(x => Vec.Of(10 * (x[1] - x[0] * x[0]), 1 - x[0]), 2);

        NonlinearMinimizationResult fit = new LevenbergMarquardtMinimizer()
            .FindMinimum(MathNetLeastSquares.Model(residuals), Vector<double>.Build.DenseOfArray([-1.2, 1.0]));

        Assert.Equal(1, fit.MinimizingPoint[0], 1e-8);
        Assert.Equal(1, fit.MinimizingPoint[1], 1e-8);
    }

    [Theory]
    [MemberData(nameof(TrustRegionTests.SolvedProblems), MemberType = typeof(TrustRegionTests))]
    public void TrustRegion_reaches_the_published_minimum_with_compiled_Hessians(string name)
    {
        TestProblem p = CompiledProblems.Named(name);

        OptimizationResult r = TrustRegion.Minimize(Grad.CompileHessian(p.Function, p.Dimension), p.Start, new TrustRegionOptions { GradientTolerance = 1e-10 });

        Assert.True(MoreGarbowHillstromTests.Reaches(r.Value, p.Minimum) || MoreGarbowHillstromTests.Reaches(r.Value, p.LocalMinimum),
            $"{p}: f = {r.Value:R}, published {p.Minimum:R}; {r}");
        Assert.True(r.Converged, r.ToString());
    }
}
