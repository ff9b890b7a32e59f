using ExprGrad.Tracer;

namespace ExprGrad.Compiler;

/// <summary>
/// How a compiled Jacobian is computed: its structural pattern, the mode (columns by forward mode, rows by reverse mode,
/// the cheaper by <see cref="ProgramCost"/> unless <see cref="GradOptions.JacobianMode"/> says), the colouring that
/// compresses it, and the compiled program with where each entry of the pattern is read.
/// </summary>
internal sealed class JacobianPlan
{
    private JacobianPlan(JacobianMode mode, int colors, CompressedKernel kernel, bool dense)
    {
        Mode = mode;
        Colors = colors;
        Kernel = kernel;
        Dense = dense;
    }

    public JacobianMode Mode { get; }

    /// <summary>Columns (forward) or rows (reverse) computed together: directional derivatives or sweeps per call.</summary>
    public int Colors { get; }

    public CompressedKernel Kernel { get; }

    /// <summary>True when every entry is in the pattern (nothing to clear before the entries are written).</summary>
    public bool Dense { get; }

    /// <summary>Builds both candidate programs (the one the options require), keeps the cheaper, compiles it.</summary>
    public static JacobianPlan Create(VectorTraced f, int dataLength, GradOptions options, CompileMonitor monitor)
    {
        int n = f.Graph.InputCount, m = f.Count;
        monitor.Start(CompileStage.Transforming);
        GradientProgram values = JacobianPrograms.Values(f);
        int[][] rows = DependencyPattern.Of(values, Tuning.PatternBudget) ?? [.. Enumerable.Repeat(Enumerable.Range(0, n).ToArray(), m)];
        Candidate? reverse = options.JacobianMode == JacobianMode.Forward ? null : Reverse(f, rows, options);
        Candidate? forward = options.JacobianMode == JacobianMode.Reverse && reverse is not null ? null : Forward(f, values, rows, dataLength, options);
        Candidate chosen = forward is null ? reverse! : reverse is null ? forward : reverse.Cost < forward.Cost ? reverse : forward;
        monitor.End(CompileStage.Transforming);
        ProgramKernel kernel = ProgramKernel.Compile(chosen.Program, dataLength, chosen.Extras[0]?.Length ?? 0, options, monitor);
        var (from, to) = CompressedKernel.Places(chosen.Held, m, chosen.Batch, chosen.Extras.Length);
        bool dense = rows.All(r => r.Length == n);
        return new JacobianPlan(chosen.Mode, chosen.Colors, new CompressedKernel(kernel, m, chosen.Extras, from, to), dense);
    }

    /// <summary>
    /// A way to compute the Jacobian: the program of one batch, the seeds of each batch, and for each entry (r, j) of the
    /// pattern its row and colour in the program's compressed output and its index r * n + j in J.
    /// </summary>
    private sealed record Candidate(JacobianMode Mode, GradientProgram Program, int Colors, int Batch, double[]?[] Extras,
        List<(int Row, int Colour, int To)> Held, long Cost);

    // Columns: J·S with S seeding each colour of columns; entry (r, j) is B[r][colour(j)].
    private static Candidate Forward(VectorTraced f, GradientProgram values, int[][] rows, int dataLength, GradOptions options)
    {
        int n = f.Graph.InputCount;
        int[] colour = (options.Compress ? Colouring.Columns(rows, n, Tuning.ColouringBudget) : null) ?? Colouring.Identity(n);
        int colours = Colouring.Count(colour), batch = Math.Min(colours, Tuning.MaxDirections);
        // Zero seeds are structural when they are constants; seeds read from the data need strong zeros to stay exact.
        var (program, _, extras) = CompressedKernel.Seeded(colour, n, batch, dataLength,
            seeds => DirectionalProgram.Of(values, seeds, options.NanSafe || seeds.Table is null || f.Graph.ReadsInputs));
        var held = new List<(int, int, int)>();
        for (int r = 0; r < rows.Length; r++) foreach (int j in rows[r]) held.Add((r, colour[j], r * n + j));
        return new Candidate(JacobianMode.Forward, program, colours, batch, extras, held, ProgramCost.Of(program) * extras.Length);
    }

    // Rows: for a list, one sweep per colour of rows (entry (r, j) is G[colour(r)][j]); for a map, each iteration's own row.
    private static Candidate? Reverse(VectorTraced f, int[][] rows, GradOptions options)
    {
        bool nanSafe = options.NanSafe;
        int n = f.Graph.InputCount, m = f.Count;
        var held = new List<(int, int, int)>();
        if (f.IsMap)
        {
            if (JacobianPrograms.ReverseMapRows(f, nanSafe) is not { } perIteration) return null;
            for (int r = 0; r < m; r++) foreach (int j in rows[r]) held.Add((r, j, r * n + j));
            return new Candidate(JacobianMode.Reverse, perIteration, 1, n, [null], held, ProgramCost.Of(perIteration));
        }
        int[][] columns = Transpose(rows, n);
        int[] colour = (options.Compress ? Colouring.Columns(columns, m, Tuning.ColouringBudget) : null) ?? Colouring.Identity(m);
        int colours = Colouring.Count(colour);
        if (colours > Tuning.MaxDirections) return null; // each sweep is a copy of the reverse code: no batches of sweeps
        GradientProgram program = JacobianPrograms.ReverseRows(f, colour, colours, nanSafe);
        for (int r = 0; r < m; r++) foreach (int j in rows[r]) held.Add((colour[r], j, r * n + j));
        return new Candidate(JacobianMode.Reverse, program, colours, n, [null], held, ProgramCost.Of(program));
    }

    private static int[][] Transpose(int[][] rows, int columns)
    {
        var t = new List<int>[columns];
        for (int j = 0; j < columns; j++) t[j] = [];
        for (int r = 0; r < rows.Length; r++) foreach (int j in rows[r]) t[j].Add(r);
        return [.. t.Select(c => c.ToArray())];
    }
}
