using ExprGrad.TestProblems;

namespace ExprGrad.Optimization.Tests.Nist;

/// <summary>The model parser on the models of all 27 NIST StRD nonlinear-regression problems, against C#.</summary>
public class NistModelTests
{
    public static TheoryData<string, string, Func<double[], double[], double>, double[], double[]> AllNistModels => new()
    {
        { "Misra1a, BoxBOD", "b1*(1-exp[-b2*x])", (b, x) => b[0] * (1 - Math.Exp(-b[1] * x[0])), [240, 5e-4], [300] },
        { "Misra1b", "b1 * (1-(1+b2*x/2)**(-2))", (b, x) => b[0] * (1 - Math.Pow(1 + b[1] * x[0] / 2, -2)), [340, 3e-4], [300] },
        { "Misra1c", "b1 * (1-(1+2*b2*x)**(-.5))", (b, x) => b[0] * (1 - Math.Pow(1 + 2 * b[1] * x[0], -0.5)), [640, 2e-4], [300] },
        { "Misra1d", "b1*b2*x*((1+b2*x)**(-1))", (b, x) => b[0] * b[1] * x[0] / (1 + b[1] * x[0]), [440, 3e-4], [300] },
        { "Chwirut1, Chwirut2", "exp[-b1*x]/(b2+b3*x)", (b, x) => Math.Exp(-b[0] * x[0]) / (b[1] + b[2] * x[0]), [0.19, 6e-3, 0.01], [2.5] },
        { "DanWood", "b1*x**b2", (b, x) => b[0] * Math.Pow(x[0], b[1]), [0.77, 3.86], [1.4] },
        { "Gauss1-3", "b1*exp( -b2*x ) + b3*exp( -(x-b4)**2 / b5**2 ) + b6*exp( -(x-b7)**2 / b8**2 )",
            (b, x) => b[0] * Math.Exp(-b[1] * x[0]) + b[2] * Math.Exp(-Math.Pow(x[0] - b[3], 2) / (b[4] * b[4])) + b[5] * Math.Exp(-Math.Pow(x[0] - b[6], 2) / (b[7] * b[7])),
            [98, 0.011, 100, 67, 23, 72, 178, 18], [120] },
        { "Lanczos1-3", "b1*exp(-b2*x) + b3*exp(-b4*x) + b5*exp(-b6*x)",
            (b, x) => b[0] * Math.Exp(-b[1] * x[0]) + b[2] * Math.Exp(-b[3] * x[0]) + b[4] * Math.Exp(-b[5] * x[0]), [0.08, 0.9, 0.5, 2.9, 1.5, 5.0], [0.45] },
        { "Hahn1, Thurber", "(b1+b2*x+b3*x**2+b4*x**3) / (1+b5*x+b6*x**2+b7*x**3)",
            (b, x) => (b[0] + b[1] * x[0] + b[2] * x[0] * x[0] + b[3] * Math.Pow(x[0], 3)) / (1 + b[4] * x[0] + b[5] * x[0] * x[0] + b[6] * Math.Pow(x[0], 3)),
            [1288, 1491, 583, 75, 0.97, 0.40, 0.05], [-1.5] },
        { "Kirby2", "(b1 + b2*x + b3*x**2) / (1 + b4*x + b5*x**2)",
            (b, x) => (b[0] + b[1] * x[0] + b[2] * x[0] * x[0]) / (1 + b[3] * x[0] + b[4] * x[0] * x[0]), [1.67, -0.14, 0.0026, -0.0017, 2.2e-5], [500] },
        { "Nelson", "b1 - b2*x1 * exp[-b3*x2]", (b, x) => b[0] - b[1] * x[0] * Math.Exp(-b[2] * x[1]), [2.59, 5.6e-9, -0.058], [16, 250] },
        { "MGH17", "b1 + b2*exp[-x*b4] + b3*exp[-x*b5]", (b, x) => b[0] + b[1] * Math.Exp(-x[0] * b[3]) + b[2] * Math.Exp(-x[0] * b[4]), [0.37, 1.94, -1.46, 0.013, 0.022], [100] },
        { "Roszman1", "b1 - b2*x - arctan[b3/(x-b4)]/pi", (b, x) => b[0] - b[1] * x[0] - Math.Atan(b[2] / (x[0] - b[3])) / Math.PI, [0.2, -6e-6, 1200, -180], [-3000] },
        { "ENSO", "b1 + b2*cos( 2*pi*x/12 ) + b3*sin( 2*pi*x/12 ) + b5*cos( 2*pi*x/b4 ) + b6*sin( 2*pi*x/b4 ) + b8*cos( 2*pi*x/b7 ) + b9*sin( 2*pi*x/b7 )",
            (b, x) => b[0] + b[1] * Math.Cos(2 * Math.PI * x[0] / 12) + b[2] * Math.Sin(2 * Math.PI * x[0] / 12)
                + b[4] * Math.Cos(2 * Math.PI * x[0] / b[3]) + b[5] * Math.Sin(2 * Math.PI * x[0] / b[3])
                + b[7] * Math.Cos(2 * Math.PI * x[0] / b[6]) + b[8] * Math.Sin(2 * Math.PI * x[0] / b[6]),
            [10.5, 3.08, 0.53, 44.3, -1.62, 0.53, 26.9, 0.21, 1.5], [7] },
        { "MGH09", "b1*(x**2+x*b2) / (x**2+x*b3+b4)", (b, x) => b[0] * (x[0] * x[0] + x[0] * b[1]) / (x[0] * x[0] + x[0] * b[2] + b[3]), [0.19, 0.19, 0.12, 0.14], [0.5] },
        { "Rat42", "b1 / (1+exp[b2-b3*x])", (b, x) => b[0] / (1 + Math.Exp(b[1] - b[2] * x[0])), [72, 2.6, 0.067], [30] },
        { "MGH10", "b1 * exp[b2/(x+b3)]", (b, x) => b[0] * Math.Exp(b[1] / (x[0] + b[2])), [0.0056, 6181, 345], [70] },
        { "Eckerle4", "(b1/b2) * exp[-0.5*((x-b3)/b2)**2]", (b, x) => b[0] / b[1] * Math.Exp(-0.5 * Math.Pow((x[0] - b[2]) / b[1], 2)), [1.55, 4.09, 451.5], [449] },
        { "Rat43", "b1 / ((1+exp[b2-b3*x])**(1/b4))", (b, x) => b[0] / Math.Pow(1 + Math.Exp(b[1] - b[2] * x[0]), 1 / b[3]), [699, 5.28, 0.76, 1.28], [6] },
        { "Bennett5", "b1 * (b2+x)**(-1/b3)", (b, x) => b[0] * Math.Pow(b[1] + x[0], -1 / b[2]), [-2523, 46.7, 0.93], [8] },
    };

