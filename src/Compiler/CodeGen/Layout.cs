namespace ExprGrad.Compiler;

/// <summary>
/// Workspace layout (a per-thread <c>double[]</c>, never shared between calls in flight): <c>[0, n)</c> inputs,
/// <c>[n]</c> value, <c>[n + 1, n + 1 + m)</c> gradient, then <see cref="Spills"/> cells (values crossing units,
/// cells of loops run as delegates, values adjoint loops read from their forward loops), then the data last (a
/// loop run in parallel gives each block a private copy of everything before <see cref="Data"/>).
/// </summary>
internal sealed record Layout(int Inputs, int GradientLength, int DataLength)
{
    /// <summary>"No cell": a value that never leaves the code computing it.</summary>
    public const int NoCell = -1;

    public int Value => Inputs;
    public int Gradient => Inputs + 1;
    public int SpillStart => Gradient + GradientLength;
    public int Spills { get; init; }
    public int Data => SpillStart + Spills;
    public int WorkspaceSize => Data + DataLength;

    /// <summary>Cells for <paramref name="count"/> nodes, none assigned yet.</summary>
    public static int[] NoCells(int count)
    {
        var cells = new int[count];
        Array.Fill(cells, NoCell);
        return cells;
    }

    /// <summary>Reserves <paramref name="count"/> cells from <paramref name="next"/> on; returns the first.</summary>
    public static int Take(ref int next, int count)
    {
        int first = next;
        next += count;
        return first;
    }
}
