namespace ExprGrad.Ops;

/// <summary>
/// Where the operations on <see cref="Scalar"/>s go: a symbolic graph (compiled mode), a tape (reverse
/// mode), or a forward-mode run (dual numbers). A <see cref="Scalar"/> with no recorder is a constant.
/// </summary>
internal abstract class Recorder
{
    private static int lastEpoch;

    /// <summary>The thread recording: a recorder is not synchronised, so only this thread may add to it.</summary>
    public int ThreadId { get; private set; } = Environment.CurrentManagedThreadId;

    /// <summary>Identifies the current recording; a <see cref="Scalar"/> from an earlier one is stale.</summary>
    public int Epoch { get; private set; } = NextEpoch();

    /// <summary>The recorder this one is nested in (a loop body's graph is nested in the graph around it).</summary>
    public virtual Recorder? Parent => null;

    /// <summary>True when this recorder is <paramref name="other"/> or nested in it.</summary>
    public bool IsWithin(Recorder other)
    {
        for (Recorder? r = this; r is not null; r = r.Parent) if (ReferenceEquals(r, other)) return true;
        return false;
    }

    /// <summary>What this recorder is, for error messages ("a Grad.Compile trace", "a tape recording").</summary>
    public abstract string Kind { get; }

    /// <summary>True when recorded values are known numbers, so a comparison can decide an <c>if</c>.</summary>
    public abstract bool KnowsValues { get; }

    /// <summary>Records <paramref name="op"/> applied to the inputs (unused inputs are default) and returns its result.</summary>
    public abstract Scalar Record(Op op, in Scalar a, in Scalar b, in Scalar c, double p);

    /// <summary>Starts a new recording: every <see cref="Scalar"/> handed out before becomes stale.</summary>
    protected void Renew()
    {
        Epoch = NextEpoch();
        ThreadId = Environment.CurrentManagedThreadId;
    }

    /// <summary>Ends the recording for good: every <see cref="Scalar"/> handed out becomes stale.</summary>
    public void Seal() => Epoch = NextEpoch();

    private static int NextEpoch() => Interlocked.Increment(ref lastEpoch);

    [ThreadStatic] private static Recorder? current;

    /// <summary>The recorder of the function running on this thread, if any (<see cref="Scalar.Sum"/> needs it).</summary>
    public static Recorder? Current => current;

    /// <summary>Makes <paramref name="recorder"/> current until the returned scope is disposed.</summary>
    public static Scope Enter(Recorder? recorder)
    {
        var scope = new Scope(current);
        current = recorder;
        return scope;
    }

    /// <summary>Restores the previously current recorder.</summary>
    public readonly struct Scope(Recorder? previous) : IDisposable
    {
        public void Dispose() => current = previous;
    }

    /// <summary>
    /// A sum over a loop. Eager recorders (tape, forward, eager graphs) simply iterate; a symbolic graph
    /// traces the body once and records a loop.
    /// </summary>
    public virtual Scalar Sum(int count, Func<LoopIndex, Scalar> body) => SumEagerly(count, body);

    /// <summary>Iterates the body with concrete indices, adding in index order (the order compiled loops use).</summary>
    public static Scalar SumEagerly(int count, Func<LoopIndex, Scalar> body)
    {
        Scalar sum = 0.0;
        for (int i = 0; i < count; i++) sum += body(LoopIndex.Concrete(i));
        return sum;
    }

    /// <summary>
    /// Applies a composite function (relu, sigmoid, ...: written from primitives, with no rule of its own) to this
    /// recorder's values. Every mode just runs the primitives; a recorder that shows a composite as one step (the
    /// backprop explanation) overrides this to see where it starts and ends.
    /// </summary>
    public virtual Scalar Composite(string name, ReadOnlySpan<Scalar> arguments, CompositeBody body) => body(arguments);

    /// <summary>Makes a recorded value (used by recorders only).</summary>
    protected Scalar Make(int index, double value, double tangent = 0) => new(this, index, value, tangent);
}

/// <summary>The primitives of a composite function, applied to its arguments (see <see cref="Recorder.Composite"/>).</summary>
internal delegate Scalar CompositeBody(ReadOnlySpan<Scalar> arguments);
