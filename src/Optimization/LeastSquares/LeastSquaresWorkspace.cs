namespace ExprGrad.Optimization;

/// <summary>
/// Everything <see cref="LevenbergMarquardt"/> keeps about the current point and the trial point, allocated
/// once: residuals and Jacobians, the column-major copy of J that the QR factorization overwrites (padded with
/// zero rows to at least n rows, which changes no least-squares solution), and the quantities the stopping
/// rules read.
/// </summary>
internal sealed class LeastSquaresWorkspace
{
    private readonly int rows;
    private readonly double[] factored, qtr, gradient;
    private double[] values, jacobian, trialValues, trialJacobian;

    public LeastSquaresWorkspace(int outputs, int dimension)
    {
        Outputs = outputs;
        Dimension = dimension;
        rows = Math.Max(outputs, dimension);
        long cells = (long)rows * dimension;
        if (cells > Array.MaxLength)
            throw new ArgumentException(
                $"The residuals' Jacobian has {outputs} × {dimension} = {(long)outputs * dimension} entries, more than one array can hold ({Array.MaxLength}).", "residuals");
        values = new double[outputs];
        trialValues = new double[outputs];
        jacobian = new double[(long)outputs * dimension];
        trialJacobian = new double[(long)outputs * dimension];
        factored = new double[cells];
        qtr = new double[rows];
        gradient = new double[dimension];
        ColumnNorms = new double[dimension];
        Qr = new PivotedQr(rows, dimension);
        Step = new LevenbergMarquardtStep(dimension);
    }

    public int Outputs { get; }
    public int Dimension { get; }
    public Span<double> Values => values;
    public Span<double> Jacobian => jacobian;
    public Span<double> TrialValues => trialValues;
    public Span<double> TrialJacobian => trialJacobian;
    public PivotedQr Qr { get; }
    public LevenbergMarquardtStep Step { get; }

    /// <summary>‖J's columns‖ at the current point.</summary>
    public double[] ColumnNorms { get; }

    public double ResidualNorm { get; private set; }
    public double Value => 0.5 * ResidualNorm * ResidualNorm;
    public double GradientNorm { get; private set; }

    /// <summary>maxⱼ |Jⱼ·r| / (‖Jⱼ‖ ‖r‖): how far r is from orthogonal to the columns of J.</summary>
    public double LargestCosine { get; private set; }

    /// <summary>
    /// Reads the current residuals and Jacobian: their norms, Jᵀr, and the column-major copy for
    /// <see cref="Factor"/>. False when any of them is NaN or infinite.
    /// </summary>
    public bool Prepare()
    {
        ResidualNorm = SpanMath.Norm(values);
        if (!double.IsFinite(ResidualNorm) || !SpanMath.AllFinite(jacobian))
        {
            GradientNorm = double.NaN;
            return false;
        }
        int m = Outputs, n = Dimension;
        Array.Clear(factored);
        for (int i = 0; i < m; i++)
            for (int j = 0; j < n; j++)
                factored[j * rows + i] = jacobian[i * n + j];
        LargestCosine = 0;
        for (int j = 0; j < n; j++)
        {
            ReadOnlySpan<double> column = factored.AsSpan(j * rows, m);
            ColumnNorms[j] = SpanMath.Norm(column);
            gradient[j] = SpanMath.Dot(column, values);
            if (ColumnNorms[j] != 0 && ResidualNorm != 0)
                LargestCosine = Math.Max(LargestCosine, Math.Abs(gradient[j]) / ColumnNorms[j] / ResidualNorm);
        }
        GradientNorm = SpanMath.Norm(gradient);
        return true;
    }

    /// <summary>Makes the trial point current when its residuals and Jacobian are finite; false (and nothing changed) otherwise.</summary>
    public bool AcceptTrial()
    {
        if (!SpanMath.AllFinite(trialValues) || !SpanMath.AllFinite(trialJacobian)) return false;
        (values, trialValues) = (trialValues, values);
        (jacobian, trialJacobian) = (trialJacobian, jacobian);
        return Prepare();
    }

    /// <summary>J P = Q R of the prepared copy, Qᵀr, and both handed to <see cref="Step"/>.</summary>
    public void Factor()
    {
        Array.Clear(qtr);
        values.CopyTo(qtr, 0);
        Qr.Factor(factored);
        Qr.ApplyTransposedQ(factored, qtr);
        Step.Load(Qr, factored, qtr);
    }
}
