using ExprGrad.Ops;

namespace ExprGrad.Compiler;

/// <summary>The span checks of compiled Jacobians and Hessians, naming the span, the expected and the actual length.</summary>
internal static class JacobianArguments
{
    /// <summary>Checks a span whose length is the dimension (x, v, a gradient, uᵀJ).</summary>
    public static void Input(int actual, int dimension, string name) => Arguments.CheckLength(actual, dimension, name);

    /// <summary>Checks a span of <paramref name="expected"/> entries; <paramref name="what"/> says why ("this function has 3 outputs").</summary>
    public static void Length(int actual, int expected, string name, string what)
    {
        if (actual != expected)
            throw new ArgumentException($"The span '{name}' has length {actual}, but {what}: '{name}' must have length {expected}.", name);
    }

    public static void Data(int actual, int expected) => Arguments.CheckDataLength(actual, expected);

    /// <summary>The error of a call without data on a function that takes data.</summary>
    public static InvalidOperationException NeedsData(int dataLength, string call) => new(
        $"This function takes {dataLength} data values: call {call} with the data, or Bind(data) first.");

    /// <summary>Refuses at compile time an output vector no array can hold.</summary>
    public static void CheckSize(long entries, string what)
    {
        if (entries > Array.MaxLength)
            throw new ArgumentOutOfRangeException("dimension", entries,
                $"{what} has {entries:N0} entries, more than the longest array can hold (Array.MaxLength = {Array.MaxLength:N0}).");
    }
}
