using ExprGrad.Tracer;

namespace ExprGrad.Compiler;

/// <summary>
/// A compressed Jacobian or Hessian, compiled: a program whose output vector is <c>[head | B]</c> (values or gradient,
/// then the matrix times the seeds of one batch of colours), run once per batch, and for each batch which entries of
/// the matrix it holds and where (<c>from</c>: output index, <c>to</c>: index in the caller's span).
/// </summary>
internal sealed class CompressedKernel(ProgramKernel kernel, int headLength, double[]?[] extras, int[][] from, int[][] to)
{
    public ProgramKernel Kernel => kernel;

    public int Batches => extras.Length;

    /// <summary>
    /// Builds the seeds of <paramref name="colour"/> (one per index of a width-<paramref name="width"/> vector) in batches of at
    /// most <paramref name="batch"/> colours, and the program of one batch from them (<paramref name="program"/>).
    /// </summary>
    public static (GradientProgram Program, TangentSeeds Seeds, double[]?[] Extras) Seeded(int[] colour, int width, int batch, int dataLength,
        Func<TangentSeeds, GradientProgram> program)
    {
        int colours = Colouring.Count(colour), batches = (colours + batch - 1) / batch;
        if (batches == 1)
        {
            double[] table = Table(colour, width, 0, colours);
            var seeds = TangentSeeds.Fixed(width, colours, table, dataLength);
            GradientProgram single = program(seeds);
            return (single, seeds, [seeds.ReadsData ? table : null]);
        }
        var runtime = TangentSeeds.Runtime(width, batch, dataLength, structural: true);
        return (program(runtime), runtime, [.. Enumerable.Range(0, batches).Select(t => (double[]?)Table(colour, width, t * batch, batch))]);
    }

    // Seed of index k in direction d: 1 when k has colour first + d.
    private static double[] Table(int[] colour, int width, int first, int directions)
    {
        var table = new double[directions * width];
        for (int k = 0; k < width; k++)
            if (colour[k] - first is int d && d >= 0 && d < directions) table[d * width + k] = 1;
        return table;
    }

    /// <summary>
    /// Where each entry, held at <c>(row, colour)</c> of the compressed matrix (row-major, all colours), is in the output of
    /// its batch (<c>head + row * batch + colour - first</c>), and where it goes (<c>To</c>, an index of the caller's span).
    /// </summary>
    public static (int[][] From, int[][] To) Places(IEnumerable<(int Row, int Colour, int To)> held, int headLength, int batch, int batches)
    {
        var from = new List<int>[batches];
        var to = new List<int>[batches];
        for (int t = 0; t < batches; t++) { from[t] = []; to[t] = []; }
        foreach (var (row, colour, destination) in held)
        {
            int t = colour / batch;
            from[t].Add(headLength + row * batch + colour - t * batch);
            to[t].Add(destination);
        }
        return ([.. from.Select(f => f.ToArray())], [.. to.Select(f => f.ToArray())]);
    }

    /// <summary>
    /// Runs every batch: <paramref name="head"/> receives the head (from the first batch), <paramref name="destination"/> each
    /// entry at its place, after zeroing it when <paramref name="clear"/> (else entries not in the pattern are left alone);
    /// returns the program's value.
    /// </summary>
    public double Run(ReadOnlySpan<double> x, ReadOnlySpan<double> data, Span<double> head, Span<double> destination, bool clear)
    {
        // Later batches read x and the data again: keep them apart from what earlier batches wrote.
        if (extras.Length > 1 && (x.Overlaps(head) || x.Overlaps(destination) || data.Overlaps(head) || data.Overlaps(destination)))
        {
            ReadOnlySpan<double> copy = CallBuffers.Inputs(x, data);
            data = copy[x.Length..];
            x = copy[..x.Length];
        }
        double value = 0;
        for (int t = 0; t < extras.Length; t++)
        {
            Span<double> outputs = CallBuffers.Outputs(kernel.OutputLength);
            double v = kernel.Run(x, data, extras[t], extras[t], outputs);
            if (t == 0 && clear) destination.Clear(); // only now: the destination may overlap x, read by the first run
            int[] f = from[t], e = to[t];
            for (int i = 0; i < f.Length; i++) destination[e[i]] = outputs[f[i]];
            if (t == 0)
            {
                value = v;
                outputs[..headLength].CopyTo(head);
            }
        }
        return value;
    }
}
