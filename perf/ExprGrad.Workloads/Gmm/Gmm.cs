using static ExprGrad.Scalar;

namespace ExprGrad.Workloads;

/// <summary>
/// W2, ADBench's Gaussian mixture model log-likelihood with a Wishart prior, as a function of the parameters
/// [alphas (K) | means (K*d) | icf (K*d(d+1)/2)] of one <see cref="GmmInstance"/>; the data points are constants.
/// </summary>
/// <remarks>
/// f = -n*d/2*log(2*pi) + sum_i logsumexp_k(alpha_k + sum(q_k) - 0.5*|Q_k (x_i - mu_k)|^2) - n*logsumexp_k(alpha_k)
/// + sum_k (0.5*gamma^2*(|exp(q_k)|^2 + |l_k|^2) - m*sum(q_k)) - K*C, where Q_k is lower triangular with
/// exp(q_k) on its diagonal and l_k (column by column) below it; C is the Wishart log-normaliser.
/// </remarks>
public sealed partial class Gmm : Workload
{
    private readonly int d, k, n, icfSize;
    private readonly int meansStart, icfStart;
    private readonly double[] points, start;
    private readonly double gamma, m, constant;
    private readonly Func<Vec, Scalar> traced;

    /// <summary>Creates the objective of <paramref name="instance"/>; its own parameters are the start point.</summary>
    public Gmm(GmmInstance instance, string? name = null)
        : base(name ?? $"GMM d={instance.D} K={instance.K} n={instance.N}", instance.ParameterCount)
    {
        (d, k, n, icfSize) = (instance.D, instance.K, instance.N, instance.IcfSize);
        (meansStart, icfStart) = (k, k + k * d);
        points = instance.Points.ToArray();
        start = instance.Parameters();
        (gamma, m) = (instance.Gamma, instance.M);
        constant = WishartPrior.ObjectiveConstant(instance);
        (diagonals, logDetQ, terms) = (new double[k * d], new double[k], new double[k]);
        (centered, transformed) = (new double[k * d], new double[k * d]);
        traced = Objective;
    }

    /// <inheritdoc/>
    public override bool HasPlainLoops => true;

    /// <inheritdoc/>
    public override Func<Vec, Scalar> Function => traced;

    /// <summary>The instance file's parameters, [alphas | means | icf].</summary>
    public override double[] StartPoint() => (double[])start.Clone();

    private Scalar Objective(Vec p)
    {
        // Per component c: Q_c (d x d, row-major, lower triangular) and sum(q_c) = log det Q_c.
        var q = new Scalar[k][];
        var sumQ = new Scalar[k];
        for (int c = 0; c < k; c++)
        {
            q[c] = new Scalar[d * d];
            sumQ[c] = 0.0;
            int at = icfStart + c * icfSize;
            for (int j = 0; j < d; j++)
            {
                q[c][j * d + j] = Exp(p[at + j]);
                sumQ[c] += p[at + j];
            }
            int lower = at + d;
            for (int col = 0; col < d; col++)
                for (int row = col + 1; row < d; row++)
                    q[c][row * d + col] = p[lower++];
        }

        Scalar total = constant;
        var logTerms = new Scalar[k];
        var xc = new Scalar[d];
        for (int i = 0; i < n; i++)
        {
            for (int c = 0; c < k; c++)
            {
                for (int j = 0; j < d; j++) xc[j] = points[i * d + j] - p[meansStart + c * d + j];
                Scalar squaredNorm = 0.0;
                for (int row = 0; row < d; row++)
                {
                    Scalar qx = 0.0;
                    for (int col = 0; col <= row; col++) qx += q[c][row * d + col] * xc[col];
                    squaredNorm += Square(qx);
                }
                logTerms[c] = p[c] + sumQ[c] - 0.5 * squaredNorm;
            }
            total += LogSumExp(logTerms);
        }

        var alphas = new Scalar[k];
        for (int c = 0; c < k; c++) alphas[c] = p[c];
        total -= n * LogSumExp(alphas);

        for (int c = 0; c < k; c++)
        {
            Scalar frobenius = 0.0;
            for (int row = 0; row < d; row++)
                for (int col = 0; col <= row; col++) frobenius += Square(q[c][row * d + col]);
            total += 0.5 * gamma * gamma * frobenius - m * sumQ[c];
        }
        return total;
    }
}
