namespace ExprGrad.Optimization;

/// <summary>
/// Steihaug's truncated conjugate gradients (Nocedal and Wright, <i>Numerical Optimization</i>, 2nd ed.,
/// algorithm 7.2): approximately minimises the model m(p) = g·p + ½ p·Bp over ‖p‖ ≤ Δ using only products B v.
/// It stops at the boundary when a step leaves the region or meets non-positive curvature, or inside once the
/// model's residual is below min(½, √‖g‖)·‖g‖ (the forcing sequence that makes Newton-CG superlinear).
/// </summary>
/// <remarks>
/// Works on the unit gradient ĝ = g/‖g‖ and radius Δ/‖g‖ and scales the result back, so nothing squares a
/// gradient of 1e200. Workspace allocated once; a solve allocates nothing.
/// </remarks>
internal sealed class SteihaugConjugateGradient(int dimension)
{
    private readonly double[] z = new double[dimension], hz = new double[dimension], residual = new double[dimension],
        direction = new double[dimension], hd = new double[dimension], gradientScratch = new double[dimension];

    /// <summary>The step found by the last <see cref="Solve"/>.</summary>
    public double[] Step { get; } = new double[dimension];

    /// <summary>B times <see cref="Step"/>, accumulated during the solve (no extra product).</summary>
    public double[] HessianTimesStep { get; } = new double[dimension];

    /// <summary>True when the last step ended on the trust-region boundary.</summary>
    public bool OnBoundary { get; private set; }

    /// <summary>
    /// Solves the subproblem at x. False when a Hessian-vector product was NaN or infinite (no step then).
    /// </summary>
    public bool Solve(IHessian f, OptimizationRun run, ReadOnlySpan<double> x, ReadOnlySpan<double> g, double gradientNorm,
        double radius, int maxIterations)
    {
        double scaledRadius = radius / gradientNorm;
        double tolerance = Math.Min(0.5, Math.Sqrt(gradientNorm));
        Array.Clear(z);
        Array.Clear(hz);
        for (int i = 0; i < g.Length; i++)
        {
            residual[i] = g[i] / gradientNorm;
            direction[i] = -residual[i];
        }
        double rr = SpanMath.Dot(residual, residual);
        OnBoundary = false;

        for (int iteration = 0; iteration < maxIterations; iteration++)
        {
            run.CountEvaluation();
            f.HessianVectorProduct(x, direction, gradientScratch, hd);
            if (!SpanMath.AllFinite(hd)) return false;
            double curvature = SpanMath.Dot(direction, hd);
            if (curvature <= 0)
            {
                // Negative curvature: the model decreases without bound along ±d; go to the boundary, on the
                // side where the model is lower.
                (double back, double forward) = BoundaryRoots(scaledRadius);
                double Change(double t) => t * SpanMath.Dot(residual, direction) + 0.5 * t * t * curvature;
                return Finish(Change(back) < Change(forward) ? back : forward, gradientNorm, onBoundary: true);
            }
            double alpha = rr / curvature;
            if (NormAfter(alpha) >= scaledRadius)
                return Finish(BoundaryRoots(scaledRadius).Forward, gradientNorm, onBoundary: true);

            SpanMath.AddScaled(z, alpha, direction, z);
            SpanMath.AddScaled(hz, alpha, hd, hz);
            SpanMath.AddScaled(residual, alpha, hd, residual);
            double rrNext = SpanMath.Dot(residual, residual);
            if (Math.Sqrt(rrNext) < tolerance) break;
            double beta = rrNext / rr;
            for (int i = 0; i < direction.Length; i++) direction[i] = -residual[i] + beta * direction[i];
            rr = rrNext;
        }
        return Finish(0, gradientNorm, onBoundary: false);
    }

    /// <summary>‖z + α d‖ without forming the vector.</summary>
    private double NormAfter(double alpha)
    {
        double sum = 0;
        for (int i = 0; i < z.Length; i++)
        {
            double v = z[i] + alpha * direction[i];
            sum += v * v;
        }
        return Math.Sqrt(sum);
    }

    /// <summary>The two τ with ‖z + τ d‖ = Δ (z is inside, so one is ≤ 0 and one ≥ 0), by the cancellation-free formula.</summary>
    private (double Back, double Forward) BoundaryRoots(double scaledRadius)
    {
        double dd = SpanMath.Dot(direction, direction), zd = SpanMath.Dot(z, direction);
        double c = SpanMath.Dot(z, z) - scaledRadius * scaledRadius;   // ≤ 0
        double q = -(zd + Math.CopySign(Math.Sqrt(zd * zd - dd * c), zd));
        if (q == 0) return (0, 0);
        (double a, double b) = (q / dd, c / q);
        return (Math.Min(a, b), Math.Max(a, b));
    }

    /// <summary>Step = ‖g‖ (z + τ d), and B·step likewise from the accumulated products.</summary>
    private bool Finish(double tau, double gradientNorm, bool onBoundary)
    {
        OnBoundary = onBoundary;
        for (int i = 0; i < z.Length; i++)
        {
            Step[i] = gradientNorm * (z[i] + tau * direction[i]);
            HessianTimesStep[i] = gradientNorm * (hz[i] + tau * hd[i]);
        }
        return true;
    }
}
