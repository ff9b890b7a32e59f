using ExprGrad.Tracer;

namespace ExprGrad.Compiler;

/// <summary>
/// A graph with designated outputs: the value node and (for gradients) one node per input, the loops that
/// scatter into the gradient (<see cref="Effects"/>: the gradient then accumulates), and name hints for
/// readable generated code (<c>v7_bar</c> is the adjoint of node 7).
/// </summary>
internal sealed record GradientProgram(Graph Graph, int Value, int[] Gradient, IReadOnlyDictionary<int, string> Names, int[] Effects)
{
    /// <summary>A forward-only program computing the value.</summary>
    public static GradientProgram ValueOnly(Graph graph, int value) => new(graph, value, [], new Dictionary<int, string>(), []);

    /// <summary>This program as a picture; its nodes below <paramref name="forwardCount"/> are the forward program's.</summary>
    public Pictures.Picture Picture(int forwardCount) => Pictures.ProgramPicture.Of(this, forwardCount);
}
