namespace ExprGrad.Ops;

/// <summary>
/// Where the operations on <see cref="Scalar"/>s go: a symbolic graph (compiled mode), a tape (reverse
/// mode), or a forward-mode run (dual numbers). A <see cref="Scalar"/> with no recorder is a constant.
/// </summary>
internal abstract class Recorder
{
    private static int lastEpoch;

    /// <summary>Identifies the current recording; a <see cref="Scalar"/> from an earlier one is stale.</summary>
    public int Epoch { get; private set; } = NextEpoch();

    /// <summary>What this recorder is, for error messages ("a Grad.Compile trace", "a tape recording").</summary>
    public abstract string Kind { get; }

    /// <summary>True when recorded values are known numbers, so a comparison can decide an <c>if</c>.</summary>
    public abstract bool KnowsValues { get; }

    /// <summary>Records <paramref name="op"/> applied to the inputs (unused inputs are default) and returns its result.</summary>
    public abstract Scalar Record(Op op, in Scalar a, in Scalar b, in Scalar c, double p);

    /// <summary>Starts a new recording: every <see cref="Scalar"/> handed out before becomes stale.</summary>
    protected void Renew() => Epoch = NextEpoch();

    /// <summary>Ends the recording for good: every <see cref="Scalar"/> handed out becomes stale.</summary>
    public void Seal() => Epoch = NextEpoch();

    private static int NextEpoch() => Interlocked.Increment(ref lastEpoch);

    /// <summary>Makes a recorded value (used by recorders only).</summary>
    protected Scalar Make(int index, double value, double tangent = 0) => new(this, index, value, tangent);
}
