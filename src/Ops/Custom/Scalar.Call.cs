using System.Buffers;
using ExprGrad.Ops;

namespace ExprGrad;

public readonly partial struct Scalar
{
    /// <summary>
    /// Applies a black-box function to the entries of <paramref name="x"/>: on doubles when they are all constants, else
    /// recorded by their recording as one call.
    /// </summary>
    internal static Scalar Call(BlackBox function, Vec x)
    {
        if (x.Length != function.Arity)
            throw new ArgumentException(
                $"The custom function '{function.Name}' takes {function.Arity} inputs, but was applied to a Vec of length {x.Length}.", nameof(x));
        Scalar[] arguments = ArrayPool<Scalar>.Shared.Rent(x.Length);
        try
        {
            Recorder? owner = null;
            for (int i = 0; i < x.Length; i++) owner = SharedOwner(arguments[i] = x[i], owner);
            if (owner is not null)
            {
                if (!ReferenceEquals(Recorder.Current, owner)) CheckRunning(owner);
                return owner.Call(function, arguments.AsSpan(0, x.Length));
            }
            double[] values = BlackBoxCalls.Rent(x.Length);
            for (int i = 0; i < x.Length; i++) values[i] = arguments[i].Value;
            return BlackBoxCalls.Value(function, values);
        }
        finally
        {
            ArrayPool<Scalar>.Shared.Return(arguments, clearArray: true);
        }
    }
}
