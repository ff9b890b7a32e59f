using MathNet.Numerics;

namespace ExprGrad.Workloads;

/// <summary>The constant terms of the GMM objective, computed exactly as ADBench's reference code does.</summary>
internal static class WishartPrior
{
    /// <summary>
    /// ADBench's PI. Its reference values were computed with this rounded value, not <see cref="Math.PI"/>;
    /// the 1e-10 agreement with them depends on using it here too.
    /// </summary>
    public const double AdbenchPi = 3.14159265359;

    /// <summary>-n*d/2*log(2*pi) - K*C: every term of the objective that does not depend on the parameters.</summary>
    public static double ObjectiveConstant(GmmInstance instance)
        => -instance.N * instance.D * 0.5 * Math.Log(2 * AdbenchPi)
           - instance.K * LogNormalizer(instance.Gamma, instance.M, instance.D);

    /// <summary>C = n'*d*(log(gamma) - 0.5*log 2) - multigammaln(0.5*n', d), with n' = d + m + 1.</summary>
    public static double LogNormalizer(double gamma, double m, int d)
    {
        double n = d + m + 1;
        return n * d * (Math.Log(gamma) - 0.5 * Math.Log(2)) - LogMultivariateGamma(0.5 * n, d);
    }

    /// <summary>multigammaln(a, p) = 0.25*p*(p-1)*log(pi) + sum over j = 1..p of lgamma(a + 0.5*(1-j)).</summary>
    public static double LogMultivariateGamma(double a, int p)
    {
        double sum = 0.25 * p * (p - 1) * Math.Log(AdbenchPi);
        for (int j = 1; j <= p; j++) sum += SpecialFunctions.GammaLn(a + 0.5 * (1 - j));
        return sum;
    }
}
