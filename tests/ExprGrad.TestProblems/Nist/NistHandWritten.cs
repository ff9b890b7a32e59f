namespace ExprGrad.TestProblems;

/// <summary>
/// Hand-written residuals and Jacobians of the NIST models of the six problems in shared/data (and their
/// siblings with the same model): the baseline a compiled Jacobian will be benchmarked against, and a check on
/// the model parser and forward mode. Allocation-free per call.
/// </summary>
public static class NistHandWritten
{
    /// <summary>The hand-written Jacobian for <paramref name="problem"/>'s model, or null when there is none.</summary>
    public static IJacobian? For(NistProblem problem) => problem.Name switch
    {
        "Misra1a" => new Misra1a(problem),
        "Chwirut1" or "Chwirut2" => new Chwirut(problem),
        "Lanczos1" or "Lanczos2" or "Lanczos3" => new Lanczos(problem),
        "MGH17" => new Mgh17(problem),
        "Thurber" or "Hahn1" => new CubicOverCubic(problem),
        "MGH09" => new Mgh09(problem),
        _ => null,
    };

    /// <summary>One model m(b, x) and its gradient ∂m/∂b; residual rᵢ = yᵢ − m(b, xᵢ), Jacobian row −∂m/∂b.</summary>
    private abstract class Model(NistProblem problem) : IJacobian
    {
        private readonly double[] data = problem.Data;
        private readonly int rowLength = problem.RowLength;

        public int Dimension { get; } = problem.Parameters;
        public int Outputs { get; } = problem.Observations;

        /// <summary>m(b, x), and ∂m/∂b into <paramref name="gradient"/> unless it is empty.</summary>
        protected abstract double Evaluate(ReadOnlySpan<double> b, double x, Span<double> gradient);

        public void Evaluate(ReadOnlySpan<double> x, Span<double> values)
        {
            SpanChecks.Length(x.Length, Dimension, nameof(x));
            SpanChecks.Length(values.Length, Outputs, nameof(values));
            for (int i = 0; i < Outputs; i++) values[i] = data[i * rowLength] - Evaluate(x, data[i * rowLength + 1], default);
        }

        public void Evaluate(ReadOnlySpan<double> x, Span<double> values, Span<double> jacobian)
        {
            SpanChecks.Length(x.Length, Dimension, nameof(x));
            SpanChecks.Length(values.Length, Outputs, nameof(values));
            SpanChecks.Length(jacobian.Length, Outputs * Dimension, nameof(jacobian));
            for (int i = 0; i < Outputs; i++)
            {
                Span<double> row = jacobian.Slice(i * Dimension, Dimension);
                values[i] = data[i * rowLength] - Evaluate(x, data[i * rowLength + 1], row);
                for (int j = 0; j < row.Length; j++) row[j] = -row[j];
            }
        }
    }

    /// <summary>y = b1*(1-exp[-b2*x]).</summary>
    private sealed class Misra1a(NistProblem p) : Model(p)
    {
        protected override double Evaluate(ReadOnlySpan<double> b, double x, Span<double> g)
        {
            double e = Math.Exp(-b[1] * x);
            if (!g.IsEmpty) { g[0] = 1 - e; g[1] = b[0] * x * e; }
            return b[0] * (1 - e);
        }
    }

    /// <summary>y = exp[-b1*x]/(b2+b3*x).</summary>
    private sealed class Chwirut(NistProblem p) : Model(p)
    {
        protected override double Evaluate(ReadOnlySpan<double> b, double x, Span<double> g)
        {
            double e = Math.Exp(-b[0] * x), d = b[1] + b[2] * x, m = e / d;
            if (!g.IsEmpty) { g[0] = -x * m; g[1] = -m / d; g[2] = -x * m / d; }
            return m;
        }
    }

    /// <summary>y = b1*exp(-b2*x) + b3*exp(-b4*x) + b5*exp(-b6*x).</summary>
    private sealed class Lanczos(NistProblem p) : Model(p)
    {
        protected override double Evaluate(ReadOnlySpan<double> b, double x, Span<double> g)
        {
            double m = 0;
            for (int k = 0; k < 6; k += 2)
            {
                double e = Math.Exp(-b[k + 1] * x);
                m += b[k] * e;
                if (!g.IsEmpty) { g[k] = e; g[k + 1] = -b[k] * x * e; }
            }
            return m;
        }
    }

    /// <summary>y = b1 + b2*exp[-x*b4] + b3*exp[-x*b5].</summary>
    private sealed class Mgh17(NistProblem p) : Model(p)
    {
        protected override double Evaluate(ReadOnlySpan<double> b, double x, Span<double> g)
        {
            double e4 = Math.Exp(-x * b[3]), e5 = Math.Exp(-x * b[4]);
            if (!g.IsEmpty) { g[0] = 1; g[1] = e4; g[2] = e5; g[3] = -b[1] * x * e4; g[4] = -b[2] * x * e5; }
            return b[0] + b[1] * e4 + b[2] * e5;
        }
    }

    /// <summary>y = (b1 + b2*x + b3*x**2 + b4*x**3) / (1 + b5*x + b6*x**2 + b7*x**3).</summary>
    private sealed class CubicOverCubic(NistProblem p) : Model(p)
    {
        protected override double Evaluate(ReadOnlySpan<double> b, double x, Span<double> g)
        {
            double x2 = x * x, x3 = x2 * x;
            double n = b[0] + b[1] * x + b[2] * x2 + b[3] * x3, d = 1 + b[4] * x + b[5] * x2 + b[6] * x3, m = n / d;
            if (!g.IsEmpty)
            {
                g[0] = 1 / d; g[1] = x / d; g[2] = x2 / d; g[3] = x3 / d;
                g[4] = -m * x / d; g[5] = -m * x2 / d; g[6] = -m * x3 / d;
            }
            return m;
        }
    }

    /// <summary>y = b1*(x**2+x*b2) / (x**2+x*b3+b4).</summary>
    private sealed class Mgh09(NistProblem p) : Model(p)
    {
        protected override double Evaluate(ReadOnlySpan<double> b, double x, Span<double> g)
        {
            double n = x * x + x * b[1], d = x * x + x * b[2] + b[3], m = b[0] * n / d;
            if (!g.IsEmpty) { g[0] = n / d; g[1] = b[0] * x / d; g[2] = -m * x / d; g[3] = -m / d; }
            return m;
        }
    }
}
