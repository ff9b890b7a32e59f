using System.Text.RegularExpressions;
using ExprGrad.Explain;
using ExprGrad.Ops;

namespace ExprGrad;

public static partial class Grad
{
    /// <summary>
    /// Runs <paramref name="function"/> once at <paramref name="x"/> and writes out its backprop as the lecture does:
    /// the forward steps with their values (intermediate values named U1, U2, ... in the order computed, the result
    /// named <paramref name="output"/>), then each adjoint in reverse order with its local rule and numbers, e.g.
    /// <c>dH/dU2 = relu'(U2) * dH/dH = 1 * 1 = 1</c>. The local rules are the op table's; composites (relu,
    /// sigmoid, softplus, square, hypot, logsumexp) are one step each. A value used twice shows both contributions
    /// and their sum. The numbers are tape mode's. The function runs eagerly, so it may branch on values.
    /// </summary>
    /// <example><code>
    /// BackpropTrace t = Grad.Explain(x =&gt; Scalar.Relu(x[0] * x[1] + x[2]), [2.0, 3.0, 1.0], names: ["W", "x", "b"]);
    /// Console.WriteLine(t);                     // the steps
    /// File.WriteAllText("h.svg", t.ToSvg());    // the graph, values and adjoints on the nodes, partials on the edges
    /// </code></example>
    /// <param name="function">The function.</param>
    /// <param name="x">The point (at least one input).</param>
    /// <param name="names">The inputs' names (default x0, x1, ...): distinct, non-empty, without spaces, and neither
    /// the output's name nor U followed by digits (those name intermediate values).</param>
    /// <param name="output">The result's name (default H, as in the lecture's H = max(0, W x + b)).</param>
    /// <exception cref="ArgumentNullException"><paramref name="function"/> is null.</exception>
    /// <exception cref="ArgumentException"><paramref name="x"/> is empty, or a name is missing, repeated or reserved.</exception>
    public static BackpropTrace Explain(Func<Vec, Scalar> function, double[] x, string[]? names = null, string output = "H")
    {
        ArgumentNullException.ThrowIfNull(function);
        ArgumentNullException.ThrowIfNull(x);
        Arguments.CheckDimension(x.Length, nameof(x));
        string[] inputs = names ?? [.. Enumerable.Range(0, x.Length).Select(i => $"x{i}")];
        CheckNames(inputs, x.Length, output);

        var recorder = new ExplainRecorder();
        Scalar result;
        using (Recorder.Enter(recorder)) result = function(recorder.Begin(x));
        int outputNode = recorder.OutputOf(result);
        recorder.Seal();
        return TraceBuilder.Build(recorder, outputNode, inputs, output);
    }

    private static void CheckNames(string[] inputs, int count, string output)
    {
        if (!IsName(output))
            throw new ArgumentException($"The output name '{output}' must be non-empty, without spaces, and not U followed by digits.", nameof(output));
        if (inputs.Length != count)
            throw new ArgumentException($"{inputs.Length} names were given for {count} inputs: give one name per entry of x.", "names");
        var seen = new HashSet<string>();
        foreach (string name in inputs)
        {
            if (!IsName(name) || name == output)
                throw new ArgumentException(
                    $"The input name '{name}' cannot be used: names must be non-empty, without spaces, not U followed by digits " +
                    $"(intermediate values are named U1, U2, ...) and not the output's name '{output}'.", "names");
            if (!seen.Add(name)) throw new ArgumentException($"The input name '{name}' is given twice: each input needs its own name.", "names");
        }
    }

    private static bool IsName(string? name)
        => !string.IsNullOrEmpty(name) && !name.Any(char.IsWhiteSpace) && !Regex.IsMatch(name, @"^U\d+$");
}
