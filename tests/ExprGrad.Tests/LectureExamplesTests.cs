using static ExprGrad.Scalar;

namespace ExprGrad.Tests;

/// <summary>The lecture's worked examples, in every mode. Tolerance: 1e-12 absolute (all values are small integers).</summary>
public class LectureExamplesTests
{
    private const double Tolerance = 1e-12;

    [Theory, MemberData(nameof(Modes.All), MemberType = typeof(Modes))]
    public void Relu_layer_H_equals_max_of_zero_and_W_x_plus_b(string mode)
    {
        // H = max(0, W*x + b) at W=2, x=3, b=1.
        var g = Modes.Create(mode, v => Max(0, v[0] * v[1] + v[2]), 3);
        var (h, grad) = Modes.Evaluate(g, 2, 3, 1);
        Assert.Equal(7, h, Tolerance);
        Assert.Equal(3, grad[0], Tolerance);
        Assert.Equal(2, grad[1], Tolerance);
        Assert.Equal(1, grad[2], Tolerance);
    }

    [Theory, MemberData(nameof(Modes.All), MemberType = typeof(Modes))]
    public void Product_y_equals_x_times_x_plus_one(string mode)
    {
        var g = Modes.Create(mode, v => v[0] * (v[0] + 1), 1);
        var (y, grad) = Modes.Evaluate(g, 17);
        Assert.Equal(306, y, Tolerance);
        Assert.Equal(35, grad[0], Tolerance);
    }

    [Theory, MemberData(nameof(Modes.All), MemberType = typeof(Modes))]
    public void Shared_input_l_equals_F_of_x_and_x_gives_two_x(string mode)
    {
        static Scalar F(Scalar u, Scalar v) => u * v;
        var g = Modes.Create(mode, v => F(v[0], v[0]), 1);
        var (l, grad) = Modes.Evaluate(g, 1.5);
        Assert.Equal(2.25, l, Tolerance);
        Assert.Equal(3.0, grad[0], Tolerance);
    }

    [Fact]
    public void Dual_numbers_carry_the_derivative()
    {
        Dual x = Dual.Variable(17);
        Dual y = x * (x + 1);
        Assert.Equal(306, y.Value, Tolerance);
        Assert.Equal(35, y.Derivative, Tolerance);
    }
}
