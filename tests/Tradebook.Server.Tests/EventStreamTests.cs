using System.Diagnostics;
using Dapper;
using Tradebook.Server.Tests.Support;
using Tradebook.Storage.Tests.Infrastructure;

namespace Tradebook.Server.Tests;

public sealed class SqliteEventStreamTests() : EventStreamTests(StorageEngine.Sqlite);

public sealed class PostgresEventStreamTests() : EventStreamTests(StorageEngine.Postgres), IPostgresTests;

/// <summary>Every committed change reaches the stream, whoever wrote it, and a client resumes where it left off.</summary>
public abstract class EventStreamTests(StorageEngine engine) : ServerTest(engine)
{
    private static string Fill(string id, string bot = "alpha") =>
        $$"""{"kind":"fill","bot":"{{bot}}","id":"{{id}}","symbol":"BTC/USDT","side":"buy","qty":"0.1","price":"60000","ts":"2026-12-01T10:00:00Z"}""";

    [StorageFact]
    public async Task a_fill_posted_through_the_api_arrives_on_the_stream_within_a_second()
    {
        await Server.AddBot("alpha");
        await using var events = await EventStream.OpenAsync(Server.Http);

        var posted = Stopwatch.StartNew();
        await Server.PostJson("/api/v1/records", Fill("f1"));
        var fill = await events.WaitFor(e => e.Type == "fill", TimeSpan.FromSeconds(5));

        Assert.True(posted.Elapsed < TimeSpan.FromSeconds(1), $"the event took {posted.Elapsed.TotalMilliseconds} ms");
        Assert.Equal("alpha", fill.Data.GetProperty("bot").GetString());
        Assert.Equal(1, fill.Data.GetProperty("count").GetInt32());
        Assert.Equal(fill.Id, fill.Data.GetProperty("id").GetInt64().ToString(System.Globalization.CultureInfo.InvariantCulture));
    }

    [StorageFact]
    public async Task the_stream_tells_a_reverse_proxy_not_to_hold_its_events_back()
    {
        // nginx, the usual proxy in front of a small server, buffers a response unless told not to: a dashboard behind it
        // got its events in bursts, long after they were committed.
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/v1/events");
        using var response = await Server.Http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);

        Assert.Equal(System.Net.HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(["no"], response.Headers.GetValues("X-Accel-Buffering"));
    }

    [StorageFact]
    public async Task a_client_that_reconnects_with_its_last_event_id_gets_what_it_missed_once()
    {
        await Server.AddBot("alpha");
        string lastSeen;
        await using (var first = await EventStream.OpenAsync(Server.Http))
        {
            await Server.PostJson("/api/v1/records", Fill("f1"));
            lastSeen = (await first.WaitFor(e => e.Type == "fill", TimeSpan.FromSeconds(5))).Id!;
        }

        await Server.PostJson("/api/v1/records", Fill("f2"));
        await Server.PostJson("/api/v1/records", Fill("f3"));
        await using var resumed = await EventStream.OpenAsync(Server.Http, lastEventId: lastSeen);
        await Server.PostJson("/api/v1/records", Fill("f4"));
        await resumed.WaitFor(e => e.Type == "fill" && long.Parse(e.Id!, System.Globalization.CultureInfo.InvariantCulture) > long.Parse(lastSeen, System.Globalization.CultureInfo.InvariantCulture) + 2, TimeSpan.FromSeconds(5));

        var fills = resumed.Received.Where(e => e.Type == "fill").Select(e => long.Parse(e.Id!, System.Globalization.CultureInfo.InvariantCulture)).ToList();
        Assert.Equal(3, fills.Count);
        Assert.Equal(fills.Order().Distinct(), fills);
        Assert.All(fills, id => Assert.True(id > long.Parse(lastSeen, System.Globalization.CultureInfo.InvariantCulture)));
    }

    [StorageFact]
    public async Task the_stream_is_filtered_by_bot_and_kind()
    {
        await Server.AddBot("alpha");
        await Server.AddBot("beta");
        await using var events = await EventStream.OpenAsync(Server.Http, "/api/v1/events?bot=beta&kind=fill,snapshot");

        await Server.PostJson("/api/v1/records", Fill("a1", "alpha"));
        await Server.PostJson("/api/v1/bots/beta/heartbeat", "{}");
        await Server.PostJson("/api/v1/records", Fill("b1", "beta"));
        await events.WaitFor(e => e.Type == "fill", TimeSpan.FromSeconds(5));

        Assert.All(events.Received.Where(e => e.Type is not ("ready" or "ping")), e =>
        {
            Assert.Equal("fill", e.Type);
            Assert.Equal("beta", e.Data.GetProperty("bot").GetString());
        });
    }

    [StorageFact]
    public async Task a_client_whose_place_is_older_than_the_log_keeps_is_told_to_reload()
    {
        await Server.AddBot("alpha");
        await Server.PostJson("/api/v1/records", Fill("f1"));
        await Server.PostJson("/api/v1/records", Fill("f2"));
        Db.Execute("DELETE FROM change_log WHERE id < (SELECT max(id) FROM change_log)");

        await using var events = await EventStream.OpenAsync(Server.Http, lastEventId: "0");

        Assert.Contains(events.Received, e => e.Type == "reset");
        Assert.DoesNotContain(events.Received, e => e.Type == "fill");
    }

    [StorageFact]
    public async Task a_client_whose_place_is_newer_than_the_log_is_told_to_reload()
    {
        // A client that followed the database before it was restored from a backup holds events it no longer has.
        await Server.AddBot("alpha");
        await Server.PostJson("/api/v1/records", Fill("f1"));
        var newest = Db.Query(c => Convert.ToInt64(c.ExecuteScalar("SELECT max(id) FROM change_log"), System.Globalization.CultureInfo.InvariantCulture));

        await using var events = await EventStream.OpenAsync(Server.Http, lastEventId: (newest + 1000).ToString(System.Globalization.CultureInfo.InvariantCulture));

        var reset = Assert.Single(events.Received, e => e.Type == "reset");
        Assert.Contains("restored", reset.Data.GetProperty("reason").GetString(), StringComparison.Ordinal);
    }

    [StorageFact]
    public async Task a_fill_recorded_by_a_separate_cli_process_arrives_on_the_stream()
    {
        await Server.AddBot("alpha");
        await using var events = await EventStream.OpenAsync(Server.Http);
        var file = Path.Combine(Path.GetTempPath(), $"tradebook-fill-{Guid.NewGuid():N}.jsonl");
        await File.WriteAllTextAsync(file, Fill("from-cli"));
        try
        {
            var cli = await CliProcess.RunAsync(Db.Target.ConnectionString, Db.Target.Engine, "record", file);
            Assert.True(cli.ExitCode == 0, cli.Error);

            var fill = await events.WaitFor(e => e.Type == "fill", TimeSpan.FromSeconds(5));
            Assert.Equal("alpha", fill.Data.GetProperty("bot").GetString());
        }
        finally
        {
            File.Delete(file);
        }
    }
}
