namespace ExprGrad.Workloads;

/// <summary>The six operations of <see cref="RandomProgram"/>.</summary>
internal enum RandomOp : byte { Add, Sub, Mul, Sin, Tanh, Scale }

/// <summary>
/// The operations of <see cref="RandomProgram"/>, drawn once with a fixed seed: operation k computes value
/// <c>Inputs + k</c> from values <see cref="Left"/>[k] and <see cref="Right"/>[k] (the right operand is read by
/// Add, Sub and Mul only; Scale multiplies by <see cref="Constants"/>[k]). Every version of the program (the AD
/// function, the interpreter, the written-out C# of <see cref="RandomProgramSource"/>) reads this one draw.
/// </summary>
internal sealed class RandomProgramDraw
{
    /// <summary>Number of inputs.</summary>
    public const int Inputs = 20;

    /// <summary>Number of operations after the inputs.</summary>
    public const int Operations = 2000;

    private const int Window = 32, Seed = 2026;

    /// <summary>The operation of each step.</summary>
    public RandomOp[] Ops { get; } = new RandomOp[Operations];

    /// <summary>Index of each step's first operand.</summary>
    public int[] Left { get; } = new int[Operations];

    /// <summary>Index of each step's second operand (read by Add, Sub and Mul).</summary>
    public int[] Right { get; } = new int[Operations];

    /// <summary>Each step's constant (read by Scale).</summary>
    public double[] Constants { get; } = new double[Operations];

    /// <summary>Per value (inputs first): true when no operation reads it. The result sums the sink operations' values in order.</summary>
    public bool[] Sink { get; } = new bool[Inputs + Operations];

    /// <summary>Draws the program (the same one every time).</summary>
    public RandomProgramDraw()
    {
        var random = new Random(Seed);
        Array.Fill(Sink, true);
        for (int k = 0; k < Operations; k++)
        {
            int count = Inputs + k;
            int Pick() => random.Next(4) == 0 ? random.Next(count) : count - 1 - random.Next(Math.Min(Window, count));
            Ops[k] = (RandomOp)random.Next(6);
            Left[k] = Pick();
            Right[k] = Pick();
            Constants[k] = Math.Round(random.NextDouble() * 2 - 1, 3);
            Sink[Left[k]] = false;
            if (Ops[k] is RandomOp.Add or RandomOp.Sub or RandomOp.Mul) Sink[Right[k]] = false;
        }
    }
}
