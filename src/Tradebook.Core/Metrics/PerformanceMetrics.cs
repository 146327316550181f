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
    /// <summary>The metrics of a whole history given at once; <see cref="PerformanceHistory"/> takes one in parts.</summary>
    public static PerformanceMetrics Compute(PerformanceInputs inputs)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        var history = new PerformanceHistory();
        var flows = inputs.Flows ?? [];
        if (flows.Zip(flows.Skip(1)).Any(pair => pair.Second.At < pair.First.At))
        {
            throw new ArgumentException("capital flows must be given oldest first", nameof(inputs));
        }

        // A flow at a reading's time is in that reading; given in order, every flow is after the reading before it.
        CapitalAdjustment.InTimeOrder(inputs.Equity, r => r.At, flows, f => f.At, flow => history.TryAddFlow(flow), reading =>
        {
            if (!history.TryAdd(reading))
            {
                throw new ArgumentException("equity readings must be given oldest first", nameof(inputs));
            }
        });

        foreach (var trip in inputs.Trips)
        {
            history.AddTrip(trip.RealizedPnl);
        }

        foreach (var (from, to) in inputs.OpenIntervals)
        {
            history.AddHeld(from, to);
        }

        return history.Measure(inputs.AnnualizationDays, [], default);
    }

    /// <summary>
    /// These metrics for a bot whose P&amp;L cannot be known (<see cref="UnknownPnl"/>): what its round trips
    /// realized is unknown, so every figure made of it is null. Equity, drawdown, the ratios drawn from
    /// equity, the count of round trips and exposure do not depend on fill prices and stay.
    /// </summary>
    public PerformanceMetrics WithUnknownTradePnl() =>
        this with { WinRate = null, ProfitFactor = null, Expectancy = null, AverageWin = null, AverageLoss = null };
}
