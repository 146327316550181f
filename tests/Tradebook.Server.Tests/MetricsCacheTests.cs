using Microsoft.Extensions.DependencyInjection;
using Tradebook.Core.Accounting;
using Tradebook.Core.Domain;
using Tradebook.Server.Caching;
using Tradebook.Server.Tests.Support;
using Tradebook.Storage.Ledger;
using Tradebook.Storage.Reads;
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
    public async Task the_whole_equity_curve_follows_readings_written_by_another_process_even_earlier_ones()
    {
        await Server.AddBot("alpha");
        await Snapshots("alpha", 100m, 120m);
        var before = await Server.GetJson("/api/v1/bots/alpha/equity?interval=1d");

        Db.Ledger().Record(new LedgerBatch { Snapshots = [new SnapshotRecord("alpha", Start.AddDays(2), 90m), new SnapshotRecord("alpha", Start.AddDays(-1), 200m)] });
        var after = await Server.GetJson("/api/v1/bots/alpha/equity?interval=1d");

        Assert.Equal([100m, 120m], before.GetProperty("points").EnumerateArray().Select(p => p.GetProperty("equity").GetDecimal()));
        Assert.Equal([200m, 100m, 120m, 90m], after.GetProperty("points").EnumerateArray().Select(p => p.GetProperty("equity").GetDecimal()));
        Assert.Equal(0.55m, after.GetProperty("max_drawdown").GetProperty("fraction").GetDecimal());
    }

    [StorageFact]
    public async Task a_bot_is_read_again_only_when_its_own_history_changes_and_then_only_what_was_added()
    {
        await AlphaUpTenPercentBetaDownTen();
        var cache = new MetricsCache(Db.Database, new EquityHistory(Db.Database), TimeProvider.System);

        cache.Get("alpha", 365);
        cache.Get("beta", 365);
        cache.Get("alpha", 365);
        cache.Get("beta", 252);
        await Server.PostJson("/api/v1/bots/beta/heartbeat", "{}");
        cache.Get("beta", 365);
        await Snapshots("alpha", 120m);
        var alpha = cache.Get("alpha", 365);
        cache.Get("beta", 365);

        // Two whole reads, then alpha's new reading alone.
        Assert.Equal((3, 2), cache.HistoryReads);
        Assert.Equal(0.2m, alpha!.Return);
        Assert.Null(cache.Get("nobody", 365));
    }

    [StorageFact]
    public async Task a_server_that_starts_reads_every_bots_history_before_it_is_asked_and_its_first_answers_read_nothing_again()
    {
        await AlphaUpTenPercentBetaDownTen();

        // A second server on the same database, as after a restart, reading at start as `tradebook serve` does.
        await using var restarted = await RunningServer.StartAsync(Db, RunningServer.Fast with { WarmUpAtStart = true });
        var warmup = restarted.App.Services.GetRequiredService<StartupWarmup>();
        await warmup.Done.WaitAsync(TimeSpan.FromSeconds(30));
        var cache = restarted.App.Services.GetRequiredService<MetricsCache>();
        Assert.Equal((2, 2), cache.HistoryReads);
        var asked = DateTimeOffset.UtcNow;

        var status = await restarted.GetJson("/api/v1/status");
        var alpha = await restarted.GetJson("/api/v1/bots/alpha/metrics");
        var board = await restarted.GetJson("/api/v1/leaderboard?mode=paper");

        Assert.Equal((2, 2), cache.HistoryReads);
        Assert.Equal(0.1m, alpha.GetProperty("return").GetDecimal());
        Assert.Equal(["alpha", "beta"], board.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("bot").GetString()));

        // The status page's integrity check ran at start too, not on the first request for it.
        Assert.True(status.GetProperty("integrity_checked_at").GetDateTimeOffset() < asked);
    }

    [StorageFact]
    public async Task the_reading_at_start_stops_once_the_cache_had_to_drop_a_history_to_keep_another()
    {
        foreach (var bot in new[] { "alpha", "beta", "gamma" })
        {
            await Server.AddBot(bot);
            await Snapshots(bot, 100m, 110m);
        }

        // Each history holds two days: one fits, two do not.
        var cache = new MetricsCache(Db.Database, new EquityHistory(Db.Database), TimeProvider.System) { MaxKeptSize = 3 };
        using var warmup = new StartupWarmup(new BotDirectory(Db.Database, TimeProvider.System, TimeSpan.FromMinutes(5)), cache,
            new Tradebook.Server.Hosting.OperationsStatus(Db.Database, TimeProvider.System), Microsoft.Extensions.Logging.Abstractions.NullLogger<StartupWarmup>.Instance);
        await warmup.StartAsync(CancellationToken.None);
        await warmup.Done.WaitAsync(TimeSpan.FromSeconds(30));

        // Gamma, the most recently active, then beta, which displaced it; alpha was not read only to displace beta.
        Assert.Equal((2, 2), cache.HistoryReads);
        Assert.Equal(1, cache.Dropped);
    }

    [StorageFact]
    public async Task past_its_bound_the_cache_drops_the_history_used_least_lately_and_reads_it_whole_when_asked_again()
    {
        await AlphaUpTenPercentBetaDownTen();
        var cache = new MetricsCache(Db.Database, new EquityHistory(Db.Database), TimeProvider.System) { MaxKeptSize = 3 };

        cache.Get("alpha", 365);
        cache.Get("alpha", 365);
        cache.Get("beta", 365);
        var alpha = cache.Get("alpha", 365);

        // Each history holds two days: one fits, two do not; alpha was dropped for beta, and beta for alpha.
        Assert.Equal((3, 3), cache.HistoryReads);
        Assert.Equal(0.1m, alpha!.Return);
    }

    [StorageFact]
    public async Task a_decision_an_order_or_a_signal_alone_keeps_the_metrics_computed()
    {
        await Server.AddBot("alpha");
        await Snapshots("alpha", 100m, 110m);
        var cache = new MetricsCache(Db.Database, new EquityHistory(Db.Database), TimeProvider.System);

        cache.Get("alpha", 365);
        var recorded = await Server.PostJson("/api/v1/records", $$$"""
            {"kind":"signal","bot":"alpha","id":"s1","signal":"buy","ts":"{{{Start:O}}}"}
            {"kind":"decision","bot":"alpha","id":"d1","ts":"{{{Start:O}}}","decision":{"action":"buy"}}
            {"kind":"order","bot":"alpha","id":"o1","symbol":"BTC/USDT","side":"buy","qty":"1","ts":"{{{Start:O}}}","decision_id":"d1"}
            """, "application/x-ndjson");
        recorded.EnsureSuccessStatusCode();
        cache.Get("alpha", 365);
        await Snapshots("alpha", 120m);
        cache.Get("alpha", 365);

        Assert.Equal(3, Db.Count("change_log", "WHERE kind IN ('signal', 'decision', 'order')"));
        Assert.Equal((2, 1), cache.HistoryReads);
    }

    /// <summary>Two bots of two daily readings each: alpha from 100 to 110, beta from 100 to 90.</summary>
    private async Task AlphaUpTenPercentBetaDownTen()
    {
        await Server.AddBot("alpha");
        await Server.AddBot("beta");
        await Snapshots("alpha", 100m, 110m);
        await Snapshots("beta", 100m, 90m);
    }

    private async Task Snapshots(string bot, params decimal[] equities)
    {
        var offset = (int)Db.Count("equity_snapshots");
        var lines = string.Join('\n', equities.Select((e, i) => $$"""{"kind":"snapshot","bot":"{{bot}}","ts":"{{Start.AddDays(offset + i):O}}","equity":"{{e}}"}"""));
        await Server.PostJson("/api/v1/records", lines, "application/x-ndjson");
    }
}
