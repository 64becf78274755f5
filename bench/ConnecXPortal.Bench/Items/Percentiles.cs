namespace ConnecXPortal.Bench.Items;

internal static class Percentiles
{
    /// <summary>The <paramref name="percentile"/>th percentile (nearest rank) of <paramref name="values"/>; NaN when there are none.</summary>
    public static double Of(IReadOnlyCollection<double> values, double percentile)
    {
        if (values.Count == 0)
        {
            return double.NaN;
        }

        var sorted = values.Order().ToArray();
        var rank = (int)Math.Ceiling(percentile / 100 * sorted.Length);
        return sorted[Math.Clamp(rank - 1, 0, sorted.Length - 1)];
    }
}
