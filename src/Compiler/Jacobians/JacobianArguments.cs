using ExprGrad.Ops;

namespace ExprGrad.Compiler;

/// <summary>The span checks of compiled Jacobians and Hessians, naming the span, the expected and the actual length.</summary>
internal static class JacobianArguments
{
    /// <summary>Checks a span whose length is the dimension (x, v, a gradient, uᵀJ).</summary>
    public static void Input(int actual, int dimension, string name) => Arguments.CheckLength(actual, dimension, name);

    /// <summary>Checks a span with one entry per output (values, J·v, u).</summary>
    public static void Outputs(int actual, int outputs, string name)
    {
        if (actual != outputs) throw Wrong(actual, outputs, name, $"this function has {outputs} outputs");
    }

    /// <summary>Checks a row-major matrix span of <paramref name="rows"/> × <paramref name="columns"/> entries.</summary>
    public static void Matrix(int actual, int rows, int columns, string name, string rowsAre, string columnsAre)
    {
        if (actual != rows * columns)
            throw Wrong(actual, rows * columns, name, $"the {(name == "hessian" ? "Hessian" : "Jacobian")} has {rows} {rowsAre} × {columns} {columnsAre} = {rows * columns} entries");
    }

    /// <summary>Checks the span of a sparse Hessian's structural nonzeros.</summary>
    public static void Nonzeros(int actual, int count, string name)
    {
        if (actual != count) throw Wrong(actual, count, name, $"the Hessian has {count} structural nonzeros (Sparsity.Count)");
    }

    // The messages are built only when a check fails: a call allocates nothing.
    private static ArgumentException Wrong(int actual, int expected, string name, string what)
        => new($"The span '{name}' has length {actual}, but {what}: '{name}' must have length {expected}.", name);

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
