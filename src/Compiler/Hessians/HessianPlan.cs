using ExprGrad.Tracer;

namespace ExprGrad.Compiler;

/// <summary>
/// How a compiled Hessian is computed: its structural pattern (the pattern of the gradient program's outputs), a star
/// colouring of it (a distance-2 colouring if the greedy star colouring fails its check; one colour per input when the
/// pattern is dense or too costly to find), and the forward-over-reverse program computing H·S for the colours' seeds,
/// with where each structural nonzero of the lower triangle is read.
/// </summary>
internal sealed class HessianPlan
{
    private HessianPlan(IReadOnlyList<(int Row, int Column)> sparsity, int colors, CompressedKernel kernel)
    {
        Sparsity = sparsity;
        Colors = colors;
        Kernel = kernel;
    }

    /// <summary>The structural nonzeros of the lower triangle (row ≥ column), row by row.</summary>
    public IReadOnlyList<(int Row, int Column)> Sparsity { get; }

    /// <summary>Hessian-vector products one Hessian costs (directions of the forward-over-reverse program).</summary>
    public int Colors { get; }

    /// <summary>Head: the gradient; destination: the nonzeros in the order of <see cref="Sparsity"/>.</summary>
    public CompressedKernel Kernel { get; }

    public static HessianPlan Create(GradientProgram gradient, int dataLength, GradOptions options)
    {
        int n = gradient.Gradient.Length;
        int[][] adjacent = Adjacency(DependencyPattern.Of(gradient, Tuning.PatternBudget), n, out var lower);
        int[] colour = (options.Compress ? Colouring.Star(adjacent, Tuning.ColouringBudget) : null) ?? Colouring.Identity(n);
        SymmetricRecovery? recovery = SymmetricRecovery.TryCreate(lower, adjacent, colour, Colouring.Count(colour));
        if (recovery is null)
        {
            colour = Colouring.DistanceTwo(adjacent);
            recovery = SymmetricRecovery.TryCreate(lower, adjacent, colour, Colouring.Count(colour))
                ?? throw new InvalidOperationException("A distance-2 colouring failed the star check: a bug of ExprGrad, please report it.");
        }
        int colours = Colouring.Count(colour), batch = Math.Min(colours, Tuning.MaxDirections);
        var (program, _, extras) = CompressedKernel.Seeded(colour, n, batch, dataLength,
            seeds => DirectionalProgram.Of(gradient, seeds, options.NanSafe || seeds.Table is null || gradient.Graph.ReadsInputs));
        var held = recovery.Source.Select((s, e) => (s / colours, s % colours, e));
        var (from, to) = CompressedKernel.Places(held, n, batch, extras.Length);
        ProgramKernel kernel = ProgramKernel.Compile(program, dataLength, extras[0]?.Length ?? 0, options, CompileMonitor.None);
        return new HessianPlan(lower, colours, new CompressedKernel(kernel, n, extras, from, to));
    }

    /// <summary>
    /// The symmetric pattern of the rows (i depends on j, or j on i), without the diagonal; <paramref name="lower"/> gets the
    /// structural nonzeros with row ≥ column. A null pattern (too costly to find) is dense.
    /// </summary>
    private static int[][] Adjacency(int[][]? rows, int n, out List<(int Row, int Column)> lower)
    {
        var sets = new SortedSet<int>[n];
        for (int i = 0; i < n; i++) sets[i] = [];
        var diagonal = new bool[n];
        for (int i = 0; i < n; i++)
            foreach (int j in rows?[i] ?? Enumerable.Range(0, n))
            {
                if (i == j) { diagonal[i] = true; continue; }
                sets[i].Add(j);
                sets[j].Add(i);
            }
        lower = [];
        for (int i = 0; i < n; i++)
        {
            foreach (int j in sets[i]) if (j < i) lower.Add((i, j));
            if (diagonal[i]) lower.Add((i, i));
        }
        return [.. sets.Select(s => s.ToArray())];
    }
}