    [Theory]
    [MemberData(nameof(AllNistModels))]
    public void Every_NIST_model_parses_and_evaluates_like_the_same_formula_in_CSharp(
        string problems, string text, Func<double[], double[], double> reference, double[] b, double[] x)
    {
        NistModel model = NistModel.Parse(text);

        Assert.Equal(b.Length, model.Parameters);
        Assert.Equal(x.Length, model.Predictors);
        double value = Grad.Forward(v => model.Evaluate(v, [.. x.Select(xi => (Scalar)xi)]), b.Length).Value(b);
        double expected = reference(b, x);
        Assert.True(Math.Abs(value - expected) <= 1e-13 * Math.Abs(expected), $"{problems}: {value:R} against {expected:R}");
    }

    [Theory]
    [MemberData(nameof(AllNistModels))]
    public void Every_NIST_model_has_the_gradient_of_the_same_formula(
        string problems, string text, Func<double[], double[], double> reference, double[] b, double[] x)
    {
        NistModel model = NistModel.Parse(text);
        // The values are the C# formula's (the test above): GradCheck's central differences of them judge the gradient.
        GradCheckReport report = GradCheck.Run(Grad.Forward(v => model.Evaluate(v, [.. x.Select(xi => (Scalar)xi)]), b.Length), b);
        Assert.True(report.Passed, $"{problems}:\n{report}");
        Assert.Equal(reference(b, x), report.Value, Math.Abs(reference(b, x)) * 1e-13);
    }

    [Theory]
    [InlineData("-x**2", 3, -9)]
    [InlineData("2**-1", 0, 0.5)]
    [InlineData("2*-x", 3, -6)]
    [InlineData("2**3**2", 0, 512)]
    [InlineData("(x-1)*(x+1)/-(x)", 2, -1.5)]
    [InlineData("exp[log(x)]", 2.5, 2.5)]
    [InlineData("-.5e1 + 1E0", 0, -4)]
    public void Precedence_follows_Fortran(string text, double x, double expected)
    {
        NistModel model = NistModel.Parse(text);

        double value = Grad.Forward(v => model.Evaluate(v, [(Scalar)x]), 1).Value([0.0]);

        Assert.Equal(expected, value, 1e-15);
    }

    [Theory]
    [InlineData("b1*z", "'z' at position 3")]
    [InlineData("b1*(x", "'(' at position 3")]
    [InlineData("b1*x)", "')' at position 4")]
    [InlineData("exp[b1*x)", "does not match")]
    [InlineData("b1 b2", "'b2' at position 3")]
    [InlineData("b1*", "ends where an operand was expected")]
    [InlineData("b1 % x", "'%' at position 3")]
    [InlineData("b0*x", "'b0'")]
    public void A_malformed_model_is_rejected_with_the_token_and_its_position(string text, string expected)
    {
        var e = Assert.Throws<FormatException>(() => NistModel.Parse(text));

        Assert.Contains(expected, e.Message);
    }
}
