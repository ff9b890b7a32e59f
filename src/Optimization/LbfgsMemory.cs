namespace ExprGrad.Optimization;

/// <summary>
/// The last m pairs (s = x₊ − x, y = g₊ − g) in a ring buffer, and the two-loop recursion that applies the
/// inverse-Hessian model they define to a gradient (Nocedal and Wright, algorithm 7.4).
/// </summary>
internal sealed class LbfgsMemory
{
    // Pairs whose s and y are this close to orthogonal carry no usable curvature and would make the
    // model indefinite or overflow ρ = 1 / s·y; they are skipped.
    private const double MinimumCurvatureCosine = 1e-10;

    private readonly int dimension;
    private readonly int capacity;
    private readonly int slots;
    private readonly double[] steps;
    private readonly double[] gradientChanges;
    private readonly double[] rho;
    private readonly double[] alpha;
    private int newest = -1;

    public LbfgsMemory(int dimension, int capacity)
    {
        this.dimension = dimension;
        this.capacity = capacity;
        // One slot more than the history: a new pair is written into the free slot and only then checked,
        // so a rejected pair never overwrites the oldest one still in use.
        slots = capacity + 1;
        steps = new double[dimension * slots];
        gradientChanges = new double[dimension * slots];
        rho = new double[slots];
        alpha = new double[slots];
    }

    public int Count { get; private set; }

    public void Clear()
    {
        Count = 0;
        newest = -1;
    }

    /// <summary>Stores the pair for the step from (x, g) to (xNext, gNext), unless its curvature is unusable.</summary>
    public void Add(ReadOnlySpan<double> x, ReadOnlySpan<double> xNext, ReadOnlySpan<double> g, ReadOnlySpan<double> gNext)
    {
        int slot = (newest + 1) % slots;
        Span<double> s = Step(slot), y = GradientChange(slot);
        SpanMath.Subtract(xNext, x, s);
        SpanMath.Subtract(gNext, g, y);
        double sy = SpanMath.Dot(s, y);
        if (!(sy > MinimumCurvatureCosine * SpanMath.Norm(s) * SpanMath.Norm(y))) return;
        rho[slot] = 1 / sy;
        newest = slot;
        Count = Math.Min(Count + 1, capacity);
    }

    /// <summary>direction = −H g, with H the L-BFGS inverse-Hessian model scaled by γ = s·y / y·y of the newest pair.</summary>
    public void Direction(ReadOnlySpan<double> gradient, Span<double> direction)
    {
        gradient.CopyTo(direction);
        for (int k = 0, slot = newest; k < Count; k++, slot = Previous(slot))
        {
            alpha[slot] = rho[slot] * SpanMath.Dot(Step(slot), direction);
            SpanMath.AddScaled(direction, -alpha[slot], GradientChange(slot), direction);
        }
        // γ = s·y / |y|², with |y| taken as a scaled norm: y·y overflows for gradients above ~1e154.
        double yNorm = SpanMath.Norm(GradientChange(newest));
        double gamma = 1 / (rho[newest] * yNorm) / yNorm;
        for (int i = 0; i < direction.Length; i++) direction[i] *= gamma;
        int oldest = (newest - Count + 1 + slots) % slots;
        for (int k = 0, slot = oldest; k < Count; k++, slot = (slot + 1) % slots)
        {
            double beta = rho[slot] * SpanMath.Dot(GradientChange(slot), direction);
            SpanMath.AddScaled(direction, alpha[slot] - beta, Step(slot), direction);
        }
        for (int i = 0; i < direction.Length; i++) direction[i] = -direction[i];
    }

    private int Previous(int slot) => (slot - 1 + slots) % slots;
    private Span<double> Step(int slot) => steps.AsSpan(slot * dimension, dimension);
    private Span<double> GradientChange(int slot) => gradientChanges.AsSpan(slot * dimension, dimension);
}
