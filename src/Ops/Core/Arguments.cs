namespace ExprGrad.Ops;

/// <summary>The argument checks every <see cref="IGradient"/> makes, with the same messages everywhere.</summary>
internal static class Arguments
{
    public static void CheckLength(int actual, int expected, string name)
    {
        if (actual != expected)
            throw new ArgumentException(
                $"The span '{name}' has length {actual}, but this function has dimension {expected}: '{name}' must have length {expected}.", name);
    }

    public static void CheckDataLength(int actual, int expected)
    {
        if (actual != expected)
            throw new ArgumentException(
                $"The data span has length {actual}, but this function was compiled for data of length {expected}.", "data");
    }

    public static void CheckDimension(int dimension, string name = "dimension")
    {
        if (dimension <= 0)
            throw new ArgumentOutOfRangeException(name, dimension, $"The dimension must be at least 1 (got {dimension}).");
    }
}
