namespace ExprGrad.TestProblems;

/// <summary>
/// One NIST StRD nonlinear-regression problem: model, data, the two starting points, the certified parameters
/// and residual sum of squares (https://www.itl.nist.gov/div898/strd/nls/nls_main.shtml; public domain).
/// Read one with <see cref="NistFile.Load"/>.
/// </summary>
public sealed class NistProblem
{
    internal NistProblem(string name, string difficulty, string modelText, NistModel model, bool logResponse,
        double[][] starts, double[] certified, double[] standardDeviations, double certifiedResidualSumOfSquares,
        int predictors, double[] data)
    {
        Name = name;
        Difficulty = difficulty;
        ModelText = modelText;
        Model = model;
        LogResponse = logResponse;
        Starts = starts;
        Certified = certified;
        CertifiedStandardDeviations = standardDeviations;
        CertifiedResidualSumOfSquares = certifiedResidualSumOfSquares;
        Predictors = predictors;
        Data = data;
    }

    /// <summary>The data set's name, e.g. "Misra1a".</summary>
    public string Name { get; }

    /// <summary>NIST's level of difficulty: "Lower", "Average" or "Higher".</summary>
    public string Difficulty { get; }

    /// <summary>The model as the file writes it, without the error term, e.g. <c>y = b1*(1-exp[-b2*x])</c>.</summary>
    public string ModelText { get; }

    /// <summary>The parsed right-hand side.</summary>
    public NistModel Model { get; }

    /// <summary>True when the model's left-hand side is log[y] (Nelson): the response fitted is log y.</summary>
    public bool LogResponse { get; }

    /// <summary>Number of parameters b1…bN.</summary>
    public int Parameters => Certified.Length;

    /// <summary>Number of predictor columns (1 or 2).</summary>
    public int Predictors { get; }

    /// <summary>Number of observations (rows).</summary>
    public int Observations => Data.Length / RowLength;

    /// <summary>Values per row of <see cref="Data"/>: the response, then the predictors.</summary>
    public int RowLength => 1 + Predictors;

    /// <summary>
    /// The observations, row-major: row i is (response, x1[, x2]) at <c>Data[i * RowLength + k]</c>, the response
    /// already as the model's left-hand side has it (log y for Nelson).
    /// </summary>
    public double[] Data { get; }

    /// <summary>NIST's starting points ("Start 1" far from the solution, "Start 2" near it).</summary>
    public IReadOnlyList<double[]> Starts { get; }

    /// <summary>The certified parameter values (11 significant digits).</summary>
    public double[] Certified { get; }

    /// <summary>The certified standard deviations of the parameters.</summary>
    public double[] CertifiedStandardDeviations { get; }

    /// <summary>The certified residual sum of squares Σ rᵢ² at <see cref="Certified"/>.</summary>
    public double CertifiedResidualSumOfSquares { get; }

    /// <summary>
    /// The residual of one row, rᵢ(b) = responseᵢ − model(b, xᵢ), as an ExprGrad function of the parameters and
    /// the row (response, x1[, x2]): pass it to Grad.Forward with the row as data (<see cref="Residual"/> reads a row of the whole data).
    /// </summary>
    public Scalar RowResidual(Vec b, Vec row)
    {
        Scalar[] predictors = new Scalar[Predictors];
        for (int k = 0; k < Predictors; k++) predictors[k] = row[1 + k];
        return row[0] - Model.Evaluate(b, predictors);
    }

    /// <summary>
    /// The residual of row <paramref name="i"/> of a data vector laid out like <see cref="Data"/>, for a map over the rows:
    /// <c>Vec.Map(Observations, i =&gt; Residual(b, data, i))</c>.
    /// </summary>
    public Scalar Residual(Vec b, Vec data, LoopIndex i)
    {
        Scalar[] predictors = new Scalar[Predictors];
        for (int k = 0; k < Predictors; k++) predictors[k] = data[RowLength * i + 1 + k];
        return data[RowLength * i] - Model.Evaluate(b, predictors);
    }

    /// <summary>The residuals over the data as a compiled Jacobian (one map over the rows; the data passed at every call).</summary>
    public CompiledJacobian CompileJacobian(GradOptions? options = null)
        => Grad.CompileJacobian((b, data) => Vec.Map(Observations, i => Residual(b, data, i)), Parameters, Data.Length, options);

    /// <summary>The residuals over this problem's data, compiled: the <see cref="IJacobian"/> Levenberg-Marquardt fits.</summary>
    public IJacobian Jacobian(GradOptions? options = null) => CompileJacobian(options).Bind(Data);

    /// <inheritdoc/>
    public override string ToString() => Name;
}
