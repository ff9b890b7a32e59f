using System.Globalization;
using ExprGrad.Ops;

namespace ExprGrad;

/// <summary>
/// The number a differentiable function computes with. The same code runs in every mode: under
/// <c>Grad.Compile</c> a <see cref="Scalar"/> is a symbol in a traced graph, under <c>Grad.Tape</c> a recorded
/// value, under <c>Grad.Forward</c> a dual number. Plain <see cref="double"/>s convert implicitly (constants).
/// </summary>
/// <remarks>
/// Math functions are static members named like <see cref="Math"/>'s; <c>using static ExprGrad.Scalar;</c>
/// lets code read like math. A comparison gives a <see cref="Condition"/>: use it in
/// <see cref="Where(Condition, Scalar, Scalar)"/>; a plain <c>if</c> on it works in eager modes and throws
/// while tracing (the branch would be frozen).
/// </remarks>
public readonly partial struct Scalar : IAlgebra<Scalar>
{
    internal readonly double Value;
    internal readonly double Tangent;
    internal readonly Recorder? Owner;
    internal readonly int Index;
    internal readonly int Epoch;

    internal Scalar(double constant)
    {
        Value = constant;
    }

    internal Scalar(Recorder owner, int index, double value, double tangent)
    {
        Owner = owner;
        Index = index;
        Value = value;
        Tangent = tangent;
        Epoch = owner.Epoch;
    }

    /// <summary>A constant.</summary>
    public static implicit operator Scalar(double value) => new(value);

    /// <summary>True for a constant (a plain number, not recorded anywhere).</summary>
    internal bool IsConstant => Owner is null;

    /// <inheritdoc/>
    public override string ToString() => Owner switch
    {
        null => Value.ToString("R", CultureInfo.InvariantCulture),
        { KnowsValues: true } => Value.ToString("R", CultureInfo.InvariantCulture),
        _ => $"v{Index} (symbolic, {Owner.Kind})",
    };

    internal static Scalar Apply(Op op, Scalar a) => Apply(op, a, default, default, 0);
    internal static Scalar Apply(Op op, Scalar a, Scalar b) => Apply(op, a, b, default, 0);
    internal static Scalar Apply(Op op, Scalar a, Scalar b, Scalar c) => Apply(op, a, b, c, 0);
    internal static Scalar Apply(Op op, Scalar a, double parameter) => Apply(op, a, default, default, parameter);

    static Scalar IAlgebra<Scalar>.Apply(Op op, Scalar a) => Apply(op, a);
    static Scalar IAlgebra<Scalar>.Apply(Op op, Scalar a, Scalar b) => Apply(op, a, b);
    static Scalar IAlgebra<Scalar>.Apply(Op op, Scalar a, Scalar b, Scalar c) => Apply(op, a, b, c);
    static Scalar IAlgebra<Scalar>.Apply(Op op, Scalar a, double parameter) => Apply(op, a, parameter);


    /// <summary>Applies a primitive: folds constants, otherwise hands the op to the inputs' recorder.</summary>
    internal static Scalar Apply(Op op, in Scalar a, in Scalar b, in Scalar c, double p)
    {
        Recorder? owner = SharedOwner(a, null);
        if (op.Arity > 1) owner = SharedOwner(b, owner);
        if (op.Arity > 2) owner = SharedOwner(c, owner);
        if (owner is null) return new Scalar(op.Eval(a.Value, b.Value, c.Value, p));
        if (!ReferenceEquals(Recorder.Current, owner)) CheckRunning(owner); // else it runs now, so on this thread
        return owner.Record(op, a, b, c, p);
    }

    /// <summary>
    /// The recorder two operands share (the innermost), or a clear error when one comes from an ended recording or
    /// from a recording unrelated to the other operand's (another thread's, named as such). Related recorders run on
    /// one thread; <see cref="CheckRunning"/> checks the thread of the one that records.
    /// </summary>
    internal static Recorder? SharedOwner(in Scalar s, Recorder? other)
    {
        if (s.Owner is null) return other;
        Recorder.CheckEpoch(s.Owner, s.Epoch, "A Scalar");
        if (other is null || ReferenceEquals(other, s.Owner)) return s.Owner;
        // A loop body may use values of the code around it: the innermost recorder records.
        if (other.IsWithin(s.Owner)) return other;
        if (s.Owner.IsWithin(other)) return s.Owner;
        Recorder.CheckThread(s.Owner, "A Scalar");
        Recorder.CheckThread(other, "A Scalar");
        throw Recorder.Mixed("A Scalar", s.Owner, other);
    }

    /// <summary>
    /// A user operation on values of <paramref name="owner"/> must run on its thread, inside that recording (or one
    /// nested in it): a live Scalar of an enclosing call used inside another recording is refused before anything is
    /// recorded. Library code that builds graphs after the user's function has returned runs with no recorder current.
    /// </summary>
    internal static void CheckRunning(Recorder owner)
    {
        Recorder.CheckThread(owner, "A Scalar");
        if (Recorder.Current is { } running && !ReferenceEquals(running, owner) && !running.IsWithin(owner))
            throw Recorder.Mixed("A Scalar", owner, running);
    }
}
