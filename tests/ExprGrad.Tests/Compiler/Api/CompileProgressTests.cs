using static ExprGrad.Scalar;

namespace ExprGrad.Tests.Compiler.Api;

/// <summary>
/// <see cref="GradOptions.Progress"/> and <see cref="GradOptions.CancellationToken"/>: every step reported in order,
/// units counted, and a cancelled compile throws <see cref="OperationCanceledException"/> and leaves nothing behind.
/// </summary>
public class CompileProgressTests
{
    // A chain of 3,000 distinct ops: several units of straight-line code (Tuning.UnitSize statements each).
    private static Scalar Chain(Vec x)
    {
        Scalar s = x[0];
        for (int i = 0; i < 1500; i++) s = Sin(s) * (1 + 1e-3 * i) + x[1];
        return s;
    }

    /// <summary>Calls back on the reporting thread (unlike <see cref="Progress{T}"/>, which posts asynchronously).</summary>
    private sealed class Recorded(Action<CompileProgress>? onReport = null) : IProgress<CompileProgress>
    {
        private readonly List<CompileProgress> reports = [];

        public List<CompileProgress> Reports { get { lock (reports) return [.. reports]; } }

        public void Report(CompileProgress value)
        {
            lock (reports) reports.Add(value);
            onReport?.Invoke(value);
        }
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void Every_step_is_reported_in_order_with_its_units(bool large)
    {
        var progress = new Recorded();
        Func<Vec, Scalar> f = large ? Chain : x => x[0] * Sin(x[1]);
        Grad.Compile(f, 2, new GradOptions { Progress = progress });
        List<CompileProgress> reports = progress.Reports;

        CompileStage[] order = [.. reports.Select(r => r.Stage).Distinct()];
        Assert.Equal(Enum.GetValues<CompileStage>(), order);
        Assert.True(reports.Zip(reports.Skip(1)).All(p => p.First.Stage <= p.Second.Stage), "stages went back");
        foreach (CompileStage stage in order)
        {
            CompileProgress[] step = [.. reports.Where(r => r.Stage == stage)];
            int total = step[0].Total;
            Assert.All(step, r => Assert.Equal(total, r.Total));
            Assert.Equal(0, step[0].Done);
            Assert.Equal(total, step.Max(r => r.Done)); // warm-up steps come from several threads, in any order
            if (stage != CompileStage.WarmingUp) Assert.Equal([.. Enumerable.Range(0, total + 1)], step.Select(r => r.Done));
        }
        int units = reports.First(r => r.Stage == CompileStage.Compiling).Total;
        if (large) Assert.True(units > 2, $"the chain compiled as {units} units; the test needs several");
        else Assert.Equal(1, units);
    }

    [Theory]
    [InlineData(CompileStage.Tracing)]
    [InlineData(CompileStage.Generating)]
    [InlineData(CompileStage.Compiling)]
    [InlineData(CompileStage.WarmingUp)]
    public void A_cancelled_compile_throws_and_leaves_nothing_behind(CompileStage cancelAt)
    {
        using var cancel = new CancellationTokenSource();
        var progress = new Recorded(r => { if (r.Stage == cancelAt && r.Done == 1) cancel.Cancel(); });
        var options = new GradOptions { Progress = progress, CancellationToken = cancel.Token };

        var thrown = Assert.ThrowsAny<OperationCanceledException>(() => Grad.Compile(Chain, 2, options));
        Assert.Equal(cancel.Token, thrown.CancellationToken);
        Assert.DoesNotContain(progress.Reports, r => r.Stage > cancelAt + 1);

        // The same function compiles afterwards, to the same numbers as a compile that was never cancelled.
        double[] x = [0.3, -0.2];
        var reference = Grad.Compile(Chain, 2);
        var again = Grad.Compile(Chain, 2, options with { CancellationToken = CancellationToken.None });
        double[] g1 = new double[2], g2 = new double[2];
        Assert.Equal(reference.ValueAndGradient(x, g1), again.ValueAndGradient(x, g2));
        Assert.Equal(g1, g2);
    }

    [Fact]
    public void A_token_cancelled_before_the_compile_stops_it_before_the_function_runs()
    {
        bool ran = false;
        var options = new GradOptions { CancellationToken = new CancellationToken(canceled: true) };
        Assert.ThrowsAny<OperationCanceledException>(() => Grad.Compile(x => { ran = true; return x[0]; }, 1, options));
        Assert.False(ran);
    }
}
