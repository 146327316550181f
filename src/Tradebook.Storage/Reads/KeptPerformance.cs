using Tradebook.Core.Accounting;
using Tradebook.Core.Metrics;

namespace Tradebook.Storage.Reads;

/// <summary>
/// What <see cref="EquityHistory.Performance"/> read of a bot's history, kept so that the next read takes only what
/// was recorded since: Core's <see cref="PerformanceHistory"/>, the last equity reading and capital flow read, and for each product
/// how many fills and replays its rollup showed and the last round trip taken, before which nothing changes
/// unless the product is replayed. Not safe for concurrent use: its keeper reads and measures it under a lock.
/// </summary>
public sealed class KeptPerformance
{
    internal KeptPerformance(long botId) => BotId = botId;

    internal long BotId { get; }

    internal PerformanceHistory History { get; } = new();

    /// <summary>The newest equity reading read, by id; and how many were read, which PostgreSQL's reads check.</summary>
    internal long LastSnapshotId { get; set; }

    internal long Snapshots { get; set; }

    /// <summary>The newest capital flow read, by id, and how many were read, as for the readings.</summary>
    internal long LastCashFlowId { get; set; }

    internal long CashFlows { get; set; }

    /// <summary>The currency of the equity as the latest reading names it, which decides the flows that count (<see cref="EquityHistory"/>); another one since means reading again.</summary>
    internal string? EquityCurrency { get; init; }

    internal Dictionary<long, KeptProduct> Products { get; } = [];

    /// <summary>The whole history's equity curve at each interval asked for so far (<see cref="EquityHistory.DrawCurve"/>), taken further with every reading.</summary>
    internal Dictionary<TimeSpan, EquityCurveBuilder> Curves { get; } = [];

    /// <summary>The whole history's curve at <paramref name="interval"/>, drawn by <see cref="EquityHistory.DrawCurve"/>, and its maximum drawdown.</summary>
    public (IReadOnlyList<EquityCurvePoint> Points, Drawdown MaxDrawdown) Curve(TimeSpan interval) =>
        Curves.TryGetValue(interval, out var curve)
            ? ([.. curve.Points], History.MaxDrawdown)
            : throw new InvalidOperationException($"no curve at {interval} was drawn");

    /// <summary>What it holds in memory, in entries (days, times held, products, points of curves), for its keeper to bound.</summary>
    public long Size => History.Size + Products.Count + Curves.Values.Sum(c => (long)c.Points.Count);

    /// <summary>The bot's metrics, its open round trips held until <paramref name="now"/>: the days, not the history, are what this costs.</summary>
    public PerformanceMetrics Measure(int annualizationDays, DateTimeOffset now) =>
        History.Measure(annualizationDays, Products.Values.Select(p => p.OpenSince).OfType<DateTimeOffset>(), now);
}

/// <summary>One product of a <see cref="KeptPerformance"/>: its rollup's fills and replays when read, the last round trip taken, and the open one.</summary>
internal sealed class KeptProduct(long replays)
{
    public long Replays { get; } = replays;

    public long Fills { get; set; }

    /// <summary>The last round trip taken (opening time, id); the ones after it are read again.</summary>
    public (DateTimeOffset OpenedAt, long Id)? After { get; set; }

    /// <summary>When the first round trip still open opened; it and those after it are taken once closed.</summary>
    public DateTimeOffset? OpenSince { get; set; }
}
