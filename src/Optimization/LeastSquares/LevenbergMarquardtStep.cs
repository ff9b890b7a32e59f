namespace ExprGrad.Optimization;

/// <summary>
/// The Levenberg-Marquardt step in a trust region (Moré, "The Levenberg-Marquardt algorithm: implementation
/// and theory", 1978, §§3-5): given J P = Q R, Qᵀr, a diagonal scaling D and a radius Δ, finds λ ≥ 0 and
/// p = −(JᵀJ + λD²)⁻¹Jᵀr with ‖Dp‖ within 10% of Δ, or λ = 0 when the Gauss-Newton step is already inside.
/// Each trial λ is solved by eliminating the rows √λ·D from [R; √λ·D Pᵀ] with Givens rotations, on R and
/// never on JᵀJ, so the step keeps the accuracy of the QR factorization.
/// </summary>
internal sealed class LevenbergMarquardtStep
{
    // Moré's choices: accept ‖Dp‖ within 10% of Δ; at most 10 Newton iterations on φ(λ) = ‖Dp(λ)‖ − Δ.
    private const double RadiusTolerance = 0.1;
    private const int MaxIterations = 10;

    private readonly int n;
    private readonly double[] r;          // column-major n × n: R above the diagonal; below, S (transposed) while solving
    private readonly double[] rDiagonal;
    private readonly int[] permutation;
    private readonly double[] qtr, sDiagonal, solution, work, rhs, scaledDiagonal;

    public LevenbergMarquardtStep(int dimension)
    {
        n = dimension;
        r = new double[n * n];
        rDiagonal = new double[n];
        permutation = new int[n];
        qtr = new double[n];
        sDiagonal = new double[n];
        solution = new double[n];
        work = new double[n];
        rhs = new double[n];
        scaledDiagonal = new double[n];
    }

    /// <summary>Takes R, its permutation and the first n entries of Qᵀr from a factorization of J.</summary>
    public void Load(PivotedQr qr, ReadOnlySpan<double> factored, ReadOnlySpan<double> qTransposedResiduals)
    {
        for (int j = 0; j < n; j++)
        {
            for (int i = 0; i < j; i++) r[j * n + i] = factored[j * qr.Rows + i];
            r[j * n + j] = rDiagonal[j] = qr.Diagonal[j];
            permutation[j] = qr.Permutation[j];
        }
        qTransposedResiduals[..n].CopyTo(qtr);
    }

    /// <summary>
    /// The step for radius <paramref name="radius"/>, starting the search from <paramref name="lambda"/>
    /// (the previous iteration's value; 0 the first time). Writes p into <paramref name="step"/>, returns λ.
    /// </summary>
    public double Solve(ReadOnlySpan<double> scale, double radius, double lambda, Span<double> step)
    {
        // 1. The Gauss-Newton step (λ = 0), as a least-squares solution when R is singular.
        int rank = n;
        for (int j = 0; j < n; j++)
            if (R(j, j) == 0) { rank = j; break; }
        for (int j = 0; j < n; j++) work[j] = j < rank ? qtr[j] : 0;
        for (int j = rank - 1; j >= 0; j--)
        {
            work[j] /= R(j, j);
            for (int i = 0; i < j; i++) work[i] -= R(i, j) * work[j];
        }
        for (int j = 0; j < n; j++) solution[permutation[j]] = work[j];
        double scaledNorm = ScaledNorm(scale);
        double excess = scaledNorm - radius;
        if (excess <= RadiusTolerance * radius) return Finish(0, step);

        // 2. Bounds on λ: φ is convex and decreasing, so a Newton step from 0 bounds it below (when J has full
        //    rank), and ‖D⁻¹Jᵀr‖ / Δ bounds it above.
        double lower = 0;
        if (rank == n)
        {
            NewtonDirection(scale, scaledNorm);
            for (int j = 0; j < n; j++)
            {
                double sum = 0;
                for (int i = 0; i < j; i++) sum += R(i, j) * work[i];
                work[j] = (work[j] - sum) / R(j, j);
            }
            double norm = SpanMath.Norm(work);
            lower = excess / radius / (norm * norm);
        }
        for (int j = 0; j < n; j++)
        {
            double sum = 0;
            for (int i = 0; i <= j; i++) sum += R(i, j) * qtr[i];
            work[j] = sum / scale[permutation[j]];
        }
        double gradientNorm = SpanMath.Norm(work);
        double upper = gradientNorm / radius;
        if (upper == 0) upper = SpanMath.SmallestNormal / Math.Min(radius, RadiusTolerance);
        lambda = Math.Clamp(lambda, lower, upper);
        if (lambda == 0) lambda = gradientNorm / scaledNorm;

        // 3. Safeguarded Newton iteration on φ(λ) (Moré's algorithm 5.5).
        for (int iteration = 1; ; iteration++)
        {
            if (lambda == 0) lambda = Math.Max(SpanMath.SmallestNormal, 0.001 * upper);
            double root = Math.Sqrt(lambda);
            for (int j = 0; j < n; j++) scaledDiagonal[j] = root * scale[j];
            SolveAugmented();
            scaledNorm = ScaledNorm(scale);
            double previousExcess = excess;
            excess = scaledNorm - radius;
            if (Math.Abs(excess) <= RadiusTolerance * radius || (lower == 0 && excess <= previousExcess && previousExcess < 0) ||
                iteration == MaxIterations)
                return Finish(lambda, step);

            NewtonDirection(scale, scaledNorm);
            for (int j = 0; j < n; j++)
            {
                work[j] /= sDiagonal[j];
                for (int i = j + 1; i < n; i++) work[i] -= r[j * n + i] * work[j];
            }
            double norm = SpanMath.Norm(work);
            double correction = excess / radius / (norm * norm);
            if (excess > 0) lower = Math.Max(lower, lambda);
            else if (excess < 0) upper = Math.Min(upper, lambda);
            lambda = Math.Max(lower, lambda + correction);
        }
    }

