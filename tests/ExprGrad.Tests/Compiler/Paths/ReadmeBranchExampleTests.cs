using static ExprGrad.Scalar;

namespace ExprGrad.Tests.Compiler.Paths;

/// <summary>The README's examples of branches, combined conditions and Clamp, run as written, with their numbers checked.</summary>
public class ReadmeBranchExampleTests
{
    [Fact]
    public void The_Huber_example_compiles_two_paths_and_needs_no_fallback()
    {
        CompiledGradient huber = Grad.Compile(x =>
        {
            Scalar r = x[0] - 3 * x[1];
            if (Abs(r) <= 1) return 0.5 * r * r;
            return Abs(r) - 0.5;
        }, dimension: 2);
        double[] gradient = new double[2];
        huber.ValueAndGradient([0.5, 0.1], gradient);   // compiles the path |r| <= 1, then runs it
        Assert.Equal([0.2, -0.6], gradient.Select(g => Math.Round(g, 12)));
        huber.ValueAndGradient([4.0, 0.1], gradient);   // compiles the path |r| > 1
        Assert.Equal([1.0, -3], gradient);
        huber.ValueAndGradient([0.2, 0.3], gradient);   // runs the first path again
        int paths = huber.PathCount;                     // 2
        long fallbacks = huber.FallbackCount;            // 0: no call needed tape mode
        Assert.Equal((2, 0L), (paths, fallbacks));
        Assert.Contains("// path 1 of 2, guards: v7 = le(v5, 1) is true", huber.ToCSharpString());
    }

    [Fact]
    public void The_contact_penalty_pushes_back_only_below_the_floor_and_left_of_the_gap()
    {
        CompiledGradient energy = Grad.Compile(p => Square(p[0] - 3) + Square(p[1] + 1)
            + Where((p[1] < 0) & (p[0] < 2), 100 * Square(p[1]), 0), dimension: 2);
        var gradient = new double[2];
        Assert.Equal(4 + 0.25 + 25, energy.ValueAndGradient([1.0, -0.5], gradient), 1e-12); // in contact
        Assert.Equal([-4, 1 - 100], gradient.Select(g => Math.Round(g, 12)));
        Assert.Equal(0.25 + 0.25, energy.ValueAndGradient([2.5, -0.5], gradient), 1e-12);    // over the gap
        Assert.Equal([-1, 1], gradient.Select(g => Math.Round(g, 12)));
        Assert.Equal(1, energy.PathCount);
    }

    [Fact]
    public void The_saturating_sensor_fit_has_no_gradient_from_clamped_samples()
    {
        const int n = 3;
        CompiledGradient sensor = Grad.Compile((Vec w, Vec data) => Sum(n, i =>
            Square(Clamp(w[0] + w[1] * data[2 * i], 0, 1) - data[2 * i + 1])), dimension: 2, dataLength: 2 * n);
        // t = -1, 0.5, 2 with w = (0.2, 0.5): predictions -0.3 (clamped to 0), 0.45, 1.2 (clamped to 1).
        double[] data = [-1, 0.1, 0.5, 0.4, 2, 0.9];
        var gradient = new double[2];
        double loss = sensor.ValueAndGradient([0.2, 0.5], data, gradient);
        Assert.Equal(0.01 + 0.0025 + 0.01, loss, 1e-15);
        Assert.Equal(2 * 0.05, gradient[0], 1e-15);       // only the unclamped sample
        Assert.Equal(2 * 0.05 * 0.5, gradient[1], 1e-15);
    }
}
