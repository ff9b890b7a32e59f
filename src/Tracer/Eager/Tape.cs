using ExprGrad.Ops;

namespace ExprGrad.Tracer;

/// <summary>
/// Reverse mode as in the lecture, define-by-run: a call records f's operations with their values,
/// then <see cref="Backward"/> walks the record in reverse adding <c>partial * adjoint</c> into each input's
/// accumulator. One generic loop, no per-op code: the partials come from the op table. The storage is
/// reused between calls, so a warm tape allocates nothing.
/// </summary>
internal sealed class Tape : Recorder
{
    /// <summary>Most nodes a tape holds: each has three input slots in one int array, which holds at most Array.MaxLength.</summary>
    public static readonly int MaxNodes = Array.MaxLength / 3;

    private Op?[] ops = new Op?[256];   // null for a leaf: an input or a constant
    private int[] inputs = new int[3 * 256];
    private double[] parameters = new double[256];
    private double[] values = new double[256];
    private double[] adjoints = [];
    private bool[] reached = [];
    private Scalar[] vector = [];
    private int count;
    // Black-box calls: a call node has no op; its input slots hold where its arguments start in callArguments, how
    // many there are, and CallMarker; its parameter is the index of its function in callFunctions.
    private int[] callArguments = new int[16];
    private int callArgumentCount;
    private readonly List<BlackBox> callFunctions = [];
    private double[] callPoint = [], callGradient = [];

    public override string Kind => "a tape recording";
    public override bool KnowsValues => true;

    /// <summary>Starts a recording with inputs <paramref name="x"/>; Scalars of earlier recordings become stale.</summary>
    public Vec Begin(ReadOnlySpan<double> x)
    {
        Renew();
        count = 0;
        callArgumentCount = 0;
        callFunctions.Clear();
        if (vector.Length < x.Length) vector = new Scalar[x.Length];
        for (int i = 0; i < x.Length; i++) vector[i] = Make(AppendLeaf(x[i]), x[i]);
        return new Vec(vector, x.Length, this);
    }

    public override Scalar Record(Op op, in Scalar a, in Scalar b, in Scalar c, double p)
    {
        int ia = Slot(a);
        int ib = op.Arity > 1 ? Slot(b) : NoSlot;
        int ic = op.Arity > 2 ? Slot(c) : NoSlot;
        double y = op.Eval(a.Value, b.Value, c.Value, p);
        return Make(Append(op, ia, ib, ic, p, y), y);
    }

    public override Scalar Call(BlackBox function, ReadOnlySpan<Scalar> arguments)
    {
        int start = callArgumentCount, n = arguments.Length;
        if (callArguments.Length < start + n) Array.Resize(ref callArguments, Math.Max(2 * callArguments.Length, start + n));
        for (int i = 0; i < n; i++) callArguments[start + i] = Slot(arguments[i]);
        callArgumentCount += n;
        double y = function.Evaluate(Point(start, n), BlackBox.ValueComponent);
        callFunctions.Add(function);
        return Make(Append(null, start, n, CallMarker, callFunctions.Count - 1, y), y);
    }

    /// <summary>The values of call arguments <paramref name="start"/>.. (<paramref name="n"/> of them), in a reused array.</summary>
    private ReadOnlySpan<double> Point(int start, int n)
    {
        if (callPoint.Length < n) (callPoint, callGradient) = (new double[n], new double[n]);
        for (int i = 0; i < n; i++) callPoint[i] = values[callArguments[start + i]];
        return callPoint.AsSpan(0, n);
    }

    /// <summary>A call's adjoint step: its function's gradient, scaled by the call's adjoint, into its arguments.</summary>
    private void BackwardCall(int k, double adjoint, bool strongZero)
    {
        int start = inputs[3 * k], n = inputs[3 * k + 1];
        ReadOnlySpan<double> x = Point(start, n);
        Span<double> g = callGradient.AsSpan(0, n);
        callFunctions[(int)parameters[k]].Gradient(x, g);
        for (int i = 0; i < n; i++)
        {
            int input = callArguments[start + i];
            adjoints[input] += strongZero ? StrongMulRule.Eval(adjoint, g[i]) : g[i] * adjoint;
            reached[input] = true;
        }
    }

    /// <summary>
    /// Seeds <paramref name="output"/> with 1 and accumulates adjoints in reverse order; writes the adjoints
    /// of the inputs into <paramref name="gradient"/>. Nodes the output does not depend on are skipped (their
    /// adjoint is a structural zero), exactly as the compiled code never computes them.
    /// </summary>
    public void Backward(in Scalar output, Span<double> gradient, bool strongZero)
    {
        gradient.Clear();
        if (output.Owner is null) return; // a constant function
        Scalar.SharedOwner(output, this);
        if (adjoints.Length < count) { adjoints = new double[ops.Length]; reached = new bool[ops.Length]; }
        Array.Clear(adjoints, 0, count);
        Array.Clear(reached, 0, count);
        adjoints[output.Index] = 1;
        reached[output.Index] = true;
        for (int k = output.Index; k >= gradient.Length; k--)
        {
            if (!reached[k]) continue;
            if (ops[k] is not { } op)
            {
                if (inputs[3 * k + 2] == CallMarker) BackwardCall(k, adjoints[k], strongZero);
                continue;
            }
            double adjoint = adjoints[k];
            int at = 3 * k;
            double a = Value(inputs[at]), b = Value(inputs[at + 1]), c = Value(inputs[at + 2]);
            for (int i = 0; i < op.Arity; i++)
            {
                int input = inputs[at + i];
                if (input == NoSlot || !op.HasPartial(i)) continue;
                adjoints[input] += op.PartialTimesReal(i, a, b, c, values[k], parameters[k], adjoint, strongZero);
                reached[input] = true;
            }
        }
        for (int i = 0; i < gradient.Length; i++) gradient[i] = adjoints[i];
    }

    /// <summary>An operand an op does not use.</summary>
    private const int NoSlot = -1;

    /// <summary>The third input slot of a black-box call node.</summary>
    private const int CallMarker = -2;

    private double Value(int slot) => slot == NoSlot ? 0 : values[slot];

    // A constant operand is recorded as a leaf: it needs no adjoint, and its value is read from the Scalar.
    private int Slot(in Scalar s) => s.Owner is null ? AppendLeaf(s.Value) : s.Index;

    private int AppendLeaf(double value) => Append(null, NoSlot, NoSlot, NoSlot, 0, value);

    private int Append(Op? op, int a, int b, int c, double p, double y)
    {
        if (count == ops.Length) Grow();
        ops[count] = op;
        inputs[3 * count] = a;
        inputs[3 * count + 1] = b;
        inputs[3 * count + 2] = c;
        parameters[count] = p;
        values[count] = y;
        return count++;
    }

    private void Grow()
    {
        if (ops.Length == MaxNodes)
            throw new InvalidOperationException(
                $"The tape is full: one call recorded {MaxNodes:N0} operations, the most a tape can hold. " +
                "Write long sums with Scalar.Sum and compile them with Grad.Compile, which keeps a loop a loop.");
        int size = (int)Math.Min(ops.Length * 2L, MaxNodes);
        Array.Resize(ref ops, size);
        Array.Resize(ref inputs, 3 * size);
        Array.Resize(ref parameters, size);
        Array.Resize(ref values, size);
    }
}
