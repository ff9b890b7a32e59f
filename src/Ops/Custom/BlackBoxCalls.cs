using System.Reflection;
using System.Runtime.InteropServices;

namespace ExprGrad.Ops;

/// <summary>
/// How code calls black-box functions without allocating: the arguments go into a per-thread frame (a stack of
/// arrays, so a user delegate that runs compiled code itself gets frames of its own), and the gradient of the last
/// call on each thread is kept, so the partial derivatives of one call, read one by one, cost one gradient call.
/// </summary>
internal static class BlackBoxCalls
{
    [ThreadStatic] private static double[][]? frames;
    [ThreadStatic] private static int depth;
    [ThreadStatic] private static BlackBox? lastFunction; // null while no gradient is known (or one was being computed)
    [ThreadStatic] private static double[]? lastArguments;
    [ThreadStatic] private static double[]? lastGradient;

    public static readonly MethodInfo RentMethod = typeof(BlackBoxCalls).GetMethod(nameof(Rent))!;
    public static readonly MethodInfo ValueMethod = typeof(BlackBoxCalls).GetMethod(nameof(Value))!;
    public static readonly MethodInfo PartialMethod = typeof(BlackBoxCalls).GetMethod(nameof(Partial), [typeof(BlackBox), typeof(double[]), typeof(int)])!;

    /// <summary>A frame for <paramref name="count"/> arguments; the <see cref="Value"/> or <see cref="Partial(BlackBox, double[], int)"/> call that follows returns it.</summary>
    public static double[] Rent(int count)
    {
        double[][] stack = frames ??= new double[4][];
        if (depth == stack.Length) Array.Resize(ref frames, 2 * depth);
        double[]? frame = frames![depth];
        if (frame is null || frame.Length < count) frames[depth] = frame = new double[Math.Max(count, 4)];
        depth++;
        return frame;
    }

    /// <summary>Returns the last frame rented.</summary>
    public static void Return() => depth--;

    /// <summary>The function's value at the arguments in <paramref name="frame"/>; returns the frame.</summary>
    public static double Value(BlackBox function, double[] frame)
    {
        try
        {
            return UserCode.Suppressed ? 0 : function.Evaluate(frame.AsSpan(0, function.Arity), BlackBox.ValueComponent);
        }
        finally
        {
            Return();
        }
    }

    /// <summary>Partial derivative <paramref name="input"/> at the arguments in <paramref name="frame"/>; returns the frame.</summary>
    public static double Partial(BlackBox function, double[] frame, int input)
    {
        try
        {
            return UserCode.Suppressed ? 0 : GradientAt(function, frame.AsSpan(0, function.Arity))[input];
        }
        finally
        {
            Return();
        }
    }

    /// <summary>Partial derivative <paramref name="input"/> at <paramref name="x"/>.</summary>
    public static double Partial(BlackBox function, ReadOnlySpan<double> x, int input) => GradientAt(function, x)[input];

    /// <summary>
    /// The gradient at <paramref name="x"/>: the one kept from the last call on this thread when function and arguments
    /// are the same (bit for bit), else the user's gradient, computed into a frame of its own (it may run code that calls
    /// black boxes) and kept only once it returned. Valid until the next black-box call on this thread.
    /// </summary>
    public static ReadOnlySpan<double> GradientAt(BlackBox function, ReadOnlySpan<double> x)
    {
        if (ReferenceEquals(lastFunction, function) && MemoryMarshal.Cast<double, long>(x).SequenceEqual(MemoryMarshal.Cast<double, long>(Last(lastArguments, x.Length))))
            return Last(lastGradient, x.Length);
        lastFunction = null;
        double[] buffer = Rent(x.Length);
        try
        {
            function.Gradient(x, buffer.AsSpan(0, x.Length));
            if (lastArguments is null || lastArguments.Length < x.Length) (lastArguments, lastGradient) = (new double[x.Length], new double[x.Length]);
            x.CopyTo(lastArguments);
            buffer.AsSpan(0, x.Length).CopyTo(lastGradient!);
            lastFunction = function;
        }
        finally
        {
            Return();
        }
        return lastGradient!.AsSpan(0, x.Length);
    }

    private static ReadOnlySpan<double> Last(double[]? values, int length) => values is not null && values.Length >= length ? values.AsSpan(0, length) : default;
}
