using Tradebook.Core.Accounting;

namespace Tradebook.Core.Metrics;

/// <summary>
/// One bot's performance, as defined in docs/metrics.md. Money stays <c>decimal</c>; the statistical
/// ratios (Sharpe, Sortino, Calmar, CAGR) need square roots and powers and are computed in
/// <c>double</c> from the decimal returns, then rounded to 6 places. A metric that the history cannot
/// support (too few days, no losing trade) is null, never 0.
/// </summary>
public sealed record PerformanceMetrics(
    decimal? Return,
    decimal? WinRate,
    decimal? ProfitFactor,
    decimal? Expectancy,
    decimal? AverageWin,
    decimal? AverageLoss,
    Drawdown MaxDrawdown,
    decimal? Sharpe,
    decimal? Sortino,
    decimal? Calmar,
    decimal? Cagr,
    int Trades,
    decimal? Exposure)
{
    public static PerformanceMetrics Compute(PerformanceInputs inputs)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        if (inputs.AnnualizationDays <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(inputs), inputs.AnnualizationDays, "annualization must be a positive number of periods a year");
        }

        var equity = inputs.Equity;
        var trips = inputs.Trips;
        var wins = trips.Where(t => t.RealizedPnl > 0).Select(t => t.RealizedPnl).ToList();
        var losses = trips.Where(t => t.RealizedPnl < 0).Select(t => t.RealizedPnl).ToList();
        var drawdown = Drawdown.Maximum(equity.Select(p => (p.At, p.Equity)));
        var daily = DailyReturns(equity);
        var cagr = ComputeCagr(equity, daily.Count, inputs.AnnualizationDays);

        return new PerformanceMetrics(
            Return: equity.Count >= 2 && equity[0].Equity > 0 ? (equity[^1].Equity - equity[0].Equity) / equity[0].Equity : null,
            WinRate: trips.Count == 0 ? null : (decimal)wins.Count / trips.Count,
            ProfitFactor: losses.Count == 0 ? null : wins.Sum() / -losses.Sum(),
            Expectancy: trips.Count == 0 ? null : trips.Sum(t => t.RealizedPnl) / trips.Count,
            AverageWin: wins.Count == 0 ? null : wins.Average(),
            AverageLoss: losses.Count == 0 ? null : losses.Average(),
            MaxDrawdown: drawdown,
            Sharpe: ComputeSharpe(daily, inputs.AnnualizationDays),
            Sortino: ComputeSortino(daily, inputs.AnnualizationDays),
            Calmar: cagr is { } c && drawdown.Fraction > 0 ? Round((double)c / (double)drawdown.Fraction) : null,
            Cagr: cagr,
            Trades: trips.Count,
            Exposure: ComputeExposure(inputs.OpenIntervals, equity));
    }

    /// <summary>
    /// These metrics for a bot whose P&amp;L cannot be known (<see cref="UnknownPnl"/>): what its round trips
    /// realized is unknown, so every figure made of it is null. Equity, drawdown, the ratios drawn from
    /// equity, the count of round trips and exposure do not depend on fill prices and stay.
    /// </summary>
    public PerformanceMetrics WithUnknownTradePnl() =>
        this with { WinRate = null, ProfitFactor = null, Expectancy = null, AverageWin = null, AverageLoss = null };

    /// <summary>Day-over-day returns of the last equity reading of each UTC day, for consecutive readings.</summary>
    public static IReadOnlyList<double> DailyReturns(IReadOnlyList<EquityPoint> equity)
    {
        var closes = equity.GroupBy(p => p.At.UtcDateTime.Date).OrderBy(g => g.Key).Select(g => g.Last().Equity).ToList();
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

    private static decimal? ComputeSharpe(IReadOnlyList<double> returns, int periods)
    {
        if (returns.Count < 2)
        {
            return null;
        }

        var mean = returns.Average();
        var deviation = Math.Sqrt(returns.Sum(r => (r - mean) * (r - mean)) / (returns.Count - 1));
        return deviation == 0 ? null : Round(mean / deviation * Math.Sqrt(periods));
    }

    private static decimal? ComputeSortino(IReadOnlyList<double> returns, int periods)
    {
        if (returns.Count < 2 || !returns.Any(r => r < 0))
        {
            return null;
        }

        var downside = Math.Sqrt(returns.Sum(r => r < 0 ? r * r : 0) / returns.Count);
        return Round(returns.Average() / downside * Math.Sqrt(periods));
    }

    private static decimal? ComputeCagr(IReadOnlyList<EquityPoint> equity, int days, int periods)
    {
        if (days < 1 || equity[0].Equity <= 0 || equity[^1].Equity <= 0)
        {
            return null;
        }

        var growth = (double)(equity[^1].Equity / equity[0].Equity);
        return Round(Math.Pow(growth, (double)periods / days) - 1);
    }

    // The share of the bot's recorded life (first to last equity reading) in which it held a position.
    private static decimal? ComputeExposure(IReadOnlyList<(DateTimeOffset From, DateTimeOffset To)> intervals, IReadOnlyList<EquityPoint> equity)
    {
        if (equity.Count < 2 || equity[^1].At <= equity[0].At)
        {
            return null;
        }

        var (start, end) = (equity[0].At, equity[^1].At);
        var held = TimeSpan.Zero;
        DateTimeOffset? coveredTo = null;
        foreach (var (from, to) in intervals.OrderBy(i => i.From))
        {
            var a = from < start ? start : from;
            var b = to > end ? end : to;
            if (coveredTo is { } c && a < c)
            {
                a = c;
            }

            if (b > a)
            {
                held += b - a;
                coveredTo = b;
            }
        }

        return Math.Round((decimal)held.Ticks / (end - start).Ticks, 6);
    }

    private static decimal? Round(double value) =>
        double.IsFinite(value) && Math.Abs(value) < 1e15 ? Math.Round((decimal)value, 6) : null;
}
