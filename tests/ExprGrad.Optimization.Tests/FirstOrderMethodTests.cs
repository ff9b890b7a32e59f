namespace ExprGrad.Optimization.Tests;

/// <summary>Gradient descent, momentum and Adam beyond the shared behaviour.</summary>
public class FirstOrderMethodTests
{
    [Fact]
    public void Gradient_descent_solves_Rosenbrock_slowly_but_surely()
    {
        OptimizationResult r = GradientDescent.Minimize(HandWritten.Rosenbrock(), HandWritten.RosenbrockStart(),
            new GradientDescentOptions { MaxIterations = 50_000, GradientTolerance = 1e-6 });

        Assert.True(r.Converged, r.ToString());
        Assert.Equal(1, r.X[0], 1e-5);
        Assert.Equal(1, r.X[1], 1e-5);
        // Steepest descent zig-zags along the valley: far more iterations than L-BFGS's ~35.
        Assert.True(r.Iterations > 1_000, r.ToString());
    }

    [Fact]
    public void Gradient_descent_backtracks_out_of_a_NaN_region()
    {
        OptimizationResult r = GradientDescent.Minimize(HandWritten.SquareRootWell(), [0.01]);

        Assert.True(r.Converged, r.ToString());
        Assert.Equal(1, r.X[0], 1e-6);
    }

    [Fact]
    public void Nesterov_needs_fewer_iterations_than_the_heavy_ball_on_an_ill_conditioned_quadratic()
    {
        DelegateGradient f = HandWritten.Quadratic(20);
        var heavy = new MomentumOptions { LearningRate = 0.04, Momentum = 0.9 };
        var nesterov = new MomentumOptions { LearningRate = 0.04, Momentum = 0.9, Nesterov = true };

        OptimizationResult h = Momentum.Minimize(f, new double[20], heavy);
        OptimizationResult n = Momentum.Minimize(f, new double[20], nesterov);

        Assert.True(h.Converged && n.Converged, $"{h} / {n}");
        Assert.True(n.Iterations < h.Iterations, $"Nesterov {n.Iterations}, heavy ball {h.Iterations}");
    }

    [Fact]
    public void Momentum_with_too_large_a_rate_diverges_and_returns_its_best_finite_point()
    {
        DelegateGradient f = HandWritten.Quadratic(4);

        OptimizationResult r = Momentum.Minimize(f, new double[4], new MomentumOptions { LearningRate = 1.5 });

        Assert.Equal(StopReason.NonFiniteValue, r.Reason);
        Assert.True(double.IsFinite(r.Value));
        Assert.Equal(f.Value(r.X), r.Value);
        Assert.True(r.Value <= f.Value(new double[4]));
    }

    [Fact]
    public void Adam_first_step_has_length_learning_rate_in_every_coordinate()
    {
        // With bias correction, step 1 is α·g/|g| per coordinate whatever the gradient's scale.
        var f = new DelegateGradient(3, (x, g) =>
        {
            g[0] = 1e-4; g[1] = -250; g[2] = 3;
            return x[0] * 1e-4 - 250 * x[1] + 3 * x[2];
        });
        double[] x0 = [0, 0, 0];

        OptimizationResult r = Adam.Minimize(f, x0, new AdamOptions { LearningRate = 0.1, MaxIterations = 1 });

        Assert.Equal(1, r.Iterations);
        // A linear function has no minimum: the best point is the last one.
        Assert.Equal(-0.1 * 1e-4 / (1e-4 + 1e-8), r.X[0], 1e-15); // ε = 1e-8 matters only for tiny gradients
        Assert.Equal(0.1, r.X[1], 1e-9);
        Assert.Equal(-0.1, r.X[2], 1e-9);
    }
}