    /// <summary>‖R Pᵀ p‖ = ‖J p‖, for the model's predicted reduction.</summary>
    public double JacobianTimesNorm(ReadOnlySpan<double> step)
    {
        Array.Clear(work);
        for (int j = 0; j < n; j++)
        {
            double pj = step[permutation[j]];
            for (int i = 0; i <= j; i++) work[i] += R(i, j) * pj;
        }
        return SpanMath.Norm(work);
    }

    /// <summary>
    /// Least squares for [R; D_λ Pᵀ] z = [Qᵀr; 0] (D_λ = <see cref="scaledDiagonal"/>): Givens rotations
    /// eliminate the diagonal rows into an upper triangular S, whose diagonal goes to <see cref="sDiagonal"/>
    /// and strict upper triangle, transposed, below R's diagonal. R itself is left as it was.
    /// </summary>
    private void SolveAugmented()
    {
        for (int j = 0; j < n; j++)
        {
            for (int i = j + 1; i < n; i++) r[j * n + i] = R(j, i);
            rhs[j] = qtr[j];
        }
        for (int j = 0; j < n; j++)
        {
            double d = scaledDiagonal[permutation[j]];
            if (d != 0)
            {
                sDiagonal.AsSpan(j).Clear();
                sDiagonal[j] = d;
                double extra = 0; // the right-hand side entry of the row being eliminated
                for (int k = j; k < n; k++)
                {
                    if (sDiagonal[k] == 0) continue;
                    double diagonal = r[k * n + k];
                    (double cos, double sin) = Givens(diagonal, sDiagonal[k]);
                    r[k * n + k] = cos * diagonal + sin * sDiagonal[k];
                    (rhs[k], extra) = (cos * rhs[k] + sin * extra, -sin * rhs[k] + cos * extra);
                    for (int i = k + 1; i < n; i++)
                    {
                        double below = r[k * n + i];
                        r[k * n + i] = cos * below + sin * sDiagonal[i];
                        sDiagonal[i] = -sin * below + cos * sDiagonal[i];
                    }
                }
            }
            sDiagonal[j] = r[j * n + j];
            r[j * n + j] = rDiagonal[j];
        }

        int rank = n;
        for (int j = 0; j < n; j++)
            if (sDiagonal[j] == 0) { rank = j; break; }
        for (int j = rank; j < n; j++) rhs[j] = 0;
        for (int j = rank - 1; j >= 0; j--)
        {
            double sum = 0;
            for (int i = j + 1; i < rank; i++) sum += r[j * n + i] * rhs[i];
            rhs[j] = (rhs[j] - sum) / sDiagonal[j];
        }
        for (int j = 0; j < n; j++) solution[permutation[j]] = rhs[j];
    }

    /// <summary>The rotation that zeroes b against a, in the overflow-safe form (cos, sin).</summary>
    private static (double Cos, double Sin) Givens(double a, double b)
    {
        if (Math.Abs(a) < Math.Abs(b))
        {
            double cotangent = a / b, sin = 0.5 / Math.Sqrt(0.25 + 0.25 * cotangent * cotangent);
            return (sin * cotangent, sin);
        }
        double tangent = b / a, cos = 0.5 / Math.Sqrt(0.25 + 0.25 * tangent * tangent);
        return (cos, cos * tangent);
    }

    /// <summary>work ← Pᵀ D² x / ‖Dx‖, the derivative direction of φ.</summary>
    private void NewtonDirection(ReadOnlySpan<double> scale, double scaledNorm)
    {
        for (int j = 0; j < n; j++)
        {
            int l = permutation[j];
            work[j] = scale[l] * (scale[l] * solution[l] / scaledNorm);
        }
    }

    private double ScaledNorm(ReadOnlySpan<double> scale)
    {
        for (int j = 0; j < n; j++) work[j] = scale[j] * solution[j];
        return SpanMath.Norm(work);
    }

    /// <summary>The step is −x: x solves J x ≈ r (damped), and the step must reduce r.</summary>
    private double Finish(double lambda, Span<double> step)
    {
        for (int j = 0; j < n; j++) step[j] = -solution[j];
        return lambda;
    }

    private double R(int i, int j) => r[j * n + i];
}
