namespace ExprGrad.Workloads;

// The hand-written baselines. Layout of one icf block (IcfSize values): q (d log-diagonal entries), then the
// strict lower triangle of Q column by column, the order the loops below walk it in.
public sealed partial class Gmm
{
    // Scratch, reused by every call (so an instance serves one thread at a time).
    private readonly double[] diagonals;   // K*d: exp(q_k)
    private readonly double[] logDetQ;     // K: sum(q_k)
    private readonly double[] terms;       // K: the logsumexp terms of one point, then their exponentials
    private readonly double[] centered;    // K*d: x_i - mu_k
    private readonly double[] transformed; // K*d: Q_k (x_i - mu_k), then scaled by the point's weight

    /// <inheritdoc/>
    protected override double HandValue(ReadOnlySpan<double> p)
    {
        PrepareComponents(p);
        double sum = 0;
        for (int i = 0; i < n; i++)
        {
            ReadOnlySpan<double> x = points.AsSpan(i * d, d);
            for (int c = 0; c < k; c++) terms[c] = LogTerm(p, c, x);
            sum += HandLogSumExp(terms);
        }
        return constant + sum - n * HandLogSumExp(p[..k]) + Prior(p);
    }

    /// <inheritdoc/>
    protected override double HandGradient(ReadOnlySpan<double> p, Span<double> gradient)
    {
        // Over the points, with w_ik the softmax over k of the point's terms, accumulate in place:
        //   alpha slots: W_k = sum_i w_ik;   mean slots: s_k = sum_i w_ik Q_k xc_ik;
        //   icf slots:   A_k = sum_i w_ik (Q_k xc_ik) xc_ik^T, lower triangle in the icf layout.
        // Q_k is the same for every point, so Q_k^T and exp(q_k) are applied once per component at the end.
        PrepareComponents(p);
        gradient.Clear();
        double sum = 0;
        for (int i = 0; i < n; i++)
        {
            ReadOnlySpan<double> x = points.AsSpan(i * d, d);
            double max = double.NegativeInfinity;
            for (int c = 0; c < k; c++)
            {
                terms[c] = LogTerm(p, c, x);
                max = Math.Max(max, terms[c]);
            }
            double total = 0;
            for (int c = 0; c < k; c++) total += terms[c] = Math.Exp(terms[c] - max);
            sum += max + Math.Log(total);
            double inverse = 1 / total;
            for (int c = 0; c < k; c++) Accumulate(c, terms[c] * inverse, gradient);
        }

        Finish(p, gradient);
        return constant + sum - n * HandLogSumExp(p[..k]) + Prior(p);
    }

    private void PrepareComponents(ReadOnlySpan<double> p)
    {
        for (int c = 0; c < k; c++)
        {
            ReadOnlySpan<double> q = p.Slice(icfStart + c * icfSize, d);
            double logDet = 0;
            for (int j = 0; j < d; j++)
            {
                diagonals[c * d + j] = Math.Exp(q[j]);
                logDet += q[j];
            }
            logDetQ[c] = logDet;
        }
    }

    /// <summary>alpha_c + sum(q_c) - 0.5*|Q_c (x - mu_c)|^2; leaves x - mu_c and Q_c (x - mu_c) in scratch.</summary>
    private double LogTerm(ReadOnlySpan<double> p, int c, ReadOnlySpan<double> x)
    {
        ReadOnlySpan<double> mu = p.Slice(meansStart + c * d, d);
        ReadOnlySpan<double> lower = p.Slice(icfStart + c * icfSize + d, icfSize - d);
        ReadOnlySpan<double> diagonal = diagonals.AsSpan(c * d, d);
        Span<double> xc = centered.AsSpan(c * d, d);
        Span<double> qx = transformed.AsSpan(c * d, d);
        for (int j = 0; j < d; j++)
        {
            xc[j] = x[j] - mu[j];
            qx[j] = diagonal[j] * xc[j];
        }
        int at = 0;
        for (int col = 0; col < d; col++)
        {
            double xcCol = xc[col];
            for (int row = col + 1; row < d; row++) qx[row] += lower[at++] * xcCol;
        }
        double squaredNorm = 0;
        for (int j = 0; j < d; j++) squaredNorm += qx[j] * qx[j];
        return p[c] + logDetQ[c] - 0.5 * squaredNorm;
    }

    private void Accumulate(int c, double weight, Span<double> gradient)
    {
        ReadOnlySpan<double> xc = centered.AsSpan(c * d, d);
        Span<double> wqx = transformed.AsSpan(c * d, d);
        Span<double> s = gradient.Slice(meansStart + c * d, d);
        Span<double> a = gradient.Slice(icfStart + c * icfSize, icfSize);
        gradient[c] += weight;
        for (int j = 0; j < d; j++)
        {
            wqx[j] *= weight;
            s[j] += wqx[j];
            a[j] += wqx[j] * xc[j];
        }
        int at = d;
        for (int col = 0; col < d; col++)
        {
            double xcCol = xc[col];
            for (int row = col + 1; row < d; row++) a[at++] += wqx[row] * xcCol;
        }
    }

    /// <summary>Turns the accumulated W, s, A into the gradient and adds the alpha-normaliser and prior terms.</summary>
    private void Finish(ReadOnlySpan<double> p, Span<double> gradient)
    {
        double alphaLse = HandLogSumExp(p[..k]);
        double gamma2 = gamma * gamma;
        for (int c = 0; c < k; c++)
        {
            double weightSum = gradient[c];
            gradient[c] = weightSum - n * Math.Exp(p[c] - alphaLse);

            ReadOnlySpan<double> diagonal = diagonals.AsSpan(c * d, d);
            ReadOnlySpan<double> lower = p.Slice(icfStart + c * icfSize + d, icfSize - d);
            Span<double> s = gradient.Slice(meansStart + c * d, d);
            Span<double> a = gradient.Slice(icfStart + c * icfSize, icfSize);

            // d/dmu_c = Q_c^T s_c, in place: entry col reads s[row] only for row >= col, not yet overwritten.
            int at = 0;
            for (int col = 0; col < d; col++)
            {
                double value = diagonal[col] * s[col];
                for (int row = col + 1; row < d; row++) value += lower[at++] * s[row];
                s[col] = value;
            }
            // d/dq_j = W - exp(q_j) A_jj + gamma^2 exp(2 q_j) - m;  d/dl = -A_l + gamma^2 l.
            for (int j = 0; j < d; j++)
                a[j] = weightSum - diagonal[j] * a[j] + gamma2 * diagonal[j] * diagonal[j] - m;
            for (int t = 0; t < lower.Length; t++)
                a[d + t] = gamma2 * lower[t] - a[d + t];
        }
    }

    private double Prior(ReadOnlySpan<double> p)
    {
        double sum = 0;
        for (int c = 0; c < k; c++)
        {
            ReadOnlySpan<double> diagonal = diagonals.AsSpan(c * d, d);
            ReadOnlySpan<double> lower = p.Slice(icfStart + c * icfSize + d, icfSize - d);
            double frobenius = 0;
            for (int j = 0; j < d; j++) frobenius += diagonal[j] * diagonal[j];
            for (int t = 0; t < lower.Length; t++) frobenius += lower[t] * lower[t];
            sum += 0.5 * gamma * gamma * frobenius - m * logDetQ[c];
        }
        return sum;
    }

    private static double HandLogSumExp(ReadOnlySpan<double> values)
    {
        double max = double.NegativeInfinity;
        foreach (double v in values) max = Math.Max(max, v);
        double total = 0;
        foreach (double v in values) total += Math.Exp(v - max);
        return max + Math.Log(total);
    }
}
