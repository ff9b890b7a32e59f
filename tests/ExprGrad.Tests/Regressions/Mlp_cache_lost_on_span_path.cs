using static ExprGrad.Scalar;

namespace ExprGrad.Tests.Regressions;

/// <summary>
/// An MLP's loss as a sum over samples with the hidden layer as a nested sum (the MLP Sum workload: 10 inputs, 32
/// hidden tanh units, 100 samples) fitted the size limit of span kernels, which read and write the caller's spans
/// and have no workspace cells. So the adjoint loop of the hidden layer lost the cells its forward loop keeps the
/// tanh values in, and recomputed every dot product and tanh: 1.76x the hand-written gradient instead of 0.64x. That
/// is why <c>CodeGenerator</c> takes the span path only when no adjoint loop keeps values (<c>LoopPlanner.HasCaches</c>).
/// The generated code computes each tanh once, in the forward loop.
/// </summary>
public class Mlp_cache_lost_on_span_path
{
    private const int Inputs = 10, Hidden = 32, Samples = 100, Stride = Inputs + 1;
    private const int B1 = Hidden * Inputs, W2 = B1 + Hidden, B2 = W2 + Hidden;

    private static Scalar Loss(Vec w, Vec data) => Sum(Samples, s =>
    {
        Scalar y = w[B2] + Sum(Hidden, h =>
        {
            Scalar z = w[B1 + h];
            for (int i = 0; i < Inputs; i++) z += w[h * Inputs + i] * data[s * Stride + i];
            return w[W2 + h] * Tanh(z);
        });
        return Square(y - data[s * Stride + Inputs]);
    }) / Samples;

    [Fact]
    public void The_hidden_layers_adjoint_loop_reads_the_forward_tanh_instead_of_recomputing_it()
    {
        string code = Grad.Compile(Loss, B2 + 1, Samples * Stride).ToCSharpString();
        Assert.Equal(1, code.Split("Math.Tanh(").Length - 1);
    }
}
