namespace ExprGrad.Optimization.Tests;

/// <summary>Logistic regression on 3,000 seeded synthetic rows: Adam and L-BFGS agree on the loss and the weights.</summary>
public class LogisticRegressionTests
{
    private static readonly SyntheticLogistic Data = new(rows: 3_000, seed: 7);
    private static readonly Lazy<CompiledGradient> Loss = new(() => Grad.Compile(Data.Loss, Data.Parameters));

    [Fact]
    public void Adam_and_Lbfgs_reach_the_same_loss()
    {
        double[] start = new double[Data.Parameters];

        OptimizationResult lbfgs = Lbfgs.Minimize(Loss.Value, start);
        OptimizationResult adam = Adam.Minimize(Loss.Value, start,
            new AdamOptions { LearningRate = 0.05, MaxIterations = 5_000, GradientTolerance = 1e-7 });

        Assert.True(lbfgs.Converged, lbfgs.ToString());
        Assert.True(lbfgs.GradientNorm <= 1e-7, lbfgs.ToString());
        Assert.Equal(StopReason.GradientConverged, adam.Reason);
        // Near the minimum loss − loss* ≈ |g|²/(2λ_min): both gradients ≤ 1e-7 put both losses within 1e-12.
        Assert.Equal(lbfgs.Value, adam.Value, 1e-10);
        for (int j = 0; j < Data.Parameters; j++) Assert.Equal(lbfgs.X[j], adam.X[j], 1e-5);
        Assert.True(lbfgs.Iterations < 50, lbfgs.ToString());
        Assert.True(adam.Iterations > 10 * lbfgs.Iterations, adam.ToString());
    }

    [Fact]
    public void The_fit_recovers_the_generating_weights()
    {
        OptimizationResult r = Lbfgs.Minimize(Loss.Value, new double[Data.Parameters]);

        // 3,000 rows give standard errors of about 0.05-0.08 on these weights: 0.25 is over three of them.
        for (int j = 0; j < SyntheticLogistic.TrueWeights.Length; j++) Assert.Equal(SyntheticLogistic.TrueWeights[j], r.X[j], 0.25);
        Assert.Equal(SyntheticLogistic.TrueBias, r.X[^1], 0.25);
        Assert.InRange(r.Value, 0.2, Math.Log(2)); // better than chance (ln 2), as good as the noise allows
    }
}
