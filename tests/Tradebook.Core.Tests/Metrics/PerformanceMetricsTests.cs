using Tradebook.Core.Metrics;

namespace Tradebook.Core.Tests.Metrics;

/// <summary>Each metric on histories small enough to check by hand; the formulas are in docs/metrics.md.</summary>
public sealed class PerformanceMetricsTests
{
    private static readonly DateTimeOffset Day0 = new(2026, 1, 1, 23, 0, 0, TimeSpan.Zero);

    private static PerformanceInputs Inputs(decimal[] dailyEquity, decimal[] trips, int annualization = 365) =>
        new(
            dailyEquity.Select((e, i) => new EquityPoint(Day0.AddDays(i), e)).ToList(),
            trips.Select((p, i) => new ClosedTrip(p, Day0.AddDays(i), Day0.AddDays(i).AddHours(1))).ToList(),
            [],
            annualization);

    [Fact]
    public void a_bot_whose_pnl_is_unknown_keeps_its_equity_figures_and_loses_its_trade_pnl_figures()
    {
        var known = PerformanceMetrics.Compute(Inputs([100m, 110m, 99m], [30m, -20m]));
        var m = known.WithUnknownTradePnl();

        Assert.Equal((null, null, null, null, null), (m.WinRate, m.ProfitFactor, m.Expectancy, m.AverageWin, m.AverageLoss));
        Assert.Equal((known.Return, known.MaxDrawdown, known.Sharpe, known.Trades, known.Exposure), (m.Return, m.MaxDrawdown, m.Sharpe, m.Trades, m.Exposure));
    }

    [Fact]
    public void trade_statistics_come_from_closed_round_trips()
    {
        // Wins 30 + 10 = 40, losses -20 - 5 = -25: profit factor 40 / 25 = 1.6, expectancy 15 / 4 = 3.75.
        var m = PerformanceMetrics.Compute(Inputs([100m, 101m], [30m, -20m, 10m, -5m]));

        Assert.Equal(4, m.Trades);
        Assert.Equal(0.5m, m.WinRate);
        Assert.Equal(1.6m, m.ProfitFactor);
        Assert.Equal(3.75m, m.Expectancy);
        Assert.Equal(20m, m.AverageWin);
        Assert.Equal(-12.5m, m.AverageLoss);
    }

    [Fact]
    public void return_and_drawdown_come_from_equity()
    {
        // 100 → 120 → 90 → 110: return 10 %, deepest fall 120 → 90 = 25 % of the peak.
        var m = PerformanceMetrics.Compute(Inputs([100m, 120m, 90m, 110m], []));

        Assert.Equal(0.1m, m.Return);
        Assert.Equal(0.25m, m.MaxDrawdown.Fraction);
        Assert.Equal(30m, m.MaxDrawdown.Amount);
        Assert.Equal(Day0.AddDays(1), m.MaxDrawdown.PeakAt);
        Assert.Equal(Day0.AddDays(2), m.MaxDrawdown.TroughAt);
    }

    [Fact]
    public void sharpe_and_sortino_annualize_daily_returns()
    {
        // Daily returns +10 %, -10 %, +10 %: mean 1/30, sample stdev sqrt(((2/30)^2 * 2 + (4/30)^2) / 2) = sqrt(0.0133…) = 0.115470;
        // Sharpe = (0.033333 / 0.115470) * sqrt(365) = 0.288675 * 19.104973 = 5.5151. Downside deviation sqrt(0.01 / 3) = 0.057735;
        // Sortino = 0.033333 / 0.057735 * sqrt(365) = 0.577350 * 19.104973 = 11.0303.
        var m = PerformanceMetrics.Compute(Inputs([100m, 110m, 99m, 108.9m], []));

        Assert.Equal(5.5151m, Math.Round(m.Sharpe!.Value, 4));
        Assert.Equal(11.0303m, Math.Round(m.Sortino!.Value, 4));
    }

    [Fact]
    public void the_annualization_is_a_parameter()
    {
        var crypto = PerformanceMetrics.Compute(Inputs([100m, 110m, 99m, 108.9m], [], 365));
        var stocks = PerformanceMetrics.Compute(Inputs([100m, 110m, 99m, 108.9m], [], 252));

        // Sharpe scales with the square root of the periods: sqrt(252 / 365).
        Assert.Equal(Math.Round(crypto.Sharpe!.Value * (decimal)Math.Sqrt(252.0 / 365.0), 3), Math.Round(stocks.Sharpe!.Value, 3));
    }

    [Fact]
    public void cagr_and_calmar_follow_the_growth_per_period()
    {
        // Two daily returns that double equity: CAGR = 2^(365 / 2) - 1 is astronomic and reported as null;
        // with 252 periods over 252 returns, growth 1.1 gives a CAGR of exactly 10 %.
        var equity = Enumerable.Range(0, 253).Select(i => i == 252 ? 110m : 100m + (i % 2)).ToArray();
        var m = PerformanceMetrics.Compute(Inputs(equity, [], 252));

        Assert.Equal(0.1m, m.Cagr);
        Assert.Equal(Math.Round(0.1m / m.MaxDrawdown.Fraction, 6), m.Calmar);
    }

    [Fact]
    public void what_the_history_cannot_support_is_null_not_zero()
    {
        var m = PerformanceMetrics.Compute(Inputs([100m], []));

        Assert.Null(m.Return);
        Assert.Null(m.WinRate);
        Assert.Null(m.ProfitFactor);
        Assert.Null(m.Sharpe);
        Assert.Null(m.Sortino);
        Assert.Null(m.Cagr);
        Assert.Null(m.Calmar);
        Assert.Null(m.Exposure);
        Assert.Equal(0, m.Trades);
    }

    [Fact]
    public void exposure_counts_overlapping_positions_once()
    {
        // Equity spans 10 days; positions open days 1–4 and 3–6 (overlapping) and 8–9: 5 + 1 = 6 days of 10.
        var equity = new List<EquityPoint> { new(Day0, 100m), new(Day0.AddDays(10), 100m) };
        var open = new List<(DateTimeOffset, DateTimeOffset)> { (Day0.AddDays(1), Day0.AddDays(4)), (Day0.AddDays(3), Day0.AddDays(6)), (Day0.AddDays(8), Day0.AddDays(9)) };

        var m = PerformanceMetrics.Compute(new PerformanceInputs(equity, [], open));

        Assert.Equal(0.6m, m.Exposure);
    }

    [Fact]
    public void an_annualization_below_one_is_refused()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => PerformanceMetrics.Compute(Inputs([100m], [], 0)));
    }
}
