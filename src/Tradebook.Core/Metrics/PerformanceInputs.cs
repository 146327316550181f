namespace Tradebook.Core.Metrics;

/// <summary>A closed round trip as the metrics see it: what it realized, and when it was open.</summary>
public readonly record struct ClosedTrip(decimal RealizedPnl, DateTimeOffset OpenedAt, DateTimeOffset ClosedAt);

/// <summary>An equity reading in time order.</summary>
public readonly record struct EquityPoint(DateTimeOffset At, decimal Equity);

/// <summary>Everything the metrics of one bot are computed from.</summary>
/// <param name="Equity">Equity snapshots, oldest first.</param>
/// <param name="Trips">Closed round trips.</param>
/// <param name="OpenIntervals">When each round trip, open or closed, was open (an open one until now).</param>
/// <param name="AnnualizationDays">Periods in a year for Sharpe, Sortino and CAGR: 365 for crypto, 252 for stocks.</param>
/// <param name="Flows">Money the owner put in or took out, oldest first (<see cref="CapitalAdjustment"/>).</param>
public sealed record PerformanceInputs(
    IReadOnlyList<EquityPoint> Equity,
    IReadOnlyList<ClosedTrip> Trips,
    IReadOnlyList<(DateTimeOffset From, DateTimeOffset To)> OpenIntervals,
    int AnnualizationDays = 365,
    IReadOnlyList<CapitalFlow>? Flows = null);
