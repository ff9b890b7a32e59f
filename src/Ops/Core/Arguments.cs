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

    /// <summary>At least 1, and at most <paramref name="limit"/> (default: the longest array, so that a span of x can exist at all).</summary>
    public static void CheckDimension(int dimension, string name = "dimension", int limit = 0, string? why = null)
    {
        if (dimension <= 0)
            throw new ArgumentOutOfRangeException(name, dimension, $"The dimension must be at least 1 (got {dimension}).");
        if (limit <= 0) limit = Array.MaxLength;
        if (dimension > limit)
            throw new ArgumentOutOfRangeException(name, dimension,
                $"The dimension {dimension} is more than {limit:N0}, the most {why ?? "an array (and so a span of x) can hold (Array.MaxLength)"}.");
    }

    /// <summary>
    /// Compiled code runs on one array of 2 * dimension + 1 + dataLength doubles (x, the value, the gradient, the
    /// data) plus the values crossing units: refuse at once what no array can hold, before tracing anything.
    /// </summary>
    public static void CheckCompiledSize(int dimension, int dataLength)
    {
        CheckDimension(dimension);
        ArgumentOutOfRangeException.ThrowIfNegative(dataLength);
        long cells = 2L * dimension + 1 + dataLength;
        if (cells > Array.MaxLength)
            throw new ArgumentOutOfRangeException(2L * dimension + 1 > Array.MaxLength ? "dimension" : "dataLength", cells,
                $"Compiled code for dimension {dimension} and data length {dataLength} needs a workspace of 2 * {dimension} + 1 + {dataLength} = {cells:N0} doubles " +
                $"(x, value, gradient, data), more than the longest array can hold (Array.MaxLength = {Array.MaxLength:N0}).");
    }
}
