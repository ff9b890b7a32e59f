using static ExprGrad.Scalar;

namespace ExprGrad.Workloads;

/// <summary>
/// W3 written with <see cref="Scalar.Sum(int, Func{LoopIndex, Scalar})"/> over the samples, which are data:
/// the same network, weights, samples and hand-written baselines as <see cref="Mlp"/>. The data holds the
/// 100 samples one after another, each its 10 inputs then its target (<see cref="Stride"/> = 11 values).
/// </summary>
public sealed class MlpSum : DataWorkload
{
    /// <summary>Data values per sample: <see cref="Mlp.Inputs"/> inputs, then the target.</summary>
    public const int Stride = Mlp.Inputs + 1;

    private const int B1 = Mlp.Hidden * Mlp.Inputs, W2 = B1 + Mlp.Hidden, B2 = W2 + Mlp.Hidden;

    private readonly Mlp hand;
    private readonly Func<Vec, Vec, Scalar> traced;

    /// <summary>Creates the network over <see cref="Mlp"/>'s samples.</summary>
    public MlpSum() : this(new Mlp())
    {
    }

    private MlpSum(Mlp hand) : base($"MLP {Mlp.Inputs}-{Mlp.Hidden}-1, {Mlp.Samples} samples (Sum)", hand.Dimension, Samples(hand))
    {
        this.hand = hand;
        traced = Loss;
    }

    /// <inheritdoc/>
    public override Func<Vec, Vec, Scalar> DataFunction => traced;

    /// <inheritdoc/>
    public override double[] StartPoint() => hand.StartPoint();

    private static double[] Samples(Mlp mlp)
    {
        var data = new double[Mlp.Samples * Stride];
        for (int s = 0; s < Mlp.Samples; s++)
        {
            mlp.SampleInputs(s).CopyTo(data.AsSpan(s * Stride, Mlp.Inputs));
            data[s * Stride + Mlp.Inputs] = mlp.Target(s);
        }
        return data;
    }

    // The hidden layer is a Sum nested in the sample loop: its body reads the weights at the inner index h
    // (W1 row h, b1[h], W2[h]) and the sample at the outer index s. Measured faster than the hidden layer as a
    // plain C# loop in the sample body (93 statements instead of 1,960; 150 instead of 205 us per gradient).
    private static Scalar Loss(Vec w, Vec data) => Sum(Mlp.Samples, s =>
    {
        Scalar y = w[B2] + Sum(Mlp.Hidden, h =>
        {
            Scalar z = w[B1 + h];
            for (int i = 0; i < Mlp.Inputs; i++) z += w[h * Mlp.Inputs + i] * data[s * Stride + i];
            return w[W2 + h] * Tanh(z);
        });
        return Square(y - data[s * Stride + Mlp.Inputs]);
    }) / Mlp.Samples;

    /// <inheritdoc/>
    protected override double HandValue(ReadOnlySpan<double> w) => hand.Value(w);

    /// <inheritdoc/>
    protected override double HandGradient(ReadOnlySpan<double> w, Span<double> gradient) => hand.ValueAndGradient(w, gradient);
}
