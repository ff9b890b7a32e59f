using System.Globalization;
using ScottPlot;
using ScottPlot.TickGenerators;

namespace ExprGrad.Perf;

/// <summary>
/// The main job's results as pictures (ScottPlot, PNG and SVG): every approach's time per workload as a ratio to
/// the hand-written gradient, and the L-BFGS runs' objective against iterations and against wall time.
/// </summary>
internal static class Pictures
{
    private static readonly (string Approach, string Legend, Color Color)[] Series =
    [
        ("compiled (FEC)", "compiled (FastExpressionCompiler)", new Color(0x1f, 0x77, 0xb4)),
        ("compiled, loops unrolled (FEC)", "compiled, plain loops unrolled (RecoverLoops = false)", new Color(0x5b, 0x3f, 0x9e)),
        ("compiled (Expression.Compile)", "compiled (Expression.Compile)", new Color(0x9e, 0xc9, 0xe2)),
        ("tape", "tape (reverse mode)", new Color(0xff, 0x7f, 0x0e)),
        ("forward", "forward (dual numbers; not run above 400 inputs)", new Color(0x2c, 0xa0, 0x2c)),
    ];

    /// <summary>Writes the pictures into <paramref name="folder"/> (created) and returns the files written.</summary>
    public static IReadOnlyList<string> Write(string folder, IReadOnlyList<RatioToHand> ratios, IReadOnlyList<OptimizationTrace> traces)
    {
        Directory.CreateDirectory(folder);
        int workloads = ratios.Select(r => r.Workload).Distinct().Count();
        return [
            .. Save(Ratios(ratios), Path.Combine(folder, "ratios"), 1000, 170 + 52 * workloads),
            .. Save(Lbfgs(traces, byTime: false), Path.Combine(folder, "lbfgs-iterations"), 700, 420),
            .. Save(Lbfgs(traces, byTime: true), Path.Combine(folder, "lbfgs-time"), 700, 420),
        ];
    }

    /// <summary>Horizontal bars on a log axis, one group per workload (top to bottom in table order); 1 is the hand-written gradient.</summary>
    private static Plot Ratios(IReadOnlyList<RatioToHand> ratios)
    {
        Plot plot = NewPlot();
        List<string> workloads = ratios.Select(r => r.Workload).Distinct().ToList();
        var bars = new List<Bar>();
        double barHeight = 0.8 / Series.Length;
        for (int w = 0; w < workloads.Count; w++)
        {
            double center = workloads.Count - 1 - w;
            for (int s = 0; s < Series.Length; s++)
            {
                RatioToHand? r = ratios.FirstOrDefault(r => r.Workload == workloads[w] && r.Approach == Series[s].Approach);
                if (r is null || !double.IsFinite(r.Ratio) || r.Ratio <= 0) continue;
                bars.Add(new Bar
                {
                    Position = center + 0.4 - (s + 0.5) * barHeight,
                    Value = Math.Log10(r.Ratio),
                    ValueBase = 0,
                    Size = barHeight * 0.9,
                    FillColor = Series[s].Color,
                    LineWidth = 0,
                    Label = r.Ratio.ToString(r.Ratio < 10 ? "0.00" : "0", CultureInfo.InvariantCulture),
                });
            }
        }
        var barPlot = plot.Add.Bars(bars);
        barPlot.Horizontal = true;
        barPlot.ValueLabelStyle.FontSize = 10;
        plot.Add.VerticalLine(0, 1.5f, Colors.Black);

        plot.Axes.Left.TickGenerator = new NumericManual(
            Enumerable.Range(0, workloads.Count).Select(w => (double)(workloads.Count - 1 - w)).ToArray(), workloads.ToArray());
        plot.Axes.Left.MajorTickStyle.Length = 0;
        plot.Axes.Bottom.TickGenerator = LogTicks();
        plot.Axes.Bottom.Label.Text = "time per gradient ÷ hand-written gradient's time (log scale)";
        plot.Title("Gradient time relative to the hand-written gradient (1 = as fast, left of 1 = faster)");
        plot.Grid.YAxisStyle.MajorLineStyle.Width = 0;
        // Room for the value labels at both ends.
        double low = Math.Min(-1, bars.Min(b => b.Value)), high = Math.Max(1, bars.Max(b => b.Value));
        plot.Axes.SetLimits(low - 0.25, high + 0.45, -0.6, workloads.Count - 0.4);
        foreach (var (_, legend, color) in Series) plot.Legend.ManualItems.Add(new LegendItem { LabelText = legend, FillColor = color });
        plot.Legend.Orientation = Orientation.Horizontal;
        plot.ShowLegend(Edge.Bottom);
        return plot;
    }

    /// <summary>Objective (log scale) against iteration or wall time, one line per gradient.</summary>
    private static Plot Lbfgs(IReadOnlyList<OptimizationTrace> traces, bool byTime)
    {
        Plot plot = NewPlot();
        Color[] colors = [Series[0].Color, Series[2].Color];
        for (int t = 0; t < traces.Count; t++)
        {
            OptimizationTrace trace = traces[t];
            double[] xs = byTime ? trace.Milliseconds : Enumerable.Range(1, trace.Values.Length).Select(i => (double)i).ToArray();
            // Zero has no logarithm: a value of exactly 0 is drawn at 1e-30.
            double[] ys = trace.Values.Select(v => Math.Log10(Math.Max(v, 1e-30))).ToArray();
            var line = plot.Add.ScatterLine(xs, ys, colors[t % colors.Length]);
            // Both gradients take the same iterates: the first line is drawn wide so the second shows on top of it.
            line.LineWidth = byTime ? 2 : (t == 0 ? 5 : 1.5f);
            line.LegendText = byTime
                ? string.Create(CultureInfo.InvariantCulture, $"{trace.Gradient} gradient: {trace.Milliseconds[^1]:F1} ms")
                : $"{trace.Gradient} gradient" + (t > 0 ? " (same iterates)" : "");
        }
        plot.Axes.Left.TickGenerator = LogTicks();
        plot.Axes.Left.Label.Text = "objective f (log scale)";
        plot.Axes.Bottom.Label.Text = byTime ? "wall time (ms; the fastest of five warm runs)" : "iteration";
        plot.Title(byTime ? "L-BFGS on Rosenbrock n = 100: objective against wall time" : "L-BFGS on Rosenbrock n = 100: objective against iteration");
        plot.ShowLegend(Alignment.UpperRight);
        return plot;
    }

    private static Plot NewPlot()
    {
        var plot = new Plot();
        plot.Font.Set("DejaVu Sans");   // Debian's fonts-dejavu-core; ScottPlot falls back to another font elsewhere
        return plot;
    }

    /// <summary>Ticks at the powers of ten of a log10-transformed axis, with log-spaced minor ticks.</summary>
    private static NumericAutomatic LogTicks() => new()
    {
        MinorTickGenerator = new LogMinorTickGenerator(),
        IntegerTicksOnly = true,
        LabelFormatter = exponent => exponent switch
        {
            >= 0 and <= 4 => Math.Pow(10, exponent).ToString("0", CultureInfo.InvariantCulture),
            -1 => "0.1",
            _ => string.Create(CultureInfo.InvariantCulture, $"1e{exponent:0}"),
        },
    };

    private static string[] Save(Plot plot, string pathWithoutExtension, int width, int height)
    {
        string png = pathWithoutExtension + ".png", svg = pathWithoutExtension + ".svg";
        plot.SavePng(png, width, height);
        plot.SaveSvg(svg, width, height);
        return [png, svg];
    }
}
