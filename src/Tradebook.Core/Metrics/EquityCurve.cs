namespace Tradebook.Core.Metrics;

/// <summary>One point of a downsampled equity curve: the last reading of its interval, and how far below the running peak it is.</summary>
/// <param name="Drawdown">
/// The fraction below the highest equity seen so far, 0.05 being 5 % below the peak; measured with the owner's deposits
/// and withdrawals taken out (<see cref="CapitalAdjustment"/>), so that a withdrawal is not a drawdown.
/// </param>
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
    /// every reading before it, so that a fall inside an interval still raises the peak it is measured from; with the
    /// owner's <paramref name="flows"/> (oldest first) taken out of the drawdown.
    /// </summary>
    public static IReadOnlyList<EquityCurvePoint> Downsample(IEnumerable<EquityPoint> points, TimeSpan interval, IReadOnlyList<CapitalFlow>? flows = null)
    {
        ArgumentNullException.ThrowIfNull(points);
        var curve = new EquityCurveBuilder(interval);
        CapitalAdjustment.InTimeOrder(points, p => p.At, flows ?? [], f => f.At, flow => curve.TryAddFlow(flow), curve.Add);

        return curve.Points;
    }
}

/// <summary>
/// <see cref="EquityCurve.Downsample"/> one reading at a time, in time order: kept, a curve is taken further by the
/// readings recorded since instead of being drawn again from every reading.
/// </summary>
public sealed class EquityCurveBuilder
{
    private readonly List<EquityCurvePoint> _curve = [];
    private readonly CapitalAdjustment _capital = new();
    private readonly long _intervalTicks;
    private decimal? _peak;
    private long? _bucket;

    public EquityCurveBuilder(TimeSpan interval)
    {
        if (interval <= TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(interval), interval, "an interval must be positive");
        }

        _intervalTicks = interval.Ticks;
    }

    public IReadOnlyList<EquityCurvePoint> Points => _curve;

    /// <summary>Takes money the owner put in or took out; false when it is not after the last reading (see <see cref="CapitalAdjustment"/>).</summary>
    public bool TryAddFlow(CapitalFlow flow) => _capital.TryAddFlow(flow);

    public void Add(EquityPoint point)
    {
        var value = _capital.Adjust(point);
        _peak = _peak is null || value > _peak ? value : _peak;
        var drawdown = _peak > 0 ? (_peak.Value - value) / _peak.Value : 0;
        var current = point.At.UtcTicks / _intervalTicks;
        var next = new EquityCurvePoint(point.At, point.Equity, drawdown);
        if (_bucket == current)
        {
            _curve[^1] = next;
        }
        else
        {
            _curve.Add(next);
            _bucket = current;
        }
    }
}
