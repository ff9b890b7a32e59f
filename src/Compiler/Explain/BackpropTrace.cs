using System.Text;
using ExprGrad.Pictures;
using static System.FormattableString;

namespace ExprGrad;

/// <summary>
/// The backprop of one function at one point, written out as the lecture does it (<see cref="Grad.Explain"/>):
/// the forward steps with their values, then, in reverse order, each value's adjoint with its local rule and
/// numbers; also as a picture of the computational graph (<see cref="ToDot"/>, <see cref="ToSvg"/>).
/// </summary>
public sealed class BackpropTrace
{
    private const int LinesShown = 200;
    private readonly Picture picture;

    internal BackpropTrace(string output, IReadOnlyList<string> inputs, IReadOnlyList<double> point, double value, IReadOnlyList<double> gradient,
        IReadOnlyList<ForwardStep> forwardSteps, IReadOnlyList<AdjointStep> adjointSteps, Picture picture)
    {
        Output = output;
        Inputs = inputs;
        Point = point;
        Value = value;
        Gradient = gradient;
        ForwardSteps = forwardSteps;
        AdjointSteps = adjointSteps;
        this.picture = picture;
    }

    /// <summary>The output's name (H unless given).</summary>
    public string Output { get; }

    /// <summary>The inputs' names.</summary>
    public IReadOnlyList<string> Inputs { get; }

    /// <summary>The point: the inputs' values.</summary>
    public IReadOnlyList<double> Point { get; }

    /// <summary>The output's value.</summary>
    public double Value { get; }

    /// <summary>d(output)/d(input) for each input: the adjoints the backward pass ends with.</summary>
    public IReadOnlyList<double> Gradient { get; }

    /// <summary>The forward pass: one step per operation, in the order the function ran them.</summary>
    public IReadOnlyList<ForwardStep> ForwardSteps { get; }

    /// <summary>
    /// The backward pass: the output's adjoint (1), then every value a derivative reaches, in reverse order of
    /// computation (each adjoint is complete when its step comes), then the inputs none reaches (0).
    /// </summary>
    public IReadOnlyList<AdjointStep> AdjointSteps { get; }

    /// <summary>The inputs, the forward steps, the backward steps and the gradient, one per line (at most 200 lines per pass).</summary>
    public override string ToString()
    {
        var text = new StringBuilder();
        text.AppendLine(Invariant($"{Output} at ") + string.Join(", ", Inputs.Select((name, i) => $"{name} = {Explain.StepText.Number(Point[i])}")));
        text.AppendLine("Forward pass:");
        AppendLines(text, ForwardSteps.Select(s => s.ToString()).ToList());
        text.AppendLine(Invariant($"Backward pass (reverse order; d{Output}/dv adds, over each use of v, local derivative * d{Output}/d(user)):"));
        AppendLines(text, AdjointSteps.Select(s => s.ToString()).ToList());
        text.AppendLine("Gradient: " + string.Join(", ", Inputs.Select((name, i) => $"d{Output}/d{name} = {Explain.StepText.Number(Gradient[i])}")));
        return text.ToString();
    }

    /// <summary>The computational graph in Graphviz DOT: nodes with values and adjoints, edges with local partials.</summary>
    public string ToDot() => picture.ToDot();

    /// <summary>The same picture as SVG, laid out without Graphviz (past 300 nodes collapsed, and it says so).</summary>
    public string ToSvg() => picture.ToSvg();

    private static void AppendLines(StringBuilder text, List<string> lines)
    {
        int shown = lines.Count <= LinesShown ? lines.Count : LinesShown / 2;
        for (int i = 0; i < shown; i++) text.Append("  ").AppendLine(lines[i]);
        if (shown == lines.Count) return;
        text.AppendLine(Invariant($"  ... {lines.Count - LinesShown} more steps (all of them are in the step lists) ..."));
        for (int i = lines.Count - LinesShown / 2; i < lines.Count; i++) text.Append("  ").AppendLine(lines[i]);
    }
}
