using Tradebook.Core.Accounting;
using Tradebook.Core.Domain;
using Tradebook.Core.Metrics;
using Tradebook.Server.Caching;
using Tradebook.Server.Tests.Support;
using Tradebook.Storage.Ledger;
using Tradebook.Storage.Tests.Infrastructure;

namespace Tradebook.Server.Tests;

public sealed class SqliteMetricsCacheTests() : MetricsCacheTests(StorageEngine.Sqlite);

public sealed class PostgresMetricsCacheTests() : MetricsCacheTests(StorageEngine.Postgres), IPostgresTests;

/// <summary>
/// Metrics are computed once per change of a bot's history, and a read never returns metrics older than
/// the history, whichever process wrote it.
/// </summary>
public abstract class MetricsCacheTests(StorageEngine engine) : ServerTest(engine)
{
    private static readonly DateTimeOffset Start = new(2026, 11, 1, 0, 0, 0, TimeSpan.Zero);

    [StorageFact]
    public async Task metrics_follow_a_snapshot_written_by_another_process_at_once()
    {
        await Server.AddBot("alpha");
        await Snapshots("alpha", 100m, 120m);
        var before = await Server.GetJson("/api/v1/bots/alpha/metrics");

        // Written beside the server, as `tradebook record` would: the server hears of it only through the change log.
        Db.Ledger().Record(new LedgerBatch { Snapshots = [new SnapshotRecord("alpha", Start.AddDays(2), 150m)] });
        var after = await Server.GetJson("/api/v1/bots/alpha/metrics");
        var board = await Server.GetJson("/api/v1/leaderboard?mode=paper");

        Assert.Equal(0.2m, before.GetProperty("return").GetDecimal());
        Assert.Equal(0.5m, after.GetProperty("return").GetDecimal());
        Assert.Equal(0.5m, board.GetProperty("items")[0].GetProperty("return").GetDecimal());
    }

    [StorageFact]
    public async Task a_bot_is_computed_again_only_when_its_own_history_changes()
    {
        await Server.AddBot("alpha");
        await Server.AddBot("beta");
        await Snapshots("alpha", 100m, 110m);
        await Snapshots("beta", 100m, 90m);
        var cache = new MetricsCache(Db.Database, TimeProvider.System);
        var computed = new List<string>();
        PerformanceMetrics Get(string bot) => cache.Get(bot, 365, () =>
        {
            computed.Add(bot);
            return PerformanceMetrics.Compute(new PerformanceInputs([], [], [], 365));
        });

        Get("alpha");
        Get("beta");
        Get("alpha");
        Get("beta");
        await Server.PostJson("/api/v1/bots/beta/heartbeat", "{}");
        Get("beta");
        await Snapshots("alpha", 120m);
        Get("alpha");
        Get("beta");

        Assert.Equal(["alpha", "beta", "alpha"], computed);
    }

    [StorageFact]
    public async Task a_decision_an_order_or_a_signal_alone_keeps_the_metrics_computed()
    {
        await Server.AddBot("alpha");
        await Snapshots("alpha", 100m, 110m);
        var cache = new MetricsCache(Db.Database, TimeProvider.System);
        var computed = 0;
        PerformanceMetrics Get() => cache.Get("alpha", 365, () =>
        {
            computed++;
            return PerformanceMetrics.Compute(new PerformanceInputs([], [], [], 365));
        });

        Get();
        var recorded = await Server.PostJson("/api/v1/records", $$$"""
            {"kind":"signal","bot":"alpha","id":"s1","signal":"buy","ts":"{{{Start:O}}}"}
            {"kind":"decision","bot":"alpha","id":"d1","ts":"{{{Start:O}}}","decision":{"action":"buy"}}
            {"kind":"order","bot":"alpha","id":"o1","symbol":"BTC/USDT","side":"buy","qty":"1","ts":"{{{Start:O}}}","decision_id":"d1"}
            """, "application/x-ndjson");
        recorded.EnsureSuccessStatusCode();
        Get();
        await Snapshots("alpha", 120m);
        Get();

        Assert.Equal(3, Db.Count("change_log", "WHERE kind IN ('signal', 'decision', 'order')"));
        Assert.Equal(2, computed);
    }

    private async Task Snapshots(string bot, params decimal[] equities)
    {
        var offset = (int)Db.Count("equity_snapshots");
        var lines = string.Join('\n', equities.Select((e, i) => $$"""{"kind":"snapshot","bot":"{{bot}}","ts":"{{Start.AddDays(offset + i):O}}","equity":"{{e}}"}"""));
        await Server.PostJson("/api/v1/records", lines, "application/x-ndjson");
    }
}
