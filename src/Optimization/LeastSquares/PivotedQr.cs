namespace ExprGrad.Optimization;

/// <summary>
/// Householder QR with column pivoting of a dense matrix, in place: A P = Q R (Businger and Golub, 1965, in
/// the form Moré's MINPACK uses). Columns are taken largest remaining norm first, so a rank-deficient A puts
/// its dependent columns last, where R's diagonal is (near) zero. Workspace is allocated once; factoring
/// allocates nothing.
/// </summary>
/// <remarks>
/// Storage is column-major, entry (i, j) at <c>a[j * Rows + i]</c>, with Rows ≥ Columns. After
/// <see cref="Factor"/>, R's strict upper triangle is in <c>a</c>, its diagonal in <see cref="Diagonal"/>, and
/// column j from the diagonal down holds the Householder vector v of H = I − v vᵀ / vⱼ.
/// </remarks>
internal sealed class PivotedQr
{
    // A column norm downdated below √0.05 of its last recomputed value has lost most of its digits to
    // cancellation: recompute it from the column.
    private const double DowndateLimit = 0.05;

    private readonly double[] recomputedNorm;

    public PivotedQr(int rows, int columns)
    {
        if (rows < columns) throw new ArgumentOutOfRangeException(nameof(rows), rows, "Pad the matrix with zero rows to at least as many rows as columns.");
        Rows = rows;
        Columns = columns;
        recomputedNorm = new double[columns];
        Diagonal = new double[columns];
        Permutation = new int[columns];
    }

    public int Rows { get; }
    public int Columns { get; }

    /// <summary>R's diagonal, in pivoted order.</summary>
    public double[] Diagonal { get; }

    /// <summary>Column k of R is column Permutation[k] of A.</summary>
    public int[] Permutation { get; }

    /// <summary>Factors <paramref name="a"/> (Rows × Columns, column-major) in place.</summary>
    public void Factor(Span<double> a)
    {
        int m = Rows, n = Columns;
        for (int j = 0; j < n; j++)
        {
            Permutation[j] = j;
            Diagonal[j] = recomputedNorm[j] = SpanMath.Norm(Column(a, j));
        }
        for (int j = 0; j < n; j++)
        {
            // 1. Pivot: the column of largest remaining norm goes to position j.
            int pivot = j;
            for (int k = j + 1; k < n; k++)
                if (Diagonal[k] > Diagonal[pivot]) pivot = k;
            if (pivot != j)
            {
                Span<double> cj = Column(a, j), cp = Column(a, pivot);
                for (int i = 0; i < m; i++) (cj[i], cp[i]) = (cp[i], cj[i]);
                Diagonal[pivot] = Diagonal[j];
                recomputedNorm[pivot] = recomputedNorm[j];
                (Permutation[j], Permutation[pivot]) = (Permutation[pivot], Permutation[j]);
            }

            // 2. The reflection that maps column j (from row j down) onto a multiple of e_j.
            Span<double> v = Column(a, j)[j..];
            double norm = SpanMath.Norm(v);
            if (norm == 0)
            {
                Diagonal[j] = 0;
                continue;
            }
            if (v[0] < 0) norm = -norm;
            for (int i = 0; i < v.Length; i++) v[i] /= norm;
            v[0] += 1;

            // 3. Apply it to the remaining columns and downdate their norms.
            for (int k = j + 1; k < n; k++)
            {
                Span<double> c = Column(a, k)[j..];
                double scale = SpanMath.Dot(v, c) / v[0];
                SpanMath.AddScaled(c, -scale, v, c);
                if (Diagonal[k] == 0) continue;
                double ratio = c[0] / Diagonal[k];
                Diagonal[k] *= Math.Sqrt(Math.Max(0, 1 - ratio * ratio));
                double kept = Diagonal[k] / recomputedNorm[k];
                if (DowndateLimit * kept * kept <= SpanMath.MachineEpsilon)
                    Diagonal[k] = recomputedNorm[k] = SpanMath.Norm(c[1..]);
            }
            Diagonal[j] = -norm;
        }
    }

    /// <summary>vector ← Qᵀ vector (length Rows), applying the reflections in the order they were made.</summary>
    public void ApplyTransposedQ(ReadOnlySpan<double> a, Span<double> vector)
    {
        int m = Rows;
        for (int j = 0; j < Columns; j++)
        {
            ReadOnlySpan<double> v = a.Slice(j * m + j, m - j);
            if (v[0] == 0) continue;
            Span<double> tail = vector[j..];
            double scale = SpanMath.Dot(v, tail) / v[0];
            SpanMath.AddScaled(tail, -scale, v, tail);
        }
    }

    private Span<double> Column(Span<double> a, int j) => a.Slice(j * Rows, Rows);
}
