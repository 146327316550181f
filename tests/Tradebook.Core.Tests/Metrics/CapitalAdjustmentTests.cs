using Tradebook.Core.Metrics;

namespace Tradebook.Core.Tests.Metrics;

/// <summary>
/// A deposit is not a gain and a withdrawal is not a loss: returns, drawdowns and the ratios drawn from them are measured
/// on equity with the owner's capital flows taken out, worked by hand here (docs/metrics.md).
/// </summary>
public sealed class CapitalAdjustmentTests
{
    private static readonly DateTimeOffset Day0 = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    private static EquityPoint At(int day, decimal equity) => new(Day0.AddDays(day), equity);

    private static CapitalFlow Flow(int day, decimal amount, int hour = 12) => new(Day0.AddDays(day).AddHours(hour), amount);

    [Fact]
    public void a_deposit_is_not_a_gain()
    {
        // 1,000 earns 10 % on day 1; 1,000 more is deposited on day 2, and the 2,100 earns 5 %: 2,205.
        var metrics = PerformanceMetrics.Compute(new PerformanceInputs(
            [At(0, 1_000m), At(1, 1_100m), At(2, 2_205m)], [], [], Flows: [Flow(1, 1_000m)]));

        // 1.10 × 1.05 − 1, where the equity alone says 120.5 %.
        Assert.Equal(0.155m, metrics.Return);
        Assert.Equal(0m, metrics.MaxDrawdown.Fraction);
        Assert.Equal(Round(Math.Pow(1.155, 365.0 / 2) - 1), metrics.Cagr);
    }

    [Fact]
    public void a_withdrawal_is_not_a_drawdown_and_a_loss_after_it_is_measured_on_what_was_left()
    {
        // 1,000, then 600 taken out and the 400 left loses 10 %: 360; then it earns 25 %: 450.
        var metrics = PerformanceMetrics.Compute(new PerformanceInputs(
            [At(0, 1_000m), At(1, 360m), At(2, 450m)], [], [], Flows: [Flow(0, -600m)]));

        Assert.Equal(0.9m * 1.25m - 1, metrics.Return);
        Assert.Equal(0.1m, metrics.MaxDrawdown.Fraction);
        Assert.Equal(Day0, metrics.MaxDrawdown.PeakAt);
        Assert.Equal(Day0.AddDays(1), metrics.MaxDrawdown.TroughAt);

        // The daily returns are −10 % and +25 %, not −64 % and +25 %.
        double[] daily = [-0.1, 0.25];
        var mean = daily.Average();
        var deviation = Math.Sqrt(daily.Sum(r => (r - mean) * (r - mean)) / (daily.Length - 1));
        Assert.Equal(Round(mean / deviation * Math.Sqrt(365)), metrics.Sharpe);
    }

    [Fact]
    public void money_put_into_an_empty_account_starts_it_without_a_return()
    {
        // Nothing to earn on before the deposit: the period has no return, and the series goes on from there.
        var adjusted = CapitalAdjustment.Adjusted([At(0, 0m), At(1, 500m), At(2, 550m)], [Flow(0, 500m)]);

        Assert.Equal([0m, 0m, 0m], adjusted.Select(p => p.Equity));
        var metrics = PerformanceMetrics.Compute(new PerformanceInputs([At(0, 0m), At(1, 500m), At(2, 550m)], [], [], Flows: [Flow(0, 500m)]));
        Assert.Null(metrics.Return);

        // From a first reading of its own, the same account returns 10 %.
        Assert.Equal(0.1m, PerformanceMetrics.Compute(new PerformanceInputs([At(1, 500m), At(2, 550m)], [], [], Flows: [Flow(0, 500m)])).Return);
    }

    [Fact]
    public void without_flows_the_series_is_the_equity_to_the_digit()
    {
        var random = new Random(5);
        var readings = Enumerable.Range(0, 500).Select(i => At(i, 1_000m + (random.Next(-99_999, 99_999) / 1_000m))).ToList();

        Assert.Equal(readings, CapitalAdjustment.Adjusted(readings, []));
    }

    [Fact]
    public void a_flow_at_a_reading_is_in_that_reading_and_one_not_after_the_last_reading_is_refused()
    {
        // The deposit at day 1's reading is in it: day 1 earns nothing, day 2 earns 10 %.
        var adjusted = CapitalAdjustment.Adjusted([At(0, 100m), At(1, 200m), At(2, 220m)], [new CapitalFlow(Day0.AddDays(1), 100m)]);
        Assert.Equal([100m, 100m, 110m], adjusted.Select(p => p.Equity));

        var adjustment = new CapitalAdjustment();
        adjustment.Adjust(At(1, 100m));
        Assert.False(adjustment.TryAddFlow(new CapitalFlow(Day0.AddDays(1), 5m)));
        Assert.False(adjustment.TryAddFlow(new CapitalFlow(Day0, 5m)));
        Assert.True(adjustment.TryAddFlow(new CapitalFlow(Day0.AddDays(2), 5m)));

        // A history refuses a reading older than a flow it took: it must be read again in order.
        var history = new PerformanceHistory();
        Assert.True(history.TryAdd(At(1, 100m)));
        Assert.True(history.TryAddFlow(Flow(3, 50m)));
        Assert.False(history.TryAdd(At(2, 100m)));
        Assert.Throws<ArgumentException>(() => PerformanceMetrics.Compute(new PerformanceInputs([At(0, 1m), At(5, 1m)], [], [], Flows: [Flow(3, 1m), Flow(1, 1m)])));
    }

    [Fact]
    public void a_history_with_flows_taken_in_parts_measures_as_the_same_history_given_whole()
    {
        var random = new Random(17);
        for (var trial = 0; trial < 30; trial++)
        {
            var history = new PerformanceHistory();
            var equity = new List<EquityPoint>();
            var flows = new List<CapitalFlow>();
            var at = Day0;
            var held = 1_000m;
            for (var step = 0; step < 150; step++)
            {
                at = at.AddHours(random.Next(1, 30));
                if (random.Next(5) == 0)
                {
                    var flow = new CapitalFlow(at, random.Next(-300, 600));
                    flows.Add(flow);
                    Assert.True(history.TryAddFlow(flow));
                    held += flow.Amount;
                    at = at.AddHours(random.Next(0, 3));
                }

                held = Math.Max(0, held * (1 + (random.Next(-50, 51) / 1_000m)));
                var reading = new EquityPoint(at, decimal.Round(held, 2));
                equity.Add(reading);
                Assert.True(history.TryAdd(reading));
                Assert.Equal(PerformanceMetrics.Compute(new PerformanceInputs(equity, [], [], 365, flows)), history.Measure(365, [], at));
            }
        }
    }

    private static decimal? Round(double value) => Math.Round((decimal)value, 6);
}
