using static ExprGrad.Scalar;

namespace ExprGrad.Tests.Compiler.Recovery;

/// <summary>
/// A 4-9-1 tanh network's mean squared error over 12 seeded samples, written as plain C# loops (the nested loops
/// recovery must find: the per-hidden-unit dot products inside the per-sample sum).
/// </summary>
internal static class SmallMlp
{
    private const int Inputs = 4, Hidden = 9, Samples = 12;
    private const int B1 = Hidden * Inputs, W2 = B1 + Hidden, B2 = W2 + Hidden;
    private static readonly double[] Data, Targets;

    /// <summary>The number of weights.</summary>
    public const int Dimension = B2 + 1;

    static SmallMlp()
    {
        var random = new Random(5);
        Data = [.. Enumerable.Range(0, Samples * Inputs).Select(_ => random.NextDouble())];
        Targets = [.. Enumerable.Range(0, Samples).Select(_ => random.NextDouble())];
    }

    public static Scalar Loss(Vec w)
    {
        Scalar loss = 0.0;
        for (int s = 0; s < Samples; s++)
        {
            Scalar y = w[B2];
            for (int h = 0; h < Hidden; h++)
            {
                Scalar z = w[B1 + h];
                for (int i = 0; i < Inputs; i++) z += w[h * Inputs + i] * Data[s * Inputs + i];
                y += w[W2 + h] * Tanh(z);
            }
            loss += Square(y - Targets[s]);
        }
        return loss / Samples;
    }
}
