using static ExprGrad.Scalar;

namespace ExprGrad.Tests.Compiler.Hessians;

/// <summary>Functions with hand-written Hessians for the Hessian tests.</summary>
public static class HessianCases
{
    public static Scalar Rosenbrock(Vec x) => Sum(x.Length - 1, i => 100 * Square(x[i + 1] - Square(x[i])) + Square(1 - x[i]));

    /// <summary>Rosenbrock written as a plain C# loop (unrolled by tracing).</summary>
    public static Scalar RosenbrockUnrolled(Vec x)
    {
        Scalar sum = 0;
        for (int i = 0; i < x.Length - 1; i++) sum += 100 * Square(x[i + 1] - Square(x[i])) + Square(1 - x[i]);
        return sum;
    }

    public static double[] RosenbrockHessian(double[] x)
    {
        int n = x.Length;
        var h = new double[n * n];
        for (int i = 0; i < n - 1; i++)
        {
            h[i * n + i] += 1200 * x[i] * x[i] - 400 * x[i + 1] + 2;
            h[(i + 1) * n + i + 1] += 200;
            h[i * n + i + 1] += -400 * x[i];
            h[(i + 1) * n + i] += -400 * x[i];
        }
        return h;
    }

    public static double[] RosenbrockGradient(double[] x)
    {
        int n = x.Length;
        var g = new double[n];
        for (int i = 0; i < n - 1; i++)
        {
            double t = x[i + 1] - x[i] * x[i];
            g[i] += -400 * t * x[i] - 2 * (1 - x[i]);
            g[i + 1] += 200 * t;
        }
        return g;
    }

    /// <summary>
    /// log Σᵢ exp(aᵢ · x) over rows aᵢ of the data (m rows of n): a dense Hessian, a sum whose adjoint is known only after it
    /// (so its adjoint loop runs after it, reading values it stored), and data.
    /// </summary>
    public static Func<Vec, Vec, Scalar> LogSumExp(int m, int n) => (x, a) => Log(Sum(m, i =>
    {
        Scalar dot = 0;
        for (int j = 0; j < n; j++) dot += a[n * i + j] * x[j];
        return Exp(dot);
    }));

    public static double[] LogSumExpHessian(double[] x, double[] a, int m)
    {
        int n = x.Length;
        double[] w = new double[m];
        for (int i = 0; i < m; i++) w[i] = Math.Exp(Enumerable.Range(0, n).Sum(j => a[n * i + j] * x[j]));
        double s = w.Sum();
        double[] mean = new double[n];
        for (int i = 0; i < m; i++) for (int j = 0; j < n; j++) mean[j] += w[i] / s * a[n * i + j];
        var h = new double[n * n];
        for (int i = 0; i < m; i++)
            for (int j = 0; j < n; j++)
                for (int k = 0; k < n; k++) h[j * n + k] += w[i] / s * (a[n * i + j] - mean[j]) * (a[n * i + k] - mean[k]);
        return h;
    }

    /// <summary>A small MLP loss over samples (data rows: d inputs and a target), hidden tanh layer: Scalar.Sum with a cached adjoint loop.</summary>
    public static Func<Vec, Vec, Scalar> Mlp(int samples, int d, int hidden) => (w, data) => Sum(samples, s =>
    {
        Scalar output = w[hidden * (d + 1) + hidden];
        for (int h = 0; h < hidden; h++)
        {
            Scalar z = w[h * (d + 1) + d];
            for (int k = 0; k < d; k++) z += w[h * (d + 1) + k] * data[(d + 1) * s + k];
            output += w[hidden * (d + 1) + h] * Tanh(z);
        }
        return Square(output - data[(d + 1) * s + d]);
    });

    public static int MlpDimension(int d, int hidden) => hidden * (d + 1) + hidden + 1;

    /// <summary>Central differences of a gradient: the Jacobian of the gradient (the Hessian), row-major.</summary>
    public static double[] FiniteDifferenceHessian(Func<double[], double[]> gradient, double[] x)
        => Jacobians.JacobianCases.FiniteDifferences(gradient, x, step: 1e-5);
}
