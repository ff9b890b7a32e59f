namespace ExprGrad.Workloads.Tests;

public class RosenbrockTests
{
    [Fact]
    public void Two_dimensional_start_has_the_textbook_value_and_gradient()
    {
        // f(-1.2, 1) = 100 * (1 - 1.44)^2 + 2.2^2 = 24.2; gradient (-400 * -0.44 * -1.2 - 2 * 2.2, 200 * -0.44).
        var rosenbrock = new Rosenbrock(2);
        var gradient = new double[2];
        double f = rosenbrock.ValueAndGradient(rosenbrock.StartPoint(), gradient);
        Assert.Equal(24.2, f, 1e-12);
        Assert.Equal(-215.6, gradient[0], 1e-12);
        Assert.Equal(-88.0, gradient[1], 1e-12);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(101)]
    public void Minimum_at_all_ones_is_zero_with_zero_gradient(int n)
    {
        var rosenbrock = new Rosenbrock(n);
        double[] ones = Enumerable.Repeat(1.0, n).ToArray();
        var gradient = Enumerable.Repeat(double.NaN, n).ToArray();
        Assert.Equal(0.0, rosenbrock.ValueAndGradient(ones, gradient), 0.0);
        Assert.All(gradient, g => Assert.Equal(0.0, g, 0.0));
    }

    [Fact]
    public void Start_point_alternates_minus_1_2_and_1()
    {
        double[] x = new Rosenbrock(5).StartPoint();
        Assert.Equal([-1.2, 1.0, -1.2, 1.0, -1.2], x);
    }
}
