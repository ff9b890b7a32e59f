namespace ExprGrad.Pictures;

/// <summary>
/// Puts each edge label where it hides the least: a few candidate spots along the edge's last segment (the gap
/// before its target, which the layout made wide enough for the label), scored by the other labels and node boxes
/// it would cover (heavily) and the points of edge curves under it; ties go to the earlier candidate.
/// </summary>
internal sealed class LabelPlacer
{
    private const double Height = 11, Below = 3, CurveSamples = 12;
    private readonly List<(double X, double Y)> curvePoints = [];
    private readonly List<(double X0, double Y0, double X1, double Y1)> taken = [];

    /// <param name="routes">Every edge's points, in the coordinates labels are placed in.</param>
    /// <param name="nodes">The node boxes (x, y, width, height).</param>
    public LabelPlacer(IEnumerable<(double X, double Y)[]> routes, IEnumerable<(double X, double Y, double W, double H)> nodes)
    {
        foreach (var route in routes)
            for (int s = 1; s < route.Length; s++)
                for (int k = 0; k < CurveSamples; k++) curvePoints.Add(At(route[s - 1], route[s], k / CurveSamples));
        foreach (var (x, y, w, h) in nodes) taken.Add((x, y, x + w, y + h));
    }

    /// <summary>A point of the segment from <paramref name="p"/> to <paramref name="q"/> as drawn: straight, or the cubic with horizontal tangents.</summary>
    public static (double X, double Y) At((double X, double Y) p, (double X, double Y) q, double t)
    {
        double s = 1 - t, d = (q.X - p.X) / 2;
        double x = s * s * s * p.X + 3 * s * s * t * (p.X + d) + 3 * s * t * t * (q.X - d) + t * t * t * q.X;
        double y = p.Y == q.Y ? p.Y : (s * s * s + 3 * s * s * t) * p.Y + (3 * s * t * t + t * t * t) * q.Y;
        return (x, y);
    }

    /// <summary>The baseline centre for a label of <paramref name="width"/> on the segment from <paramref name="p"/> to <paramref name="q"/>.</summary>
    public (double X, double Y) Place((double X, double Y) p, (double X, double Y) q, double width)
    {
        var candidates = new List<(double X, double Y)>();
        foreach (double side in (double[])[-5, Height + 3])
        {
            candidates.Add((q.X - 10 - width / 2, q.Y + side));   // flat, just before the arrowhead
            candidates.Add((p.X + 6 + width / 2, p.Y + side));    // flat, just after the start
        }
        foreach (double t in (double[])[0.5, 0.35, 0.65])
        {
            var (x, y) = At(p, q, t);
            candidates.Add((x, y - 5));
            candidates.Add((x, y + Height + 3));
        }
        (double X, double Y) best = candidates[0];
        double bestScore = double.MaxValue;
        foreach (var (x, y) in candidates)
        {
            var box = (X0: x - width / 2, Y0: y - Height, X1: x + width / 2, Y1: y + Below);
            double score = 1000 * taken.Count(o => box.X0 < o.X1 && o.X0 < box.X1 && box.Y0 < o.Y1 && o.Y0 < box.Y1)
                + curvePoints.Count(c => c.X > box.X0 && c.X < box.X1 && c.Y > box.Y0 && c.Y < box.Y1);
            if (score < bestScore) (best, bestScore) = ((x, y), score);
        }
        taken.Add((best.X - width / 2, best.Y - Height, best.X + width / 2, best.Y + Below));
        return best;
    }
}
