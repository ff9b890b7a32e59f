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
        return owner is null ? new Scalar(op.Eval(a.Value, b.Value, c.Value, p)) : owner.Record(op, a, b, c, p);
    }

    /// <summary>The recorder two operands share, or a clear error when they come from different recordings.</summary>
    internal static Recorder? SharedOwner(in Scalar s, Recorder? other)
    {
        if (s.Owner is null) return other;
        if (s.Epoch != s.Owner.Epoch)
            throw new InvalidOperationException(
                $"A Scalar from an earlier recording ({s.Owner.Kind} that has ended) was used again. " +
                "Scalars live only while the function that received them runs: do not keep them in fields, " +
                "closures or caches between calls; keep doubles instead.");
        if (s.Owner.ThreadId != Environment.CurrentManagedThreadId)
            throw new InvalidOperationException(
                $"A Scalar of {s.Owner.Kind} running on another thread was used on this thread. A Scalar belongs to the " +
                "single call that created it, on its thread; pass doubles between threads instead.");
        if (other is null || ReferenceEquals(other, s.Owner)) return s.Owner;
        // A loop body may use values of the code around it: the innermost recorder records.
        if (other.IsWithin(s.Owner)) return other;
        if (s.Owner.IsWithin(other)) return s.Owner;
        throw new InvalidOperationException(
                $"Scalars from two different recordings were combined ({s.Owner.Kind} and {other.Kind}). " +
                "A Scalar belongs to the single call that created it; it cannot be shared between traces, " +
                "tapes, forward-mode runs or threads.");
    }
}
