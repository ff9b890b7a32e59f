using static ExprGrad.Scalar;

namespace ExprGrad.Optimization.Tests;

/// <summary>
/// The README's logistic-regression example (Scalar.Sum over rows passed as data, bound, minimised by
/// L-BFGS) reaches the same loss as the unrolled loss of LogisticRegressionTests: 1e-10 absolute on the
/// loss, 1e-5 on the parameters.
/// </summary>
public class ReadmeLogisticExampleTests
{
    [Fact]
    public void Sum_over_data_rows_fits_the_same_model_as_the_unrolled_loss()
    {
        var set = new SyntheticLogistic(3_000, 7);
        int rows = set.Rows;
        double[] data = set.FlattenedRows();

        // As in README.md:
        CompiledGradient logLoss = Grad.Compile((Vec theta, Vec data) => Sum(rows, i =>
        {
            Scalar z = theta[4];
            for (int j = 0; j < 4; j++) z += data[5 * i + j] * theta[j];
            return Softplus(z) - data[5 * i + 4] * z;
        }) / rows, dimension: 5, dataLength: 5 * rows);
        OptimizationResult fitted = Lbfgs.Minimize(logLoss.Bind(data), new double[5]);

        OptimizationResult reference = Lbfgs.Minimize(Grad.Compile(set.Loss, 5), new double[5]);
        Assert.True(fitted.Converged, $"stopped with {fitted.Reason}");
        Assert.Equal(reference.Value, fitted.Value, 1e-10);
        for (int k = 0; k < 5; k++) Assert.Equal(reference.X[k], fitted.X[k], 1e-5);
        Assert.True(logLoss.StatementCount < 100, $"the loop body is compiled once ({logLoss.StatementCount} statements)");
    }
}
