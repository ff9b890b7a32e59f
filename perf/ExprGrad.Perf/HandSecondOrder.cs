using ExprGrad.Workloads;

namespace ExprGrad.Perf;

/// <summary>
/// Hand-written second derivatives, the baselines of the Hessian benchmarks: extended Rosenbrock's Hessian-vector
/// product, tridiagonal Hessian (as its lower-triangle nonzeros) and dense Hessian, and the MLP's Hessian-vector product by
/// Pearlmutter's R-operator, each written once in plain loops.
/// </summary>
public static class HandSecondOrder
{
    /// <summary>Rosenbrock Σ 100 (x[i+1] − x[i]²)² + (1 − x[i])²: value and gradient, H v into <paramref name="hv"/>.</summary>
    public static double RosenbrockHvp(ReadOnlySpan<double> x, ReadOnlySpan<double> v, Span<double> gradient, Span<double> hv)
    {
        gradient.Clear();
        hv.Clear();
        double f = 0;
        for (int i = 0; i < x.Length - 1; i++)
        {
            double t = x[i + 1] - x[i] * x[i], u = 1 - x[i];
            f += 100 * t * t + u * u;
            gradient[i] += -400 * t * x[i] - 2 * u;
            gradient[i + 1] += 200 * t;
            double hii = 1200 * x[i] * x[i] - 400 * x[i + 1] + 2, hij = -400 * x[i];
            hv[i] += hii * v[i] + hij * v[i + 1];
            hv[i + 1] += hij * v[i] + 200 * v[i + 1];
        }
        return f;
    }

    /// <summary>Rosenbrock's gradient and Hessian nonzeros in the order of a tridiagonal lower triangle: (0,0), (1,0), (1,1), (2,1), ...</summary>
    public static double RosenbrockSparse(ReadOnlySpan<double> x, Span<double> gradient, Span<double> nonzeros)
    {
        gradient.Clear();
        nonzeros.Clear();
        double f = 0;
        for (int i = 0; i < x.Length - 1; i++)
        {
            double t = x[i + 1] - x[i] * x[i], u = 1 - x[i];
            f += 100 * t * t + u * u;
            gradient[i] += -400 * t * x[i] - 2 * u;
            gradient[i + 1] += 200 * t;
            // Row i's diagonal is entry 2i, row i+1's subdiagonal 2i+1 and its diagonal 2i+2.
            nonzeros[2 * i] += 1200 * x[i] * x[i] - 400 * x[i + 1] + 2;
            nonzeros[2 * i + 1] = -400 * x[i];
            nonzeros[2 * i + 2] += 200;
        }
        return f;
    }

    /// <summary>Rosenbrock's gradient and dense Hessian (row-major, n × n).</summary>
    public static double RosenbrockDense(ReadOnlySpan<double> x, Span<double> gradient, Span<double> hessian)
    {
        int n = x.Length;
        gradient.Clear();
        hessian.Clear();
        double f = 0;
        for (int i = 0; i < n - 1; i++)
        {
            double t = x[i + 1] - x[i] * x[i], u = 1 - x[i];
            f += 100 * t * t + u * u;
            gradient[i] += -400 * t * x[i] - 2 * u;
            gradient[i + 1] += 200 * t;
            hessian[i * n + i] += 1200 * x[i] * x[i] - 400 * x[i + 1] + 2;
            hessian[i * n + i + 1] = hessian[(i + 1) * n + i] = -400 * x[i];
            hessian[(i + 1) * n + i + 1] += 200;
        }
        return f;
    }

    /// <summary>
    /// The MLP's loss (<see cref="MlpSum"/>'s layout: W1, b1, W2, b2; samples of <see cref="Mlp.Inputs"/> inputs and a target),
    /// its gradient and H v by the R-operator: each sample's forward pass, its directional derivative R{·} along v, then the
    /// reverse pass and its R{·}.
    /// </summary>
    public static double MlpHvp(ReadOnlySpan<double> w, ReadOnlySpan<double> v, ReadOnlySpan<double> data, Span<double> gradient, Span<double> hv,
        double[] a, double[] ra)
    {
        const int I = Mlp.Inputs, H = Mlp.Hidden, S = Mlp.Samples, B1 = H * I, W2 = B1 + H, B2 = W2 + H;
        gradient.Clear();
        hv.Clear();
        double loss = 0;
        for (int s = 0; s < S; s++)
        {
            ReadOnlySpan<double> x = data.Slice(s * (I + 1), I);
            double y = w[B2], ry = v[B2];
            for (int h = 0; h < H; h++)
            {
                double z = w[B1 + h], rz = v[B1 + h];
                for (int i = 0; i < I; i++) { z += w[h * I + i] * x[i]; rz += v[h * I + i] * x[i]; }
                a[h] = Math.Tanh(z);
                ra[h] = (1 - a[h] * a[h]) * rz;
                y += w[W2 + h] * a[h];
                ry += v[W2 + h] * a[h] + w[W2 + h] * ra[h];
            }
            double e = y - data[s * (I + 1) + I];
            loss += e * e;
            double yBar = 2 * e / S, rYBar = 2 * ry / S;
            gradient[B2] += yBar;
            hv[B2] += rYBar;
            for (int h = 0; h < H; h++)
            {
                double d = 1 - a[h] * a[h];
                gradient[W2 + h] += yBar * a[h];
                hv[W2 + h] += rYBar * a[h] + yBar * ra[h];
                double zBar = yBar * w[W2 + h] * d;
                double rZBar = rYBar * w[W2 + h] * d + yBar * v[W2 + h] * d - 2 * yBar * w[W2 + h] * a[h] * ra[h];
                gradient[B1 + h] += zBar;
                hv[B1 + h] += rZBar;
                for (int i = 0; i < I; i++)
                {
                    gradient[h * I + i] += zBar * x[i];
                    hv[h * I + i] += rZBar * x[i];
                }
            }
        }
        return loss / S;
    }
}
