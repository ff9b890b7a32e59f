namespace ExprGrad.Workloads.Tests;

public class MlpTests
{
    [Fact]
    public void Has_385_weights()
    {
        Assert.Equal(32 * 10 + 32 + 32 + 1, new Mlp().Dimension);
    }

    [Fact]
    public void Last_weight_is_the_output_bias()
    {
        // With only b2 = c set, y = c for every sample: L = mean (c - t_s)^2, dL/db2 = mean 2 (c - t_s), all else 0.
        var mlp = new Mlp();
        var w = new double[mlp.Dimension];
        w[^1] = 0.3;
        double expected = 0, expectedSlope = 0;
        for (int s = 0; s < Mlp.Samples; s++)
        {
            expected += (0.3 - mlp.Target(s)) * (0.3 - mlp.Target(s)) / Mlp.Samples;
            expectedSlope += 2 * (0.3 - mlp.Target(s)) / Mlp.Samples;
        }
        var gradient = new double[mlp.Dimension];
        Close.Relative(expected, mlp.ValueAndGradient(w, gradient), 1e-14, "loss");
        Close.Relative(expectedSlope, gradient[^1], 1e-14, "dL/db2");
        Assert.All(gradient[..^1], g => Assert.Equal(0.0, g, 0.0)); // W2 = 0 blocks W1 and b1; tanh(0) = 0 blocks W2
    }

    [Fact]
    public void Samples_are_reproducible_and_targets_follow_the_documented_formula()
    {
        Mlp first = new(), second = new();
        for (int s = 0; s < Mlp.Samples; s++)
        {
            Assert.Equal(first.SampleInputs(s).ToArray(), second.SampleInputs(s).ToArray());
            ReadOnlySpan<double> x = first.SampleInputs(s);
            Assert.Equal(Math.Sin(x[0] + x[1]) + x[2] * x[3], first.Target(s), 0.0);
        }
    }
}
