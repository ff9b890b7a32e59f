namespace ExprGrad;

/// <summary>How a compiled Jacobian is computed (<see cref="GradOptions.JacobianMode"/>, <see cref="CompiledJacobian.Mode"/>).</summary>
public enum JacobianMode
{
    /// <summary>The cheaper of <see cref="Forward"/> and <see cref="Reverse"/>, estimated from the two programs' operation counts.</summary>
    Auto,

    /// <summary>
    /// By columns: forward mode, one directional derivative per colour of columns (columns no output shares get one colour;
    /// n colours at most). Suits many outputs of few inputs.
    /// </summary>
    Forward,

    /// <summary>
    /// By rows: reverse mode, one sweep per colour of rows for a list of outputs, or each iteration's own reverse sweep for a
    /// <see cref="Vec.Map"/>. Suits few outputs of many inputs. A map whose body sums over the inputs in a nested loop, or
    /// captures a value computed from such a sum, has no per-iteration rows: it is computed by columns.
    /// </summary>
    Reverse,
}
