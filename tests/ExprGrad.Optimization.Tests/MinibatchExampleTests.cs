using static ExprGrad.Scalar;

namespace ExprGrad.Optimization.Tests;

/// <summary>
/// The README's minibatch example, verbatim: Adam on an <see cref="IGradient"/> that hands the compiled loss the
/// next slice of the data on every call (no copies), returning the last iterate, with a validation loss computed
/// from the point each progress report carries.
/// </summary>
public class MinibatchExampleTests
{
    [Fact]
    public void Adam_on_minibatches_returns_the_last_iterate_and_fits_the_full_data_model()
    {
        double[] data = new SyntheticLogistic(3_000, 7).FlattenedRows();
        CompiledGradient fullLoss = Grad.Compile((Vec theta, Vec rows) => Sum(data.Length / 5, i =>
        {
            Scalar z = theta[4];
            for (int j = 0; j < 4; j++) z += rows[5 * i + j] * theta[j];
            return Softplus(z) - rows[5 * i + 4] * z;
        }) / (data.Length / 5), dimension: 5, dataLength: data.Length);

        // --- README.md: minibatch example (verbatim) ---
        const int batch = 100;                                    // rows per minibatch; data holds 30 of them
        CompiledGradient batchLoss = Grad.Compile((Vec theta, Vec rows) => Sum(batch, i =>
        {
            Scalar z = theta[4];
            for (int j = 0; j < 4; j++) z += rows[5 * i + j] * theta[j];
            return Softplus(z) - rows[5 * i + 4] * z;
        }) / batch, dimension: 5, dataLength: 5 * batch);
        // fullLoss: the same over all rows (dataLength: data.Length)

        var validation = new List<double>();
        var progress = new SynchronousProgress(p =>
        {
            if (p.Iteration % 300 == 0) validation.Add(fullLoss.Value(p.Point.Span, data));  // Point: valid during Report
        });
        OptimizationResult trained = Adam.Minimize(new Minibatches(batchLoss, data), new double[5],
            new AdamOptions { LearningRate = 0.01, MaxIterations = 3_000, ReturnLastIterate = true }, progress);
        // --- end of example ---

        // The same run again (same batches in the same order), keeping a copy of every reported point.
        var points = new List<double[]>();
        Adam.Minimize(new Minibatches(batchLoss, data), new double[5],
            new AdamOptions { LearningRate = 0.01, MaxIterations = 3_000, ReturnLastIterate = true },
            new SynchronousProgress(p => points.Add(p.Point.ToArray())));
        OptimizationResult exact = Lbfgs.Minimize(fullLoss.Bind(data), new double[5]);
        Assert.Equal(StopReason.IterationLimit, trained.Reason);
        Assert.Equal(points[^1], trained.X);                      // the last iterate, not the best batch
        Assert.Equal(10, validation.Count);
        Assert.True(validation[^1] < validation[0], string.Join(", ", validation));
        Assert.Equal(exact.Value, fullLoss.Value(trained.X, data), 2e-3);
        for (int k = 0; k < 5; k++) Assert.Equal(exact.X[k], trained.X[k], 0.1);
    }

    [Fact]
    public void Without_the_option_Adam_returns_the_point_that_met_the_easiest_batch()
    {
        double[] data = new SyntheticLogistic(3_000, 7).FlattenedRows();
        CompiledGradient batchLoss = Grad.Compile((Vec theta, Vec rows) => Sum(100, i =>
        {
            Scalar z = theta[4];
            for (int j = 0; j < 4; j++) z += rows[5 * i + j] * theta[j];
            return Softplus(z) - rows[5 * i + 4] * z;
        }) / 100, dimension: 5, dataLength: 500);
        var reports = new RecordingProgress();

        OptimizationResult r = Adam.Minimize(new Minibatches(batchLoss, data), new double[5],
            new AdamOptions { LearningRate = 0.01, MaxIterations = 3_000 }, reports);

        // The lowest batch loss seen, which is not the last iterate's.
        Assert.Equal(reports.Reports.Min(p => p.Value), r.Value);
        Assert.NotEqual(reports.Reports[^1].Value, r.Value);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void After_a_non_finite_value_the_last_finite_point_is_returned_either_way(bool last)
    {
        DelegateGradient f = HandWritten.TurningNaNAfter(HandWritten.Quadratic(6), goodCalls: 5);

        OptimizationResult r = Momentum.Minimize(f, new double[6], new MomentumOptions { ReturnLastIterate = last });

        Assert.Equal(StopReason.NonFiniteValue, r.Reason);
        Assert.All(r.X, v => Assert.True(double.IsFinite(v)));
        Assert.Equal(HandWritten.Quadratic(6).Value(r.X), r.Value, 1e-12);
    }

    /// <summary>
    /// An IGradient over a compiled loss with data: each call evaluates the next minibatch, a slice of
    /// <paramref name="data"/> passed as a span (no copy). Holds a cursor, so one instance serves one run at a time.
    /// </summary>
    private sealed class Minibatches(CompiledGradient loss, double[] data) : IGradient
    {
        private int next;

        public int Dimension => loss.Dimension;
        public double Value(ReadOnlySpan<double> x) => loss.Value(x, NextBatch());
        public double ValueAndGradient(ReadOnlySpan<double> x, Span<double> gradient) => loss.ValueAndGradient(x, NextBatch(), gradient);

        private ReadOnlySpan<double> NextBatch()
        {
            ReadOnlySpan<double> batch = data.AsSpan(next * loss.DataLength, loss.DataLength);
            next = (next + 1) % (data.Length / loss.DataLength);
            return batch;
        }
    }

    /// <summary>Runs the handler inside Report, while the point is valid (Progress&lt;T&gt; would run it later).</summary>
    private sealed class SynchronousProgress(Action<OptimizationProgress> handler) : IProgress<OptimizationProgress>
    {
        public void Report(OptimizationProgress value) => handler(value);
    }
}
