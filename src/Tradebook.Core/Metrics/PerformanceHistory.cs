using Tradebook.Core.Accounting;

namespace Tradebook.Core.Metrics;

/// <summary>
/// A bot's history as its metrics need it, taken one equity reading, capital flow and round trip at a time: the first
/// and last readings, the drawdown so far, each UTC day's last reading, the sums of winning and losing round trips and
/// the time a position was held. Returns and drawdowns are measured on the readings with the owner's deposits and
/// withdrawals taken out (<see cref="CapitalAdjustment"/>), the readings themselves while there are none. A reader
/// that kept one goes on from what was recorded since instead of reading the whole history again, and
/// <see cref="Measure"/> costs the days, not the readings or the round trips.
/// </summary>
public sealed class PerformanceHistory
{
    private readonly DrawdownTracker _drawdown = new();
    private readonly CapitalAdjustment _capital = new();
    private readonly List<(DateTime Day, decimal Equity)> _dailyCloses = [];
    private readonly HeldTime _held = new();
    private int _trips;
    private int _wins;
    private int _losses;
    private decimal _winSum;
    private decimal _lossSum;
    private decimal _realizedSum;
    private int _readings;
    private decimal _firstValue;
    private decimal _lastValue;

    public EquityPoint? First { get; private set; }

    public EquityPoint? Last { get; private set; }

    /// <summary>What the history holds in memory, in entries: its daily closes and its disjoint times held (a round trip each at most).</summary>
    public int Size => _dailyCloses.Count + _held.Count;

    /// <summary>The maximum drawdown of every reading taken.</summary>
    public Drawdown MaxDrawdown => _drawdown.Worst;

    /// <summary>The time of the latest capital flow taken, if any.</summary>
    public DateTimeOffset? LastFlowAt => _capital.LastFlowAt;

    /// <summary>
    /// Takes the next equity reading; false, changing nothing, when it is older than the last one or than the last
    /// capital flow taken: the history must then be read again in order.
    /// </summary>
    public bool TryAdd(EquityPoint reading)
    {
        if ((Last is { } last && reading.At < last.At) || reading.At < _capital.LastFlowAt)
        {
            return false;
        }

        var value = _capital.Adjust(reading);
        if (First is null)
        {
            First = reading;
            _firstValue = value;
        }

        Last = reading;
        _lastValue = value;
        _readings++;
        _drawdown.Add(reading.At, value);
        var day = reading.At.UtcDateTime.Date;
        if (_dailyCloses.Count > 0 && _dailyCloses[^1].Day == day)
        {
            _dailyCloses[^1] = (day, value);
        }
        else
        {
            _dailyCloses.Add((day, value));
        }

        return true;
    }

    /// <summary>
    /// Takes money the owner put in or took out; false, changing nothing, when it is not after the last reading taken:
    /// the history must then be read again in order.
    /// </summary>
    public bool TryAddFlow(CapitalFlow flow) => _capital.TryAddFlow(flow);

    /// <summary>Takes a closed round trip's realized P&amp;L.</summary>
    public void AddTrip(decimal realizedPnl)
    {
        _trips++;
        _realizedSum += realizedPnl;
        if (realizedPnl > 0)
        {
            _wins++;
            _winSum += realizedPnl;
        }
        else if (realizedPnl < 0)
        {
            _losses++;
            _lossSum += realizedPnl;
        }
    }

    /// <summary>Takes a time in which a position was held (a round trip from its opening to its close).</summary>
    public void AddHeld(DateTimeOffset from, DateTimeOffset to) => _held.Add(from, to);

    /// <summary>
    /// The metrics of the history taken so far, with the round trips still open (<paramref name="openSince"/>,
    /// their opening times) held until <paramref name="now"/>.
    /// </summary>
    public PerformanceMetrics Measure(int annualizationDays, IEnumerable<DateTimeOffset> openSince, DateTimeOffset now)
    {
        if (annualizationDays <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(annualizationDays), annualizationDays, "annualization must be a positive number of periods a year");
        }

        var drawdown = _drawdown.Worst;
        var daily = DailyReturns(_dailyCloses.Select(c => c.Equity).ToList());
        var cagr = Cagr(daily.Count, annualizationDays);
        return new PerformanceMetrics(
            Return: _readings >= 2 && _firstValue > 0 ? (_lastValue - _firstValue) / _firstValue : null,
            WinRate: _trips == 0 ? null : (decimal)_wins / _trips,
            ProfitFactor: _losses == 0 ? null : _winSum / -_lossSum,
            Expectancy: _trips == 0 ? null : _realizedSum / _trips,
            AverageWin: _wins == 0 ? null : _winSum / _wins,
            AverageLoss: _losses == 0 ? null : _lossSum / _losses,
            MaxDrawdown: drawdown,
            Sharpe: Sharpe(daily, annualizationDays),
            Sortino: Sortino(daily, annualizationDays),
            Calmar: cagr is { } c && drawdown.Fraction > 0 ? Round((double)c / (double)drawdown.Fraction) : null,
            Cagr: cagr,
            Trades: _trips,
            Exposure: Exposure(openSince, now));
    }

    /// <summary>Day-over-day returns of consecutive daily closes.</summary>
    private static List<double> DailyReturns(List<decimal> closes)
    {
        var returns = new List<double>(Math.Max(0, closes.Count - 1));
        for (var i = 1; i < closes.Count; i++)
        {
            if (closes[i - 1] > 0)
            {
                returns.Add((double)((closes[i] - closes[i - 1]) / closes[i - 1]));
            }
        }

        return returns;
    }

    private static decimal? Sharpe(List<double> returns, int periods)
    {
        if (returns.Count < 2)
        {
            return null;
        }

        var mean = returns.Average();
        var deviation = Math.Sqrt(returns.Sum(r => (r - mean) * (r - mean)) / (returns.Count - 1));
        return deviation == 0 ? null : Round(mean / deviation * Math.Sqrt(periods));
    }

    private static decimal? Sortino(List<double> returns, int periods)
    {
        if (returns.Count < 2 || !returns.Any(r => r < 0))
        {
            return null;
        }

        var downside = Math.Sqrt(returns.Sum(r => r < 0 ? r * r : 0) / returns.Count);
        return Round(returns.Average() / downside * Math.Sqrt(periods));
    }

    private decimal? Cagr(int days, int periods)
    {
        if (days < 1 || First is null || _firstValue <= 0 || _lastValue <= 0)
        {
            return null;
        }

        var growth = (double)(_lastValue / _firstValue);
        return Round(Math.Pow(growth, (double)periods / days) - 1);
    }

    // The share of the bot's recorded life (first to last equity reading) in which it held a position; the round
    // trips still open all run until now, so together they are one interval from the earliest opening.
    private decimal? Exposure(IEnumerable<DateTimeOffset> openSince, DateTimeOffset now)
    {
        if (First is not { } first || Last is not { } last || last.At <= first.At)
        {
            return null;
        }

        var earliest = openSince.DefaultIfEmpty(DateTimeOffset.MaxValue).Min();
        var held = _held.CoveredWith(first.At, last.At, earliest, now);
        return Math.Round((decimal)held / (last.At - first.At).Ticks, 6);
    }

    private static decimal? Round(double value) =>
        double.IsFinite(value) && Math.Abs(value) < 1e15 ? Math.Round((decimal)value, 6) : null;
}
