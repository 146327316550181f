namespace Tradebook.Core.Metrics;

/// <summary>
/// Money the owner put into a bot's account or took out of it (a deposit, a withdrawal, a transfer), between two
/// equity readings: it moves the equity without being a gain or a loss.
/// </summary>
public readonly record struct CapitalFlow(DateTimeOffset At, decimal Amount);

/// <summary>
/// Equity readings with the owner's capital flows taken out, so that a deposit is not a gain and a withdrawal not a
/// drawdown: the time-weighted series that returns, drawdowns and the ratios drawn from them are measured on. Each
/// reading's return over the one before is its equity against the earlier equity plus the flows between them (the flows
/// work from the start of the period), and the adjusted series goes on by that return. Until the first flow it is the
/// equity itself, to the digit. Readings and flows are taken in time order; a flow at a reading's time comes before it.
/// See docs/metrics.md.
/// </summary>
public sealed class CapitalAdjustment
{
    private decimal _pending;
    private bool _adjusted;

    // The last reading, and the adjusted value it was given: the returns of the readings after it are measured from it.
    private decimal _equity;
    private decimal _value;
    private DateTimeOffset? _at;

    // The last reading a flow came before, and its adjusted value: the readings after it without a flow are scaled from
    // it in one step, so that rounding does not build up over a long run of readings.
    private decimal _anchorEquity;
    private decimal _anchorValue;

    /// <summary>The time of the latest flow taken: a reading before it comes too late (the series must be taken again in order).</summary>
    public DateTimeOffset? LastFlowAt { get; private set; }

    /// <summary>
    /// Takes a flow; false, changing nothing, when it is not after the last reading taken (the series must then be
    /// taken again in order). A flow before the first reading is in that reading already, and counts for nothing.
    /// </summary>
    public bool TryAddFlow(CapitalFlow flow)
    {
        if (_at is { } last && flow.At <= last)
        {
            return false;
        }

        _pending += flow.Amount;
        LastFlowAt = LastFlowAt is { } latest && latest > flow.At ? latest : flow.At;
        return true;
    }

    /// <summary>The adjusted value of <paramref name="reading"/>, the next in time order.</summary>
    public decimal Adjust(EquityPoint reading)
    {
        if (_at is null)
        {
            // The flows before the first reading are in it.
            _anchorEquity = _anchorValue = _equity = _value = reading.Equity;
        }
        else if (_pending != 0)
        {
            // Nothing to earn on (everything was taken out, or was never there): the period has no return.
            var invested = _equity + _pending;
            _value = invested > 0 ? _value * (reading.Equity / invested) : _value;
            (_anchorEquity, _anchorValue) = (reading.Equity, _value);
            _adjusted = true;
        }
        else if (_adjusted)
        {
            _value = _anchorEquity > 0 ? _anchorValue * (reading.Equity / _anchorEquity) : _anchorValue;
        }
        else
        {
            _value = reading.Equity;
        }

        _pending = 0;
        _equity = reading.Equity;
        _at = reading.At;
        return _value;
    }

    /// <summary>The adjusted series of <paramref name="readings"/> with <paramref name="flows"/> between them, both oldest first.</summary>
    public static IReadOnlyList<EquityPoint> Adjusted(IEnumerable<EquityPoint> readings, IReadOnlyList<CapitalFlow> flows)
    {
        var adjustment = new CapitalAdjustment();
        var adjusted = new List<EquityPoint>();
        InTimeOrder(readings, r => r.At, flows, f => f.At, flow => adjustment.TryAddFlow(flow), reading => adjusted.Add(reading with { Equity = adjustment.Adjust(reading) }));
        return adjusted;
    }

    /// <summary>
    /// Walks <paramref name="readings"/> and <paramref name="flows"/>, each oldest first, merged in time order: a flow at a
    /// reading's time comes before it (it is in that reading), and the flows after the last reading come last.
    /// </summary>
    public static void InTimeOrder<TReading, TFlow>(
        IEnumerable<TReading> readings, Func<TReading, DateTimeOffset> readingAt, IReadOnlyList<TFlow> flows, Func<TFlow, DateTimeOffset> flowAt,
        Action<TFlow> takeFlow, Action<TReading> takeReading)
    {
        ArgumentNullException.ThrowIfNull(readings);
        ArgumentNullException.ThrowIfNull(flows);
        var next = 0;
        foreach (var reading in readings)
        {
            for (; next < flows.Count && flowAt(flows[next]) <= readingAt(reading); next++)
            {
                takeFlow(flows[next]);
            }

            takeReading(reading);
        }

        for (; next < flows.Count; next++)
        {
            takeFlow(flows[next]);
        }
    }
}
