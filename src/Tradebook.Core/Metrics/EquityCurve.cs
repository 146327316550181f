namespace Tradebook.Core.Metrics;

/// <summary>One point of a downsampled equity curve: the last reading of its interval, and how far below the running peak it is.</summary>
/// <param name="Drawdown">The fraction below the highest equity seen so far: 0.05 is 5 % below the peak.</param>
public readonly record struct EquityCurvePoint(DateTimeOffset Timestamp, decimal Equity, decimal Drawdown);

/// <summary>Equity snapshots reduced to one point per interval, for a chart.</summary>
public static class EquityCurve
{
    /// <summary>The intervals a curve can be drawn at, by their names in the API.</summary>
    public static readonly IReadOnlyDictionary<string, TimeSpan> Intervals = new Dictionary<string, TimeSpan>(StringComparer.Ordinal)
    {
        ["5m"] = TimeSpan.FromMinutes(5),
        ["15m"] = TimeSpan.FromMinutes(15),
        ["1h"] = TimeSpan.FromHours(1),
        ["4h"] = TimeSpan.FromHours(4),
        ["1d"] = TimeSpan.FromDays(1),
    };

    /// <summary>
    /// The last reading of each interval (aligned to the Unix epoch), with the drawdown from the peak of
    /// every reading before it, so that a fall inside an interval still raises the peak it is measured from.
    /// </summary>
    public static IReadOnlyList<EquityCurvePoint> Downsample(IEnumerable<EquityPoint> points, TimeSpan interval)
    {
        ArgumentNullException.ThrowIfNull(points);
        if (interval <= TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(interval), interval, "an interval must be positive");
        }

        var curve = new List<EquityCurvePoint>();
        decimal? peak = null;
        long? bucket = null;
        foreach (var point in points)
        {
            peak = peak is null || point.Equity > peak ? point.Equity : peak;
            var drawdown = peak > 0 ? (peak.Value - point.Equity) / peak.Value : 0;
            var current = point.At.UtcTicks / interval.Ticks;
            var next = new EquityCurvePoint(point.At, point.Equity, drawdown);
            if (bucket == current)
            {
                curve[^1] = next;
            }
            else
            {
                curve.Add(next);
                bucket = current;
            }
        }

        return curve;
    }
}
