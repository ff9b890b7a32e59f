namespace ExprGrad.Workloads.Tests;

/// <summary>The lecture's worked numbers, exactly (every operation involved is exact in doubles).</summary>
public class LectureTests
{
    [Fact]
    public void Neuron_at_W2_x3_b1_is_7_with_gradient_3_2_1()
    {
        var neuron = new LectureNeuron();
        var gradient = new double[3];
        double h = neuron.ValueAndGradient(neuron.StartPoint(), gradient);
        Assert.Equal(7.0, h, 0.0);
        Assert.Equal(3.0, gradient[0], 0.0);
        Assert.Equal(2.0, gradient[1], 0.0);
        Assert.Equal(1.0, gradient[2], 0.0);
    }

    [Fact]
    public void Neuron_is_flat_where_inactive_and_at_the_kink()
    {
        var neuron = new LectureNeuron();
        var gradient = new double[3];
        Assert.Equal(0.0, neuron.ValueAndGradient([2, 3, -6], gradient), 0.0);
        Assert.Equal([0.0, 0.0, 0.0], gradient);
        Assert.Equal(0.0, neuron.ValueAndGradient([2, 3, -10], gradient), 0.0);
        Assert.Equal([0.0, 0.0, 0.0], gradient);
    }

    [Fact]
    public void Quadratic_at_17_is_306_with_slope_35()
    {
        var quadratic = new LectureQuadratic();
        var gradient = new double[1];
        Assert.Equal(306.0, quadratic.ValueAndGradient(quadratic.StartPoint(), gradient), 0.0);
        Assert.Equal(35.0, gradient[0], 0.0);
    }
}
