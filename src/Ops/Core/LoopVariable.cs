namespace ExprGrad.Ops;

/// <summary>
/// The loop a <see cref="LoopIndex"/> belongs to: a symbolic loop traced into a body graph (compiled mode), or an
/// eager loop iterating with concrete indices (tape, forward mode, eager graphs). It says whether an index may
/// still be used: its loop must be running (same epoch), on this thread, inside the recording running now.
/// </summary>
internal abstract class LoopVariable
{
    /// <summary>Number of iterations.</summary>
    public int Count { get; protected set; }

    /// <summary>Identifies this run of the loop: an index made at another epoch belongs to a loop that has ended.</summary>
    public abstract int Epoch { get; }

    /// <summary>The thread running the loop.</summary>
    public abstract int ThreadId { get; }

    /// <summary>The recording the loop's body runs in (null: a sum evaluated on plain numbers, outside any recording).</summary>
    public abstract Recorder? Owner { get; }

    /// <summary>True for a traced loop, whose index is a symbol; false for a loop iterating with concrete indices.</summary>
    public abstract bool IsSymbolic { get; }

    /// <summary>The body's value of <paramref name="vector"/>[scale * i + offset] (symbolic loops; the index range was checked).</summary>
    public virtual Scalar Gather(in Vec vector, int scale, int offset)
        => throw new InvalidOperationException("An eager loop reads vectors at concrete indices.");
}

/// <summary>
/// A sum iterated with concrete indices. The loops running on a thread are pooled by nesting depth, so eager
/// sums allocate nothing once warm; each run gets a fresh epoch, and leaving the loop ends it, so an index
/// kept past its sum is recognised as stale.
/// </summary>
internal sealed class EagerLoop : LoopVariable
{
    [ThreadStatic] private static List<EagerLoop>? pool;
    [ThreadStatic] private static int depth;

    private readonly int threadId = Environment.CurrentManagedThreadId;
    private int epoch;
    private Recorder? owner;

    public override int Epoch => epoch;
    public override int ThreadId => threadId;
    public override Recorder? Owner => owner;
    public override bool IsSymbolic => false;

    /// <summary>Starts a loop of <paramref name="count"/> iterations in the recording running now.</summary>
    public static EagerLoop Enter(int count)
    {
        List<EagerLoop> loops = pool ??= [];
        if (depth == loops.Count) loops.Add(new EagerLoop());
        EagerLoop loop = loops[depth++];
        loop.Count = count;
        loop.owner = Recorder.Current;
        loop.epoch = Recorder.NextEpoch();
        return loop;
    }

    /// <summary>The index of iteration <paramref name="iteration"/>.</summary>
    public LoopIndex Index(int iteration) => new(this, epoch, iteration, 1, 0);

    /// <summary>Ends the loop: its indices become stale.</summary>
    public void Exit()
    {
        epoch = Recorder.NextEpoch();
        owner = null;
        depth--;
    }
}
