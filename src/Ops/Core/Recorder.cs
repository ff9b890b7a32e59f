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

    /// <summary>
    /// Traced code converted the comparison <paramref name="comparison"/>(<paramref name="left"/>, <paramref name="right"/>) to
    /// a bool (an <c>if</c>, a loop condition) and it came out <paramref name="holds"/>. A path trace keeps it as a guard.
    /// </summary>
    public virtual void Decided(Op comparison, in Scalar left, in Scalar right, bool holds) { }

    /// <summary>
    /// The error for traced code deciding a branch on a value of this recording while it knows no values (a symbolic trace),
    /// <paramref name="comparison"/> naming the op. A top-level trace for <c>Grad.Compile</c> notes the branch and traces
    /// paths at points instead; a <see cref="Scalar.Sum"/> body, traced once for every index, points to <c>Scalar.Where</c>.
    /// </summary>
    public virtual InvalidOperationException BranchMet(string comparison) => new(Parent is null
        ? $"A branch on a traced value ('{comparison}' used in an if, ?:, && or ||) was met while tracing ({Kind}). " +
          "The code is traced once and would keep only one side of the branch for every input. Write the choice as " +
          "Scalar.Where(condition, ifTrue, ifFalse) instead, which compiles both sides and chooses per call."
        : $"A branch on a value of a Scalar.Sum body ('{comparison}' used in an if, ?:, && or ||) was met while tracing the body. " +
          "The body is traced once for every index, so the branch would be frozen to one side for every iteration, and a " +
          "compiled path can only check decisions made once per call (values from outside the body may decide). Write the " +
          "choice as Scalar.Where(condition, ifTrue, ifFalse), which chooses per iteration.");

    /// <summary>
    /// Records a call of a black-box function (<see cref="CustomOp.Function"/>) on the arguments (this recorder's
    /// values and constants) and returns its value.
    /// </summary>
    public abstract Scalar Call(BlackBox function, ReadOnlySpan<Scalar> arguments);

    /// <summary>Starts a new recording: every <see cref="Scalar"/> handed out before becomes stale.</summary>
    protected void Renew()
    {
        Epoch = NextEpoch();
        ThreadId = Environment.CurrentManagedThreadId;
    }

    /// <summary>Ends the recording for good: every <see cref="Scalar"/> handed out becomes stale.</summary>
    public void Seal() => Epoch = NextEpoch();

    private bool inCall;

    /// <summary>
    /// Marks a call of the gradient owning this (per-thread) recorder until the returned scope is disposed. A second
    /// call meanwhile is the function calling its own gradient: refused, since it would restart the recording the
    /// outer call is still using. <paramref name="gradient"/> names it for the message ("a Grad.Tape gradient").
    /// </summary>
    public CallScope StartCall(string gradient)
    {
        if (inCall)
            throw new InvalidOperationException(
                $"{gradient} was called from inside its own function (a reentrant call): it records one call at a time on " +
                "each thread, and the outer call is still running. Make a second instance for the inner call, or compute it from doubles.");
        inCall = true;
        return new CallScope(this);
    }

    /// <summary>Ends the call started by <see cref="StartCall"/>.</summary>
    public readonly struct CallScope(Recorder recorder) : IDisposable
    {
        public void Dispose() => recorder.inCall = false;
    }

    /// <summary>A number no recording or loop has used before (recordings and eager loops share the sequence).</summary>
    public static int NextEpoch() => Interlocked.Increment(ref lastEpoch);

    /// <summary>
    /// Checks that a value of <paramref name="owner"/> handed out at <paramref name="epoch"/> may be used now:
    /// its recording has not ended, it runs on this thread, and the recording running now (if any) is
    /// <paramref name="owner"/> or nested in it. <paramref name="what"/> names the value ("A Vec").
    /// </summary>
    public static void CheckUse(Recorder owner, int epoch, string what)
    {
        // The common case costs two comparisons: the owner is running now, so on this very thread.
        if (epoch == owner.Epoch && ReferenceEquals(current, owner)) return;
        CheckAlive(owner, epoch, what);
        if (current is { } running && !running.IsWithin(owner)) throw Mixed(what, owner, running);
    }

    /// <summary>The first two checks of <see cref="CheckUse"/>: the recording has not ended and runs on this thread.</summary>
    public static void CheckAlive(Recorder owner, int epoch, string what)
    {
        CheckEpoch(owner, epoch, what);
        CheckThread(owner, what);
    }

    /// <summary>The recording a value was handed out in (at <paramref name="epoch"/>) has not ended.</summary>
    public static void CheckEpoch(Recorder owner, int epoch, string what)
    {
        if (epoch != owner.Epoch)
            throw new InvalidOperationException(
                $"{what} from an earlier recording ({owner.Kind} that has ended) was used again. " +
                "Scalars, Vecs, loop indices and conditions live only while the function (or Sum body) that received them " +
                "runs: do not keep them in fields, closures or caches between calls; keep doubles instead.");
    }

    /// <summary>The recording runs on this thread (a recorder is not synchronised).</summary>
    public static void CheckThread(Recorder owner, string what)
    {
        if (owner.ThreadId != Environment.CurrentManagedThreadId)
            throw new InvalidOperationException(
                $"{what} of {owner.Kind} running on another thread was used on this thread. A Scalar belongs to the " +
                "single call that created it, on its thread; pass doubles between threads instead.");
    }

    /// <summary>The error for values of two unrelated recordings meeting (<paramref name="other"/> is recording, or owns the other operand).</summary>
    public static InvalidOperationException Mixed(string what, Recorder owner, Recorder other) => new(
        $"{what} belongs to {owner.Kind} but was used with {other.Kind}: values from two different recordings cannot be combined. " +
        "A Scalar belongs to the single call that created it; it cannot be shared between traces, tapes, forward-mode runs or threads.");

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
        EagerLoop loop = EagerLoop.Enter(count);
        try
        {
            Scalar sum = 0.0;
            for (int i = 0; i < count; i++) sum += body(loop.Index(i));
            return sum;
        }
        finally
        {
            loop.Exit();
        }
    }

    /// <summary>A map over a loop (<see cref="Vec.Map"/>): eager recorders iterate; a symbolic graph traces the body once.</summary>
    public virtual Vec Map(int count, Func<LoopIndex, Scalar> body) => MapEagerly(count, body);

    /// <summary>Evaluates the body for each index in order into a new list.</summary>
    public static Vec MapEagerly(int count, Func<LoopIndex, Scalar> body)
    {
        var items = new Scalar[count];
        EagerLoop loop = EagerLoop.Enter(count);
        try
        {
            for (int i = 0; i < count; i++) items[i] = body(loop.Index(i));
        }
        finally
        {
            loop.Exit();
        }
        return Vec.OfOwned(items);
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
