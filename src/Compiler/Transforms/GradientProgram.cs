using ExprGrad.Tracer;

namespace ExprGrad.Compiler;

/// <summary>
/// A graph with designated outputs: the value node and (for gradients) one node per input, the loops that
/// scatter into the gradient (<see cref="Effects"/>: the gradient then accumulates), and name hints for
/// readable generated code (<c>v7_bar</c> is the adjoint of node 7).
/// </summary>
internal sealed record GradientProgram(Graph Graph, int Value, int[] Gradient, IReadOnlyDictionary<int, string> Names, int[] Effects)
{
    /// <summary>
    /// The decisions a path of the function took (node ids of this graph): the code checks each one after computing it and
    /// reports a miss, with the caller's gradient untouched, when one does not hold. None for a function without branches.
    /// </summary>
    public IReadOnlyList<Decision> Guards { get; init; } = [];

    /// <summary>A forward-only program computing the value.</summary>
    public static GradientProgram ValueOnly(Graph graph, int value) => new(graph, value, [], new Dictionary<int, string>(), []);

    /// <summary>This program as a picture; its nodes below <paramref name="forwardCount"/> are the forward program's.</summary>
    public Pictures.Picture Picture(int forwardCount) => Pictures.ProgramPicture.Of(this, forwardCount);
}
