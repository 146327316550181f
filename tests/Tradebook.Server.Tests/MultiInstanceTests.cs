using Tradebook.Server.Tests.Support;
using Tradebook.Storage.Connection;
using Tradebook.Storage.Tests.Infrastructure;

namespace Tradebook.Server.Tests;

/// <summary>Several servers on one PostgreSQL: stateless, and each one's stream hears the others' writes.</summary>
public sealed class PostgresMultiInstanceTests() : ServerTest(StorageEngine.Postgres), IPostgresTests
{
    [StorageFact]
    public async Task a_fill_written_through_one_instance_appears_on_another_instances_stream()
    {
        using var secondDatabase = new TradebookDatabase(Db.Target);
        await using var second = await RunningServer.StartAsync(secondDatabase);
        await Server.AddBot("alpha");
        await using var events = await EventStream.OpenAsync(second.Http);

        await Server.PostJson("/api/v1/records", """{"kind":"fill","bot":"alpha","id":"f1","symbol":"BTC/USDT","side":"buy","qty":"0.1","price":"60000","ts":"2026-12-01T10:00:00Z"}""");

        var fill = await events.WaitFor(e => e.Type == "fill", TimeSpan.FromSeconds(5));
        Assert.Equal("alpha", fill.Data.GetProperty("bot").GetString());
        Assert.Equal(1m, (await second.GetJson("/api/v1/bots/alpha")).GetProperty("open_positions").GetDecimal());
    }

    [StorageFact]
    public async Task on_postgresql_a_commit_is_announced_by_notify_without_waiting_for_the_poll()
    {
        // This instance polls the change log only every 30 s: an event within 3 s came through LISTEN/NOTIFY.
        using var listeningDatabase = new TradebookDatabase(Db.Target);
        await using var listening = await RunningServer.StartAsync(listeningDatabase, RunningServer.Fast with { ChangePollInterval = TimeSpan.FromSeconds(30) });
        await Server.AddBot("alpha");
        await using var events = await EventStream.OpenAsync(listening.Http);

        await Server.PostJson("/api/v1/records", """{"kind":"fill","bot":"alpha","id":"f1","symbol":"BTC/USDT","side":"buy","qty":"0.1","price":"60000","ts":"2026-12-01T10:00:00Z"}""");

        await events.WaitFor(e => e.Type == "fill", TimeSpan.FromSeconds(3));
    }
}
