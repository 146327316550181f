using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Tradebook.Server.Writing;
using Tradebook.Core.Domain;
using Tradebook.Storage.Ledger;
using Tradebook.Server.Tests.Support;
using Tradebook.Storage.Tests.Infrastructure;

namespace Tradebook.Server.Tests;

public sealed class SqliteGroupCommitTests() : GroupCommitTests(StorageEngine.Sqlite)
{
    [StorageFact]
    public async Task the_writer_lets_the_wal_grow_past_sqlites_threshold_before_copying_it_back()
    {
        var wal = Db.Database.Target.FilePath + "-wal";
        const long SqliteDefaultPages = 1_000;
        await Server.AddBot("alpha");

        // 32 writers on products of their own: each commit changes an index leaf per product, about four pages a
        // fill, so 3,200 fills write several thousand pages to the WAL. At SQLite's threshold the WAL would be copied
        // back each time it held 1,000 pages, and then written again from its start, so it would stay about that long.
        var writers = Enumerable.Range(0, 32).Select(async w =>
        {
            for (var i = 0; i < 100; i++)
            {
                var fill = $$"""{"id":"w{{w}}-{{i}}","symbol":"C{{w}}/USDT","side":"{{(i % 2 == 0 ? "buy" : "sell")}}","qty":"0.5","price":"100","ts":"{{new DateTimeOffset(2026, 12, 1, 0, 0, 0, TimeSpan.Zero).AddSeconds(i):O}}"}""";
                Assert.Equal(HttpStatusCode.OK, (await Server.PostJson("/api/v1/bots/alpha/fills", fill)).StatusCode);
            }
        });
        await Task.WhenAll(writers);

        var pages = new FileInfo(wal).Length / (4096 + 24);
        Assert.True(pages > 2 * SqliteDefaultPages, $"the WAL holds {pages} pages");
        Assert.True(pages <= Tradebook.Storage.Connection.TradebookDatabase.SeldomCheckpointPages + 1_000, $"the WAL holds {pages} pages");
        Assert.Equal(3_200, Db.Count("fills"));
    }
}

public sealed class PostgresGroupCommitTests() : GroupCommitTests(StorageEngine.Postgres), IPostgresTests;

/// <summary>Concurrent writers share commits, and one bad request among them fails alone.</summary>
public abstract class GroupCommitTests(StorageEngine engine) : ServerTest(engine)
{
    private WriteQueue Queue => Server.App.Services.GetRequiredService<WriteQueue>();

    private static string Fill(string bot, int i, string price = "100") =>
        $$"""{"id":"f{{i}}","symbol":"BTC/USDT","side":"{{(i % 2 == 0 ? "buy" : "sell")}}","qty":"0.01","price":"{{price}}","ts":"{{new DateTimeOffset(2026, 12, 1, 0, 0, 0, TimeSpan.Zero).AddSeconds(i):O}}"}""";

    [StorageFact]
    public async Task requests_that_fail_mid_batch_leave_the_shared_recorder_unharmed()
    {
        const string Clash = """{"id":"clash","symbol":"ETH/USDT","side":"buy","qty":"1","price":"{PRICE}","ts":"2027-01-01T00:00:00Z"}""";
        await Server.AddBot("alpha");
        await Server.PostJson("/api/v1/bots/alpha/fills", Clash.Replace("{PRICE}", "2000", StringComparison.Ordinal));

        // Each bad turn applies a good BTC fill, then fails on a later ETH fill whose id is taken with
        // another price: its savepoint is rolled back after the shared recorder had applied the BTC fill.
        for (var round = 0; round < 5; round++)
        {
            var requests = Enumerable.Range(1, 12).Select(i => (round * 100) + i).Select(i => i % 3 == 1
                ? Server.PostJson("/api/v1/bots/alpha/turns", $$"""{"fills":[{{Fill("alpha", i)}},{{Clash.Replace("{PRICE}", "2500", StringComparison.Ordinal)}}]}""")
                : Server.PostJson("/api/v1/bots/alpha/fills", Fill("alpha", i))).ToList();
            var responses = await Task.WhenAll(requests);
            Assert.Equal(4, responses.Count(r => r.StatusCode == HttpStatusCode.Conflict));
        }

        Assert.Equal(1 + (5 * 8), Db.Count("fills"));
        Db.Check(StoredLedger.AssertMatchesReplay);
    }

    [StorageFact]
    public async Task a_fill_another_connection_records_between_two_requests_counts_in_the_product_the_server_keeps_loaded()
    {
        await Server.AddBot("alpha");
        await Server.PostJson("/api/v1/bots/alpha/fills", Fill("alpha", 0));

        // The server now holds alpha's BTC/USDT book; a writer beside it (the CLI, an import) adds to it.
        Db.Ledger().Record(new LedgerBatch { Fills = [new FillRecord("alpha", "beside", "BTC/USDT", Side.Buy, 0.01m, 100m, 0m, null, new DateTimeOffset(2026, 12, 1, 0, 0, 0, TimeSpan.Zero).AddSeconds(0.5))] });
        var response = await Server.PostJson("/api/v1/bots/alpha/fills", Fill("alpha", 1));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(3, Db.Count("fills"));
        Assert.Equal(0.01m, Db.Query(c => Dapper.SqlMapper.ExecuteScalar<decimal>(c, "SELECT quantity FROM product_rollups")));
        Assert.Equal(3, Db.Query(c => Dapper.SqlMapper.ExecuteScalar<int>(c, "SELECT fills FROM product_rollups")));
        Db.Check(StoredLedger.AssertMatchesReplay);
    }

    [StorageFact]
    public async Task thirty_two_concurrent_writers_lose_nothing_and_the_stored_count_equals_the_sent_count()
    {
        var bots = Enumerable.Range(0, 4).Select(b => $"bot{b}").ToList();
        foreach (var bot in bots)
        {
            await Server.AddBot(bot);
        }

        var sent = 0;
        var writers = Enumerable.Range(0, 32).Select(async w =>
        {
            for (var i = 0; i < 20; i++)
            {
                var n = (w * 1000) + i;
                var response = await Server.PostJson($"/api/v1/bots/{bots[w % bots.Count]}/fills", Fill(bots[w % bots.Count], n));
                Assert.True(response.StatusCode == HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
                Interlocked.Increment(ref sent);
            }
        });
        await Task.WhenAll(writers);

        Assert.Equal(640, sent);
        Assert.Equal(sent, Db.Count("fills"));

        // No request failed, so every group committed whole, without a savepoint per request.
        Assert.Equal(0, Queue.GroupsRunAgain);
        Assert.Equal(0, Db.Count("fills", "WHERE position_id IS NULL"));

        // The change log has one entry per kind per bot per commit, counting every fill of that commit.
        Assert.Equal(sent, Db.Query(c => Dapper.SqlMapper.ExecuteScalar<long>(c, "SELECT sum(count) FROM change_log WHERE kind = 'fill'")));
        Assert.Equal(0, Db.Query(c => Dapper.SqlMapper.ExecuteScalar<long>(c, "SELECT count(*) FROM (SELECT 1 FROM change_log GROUP BY at, kind, bot_id HAVING count(*) > 1) repeated")));
    }

    [StorageFact]
    public async Task a_bad_request_in_a_shared_commit_fails_alone()
    {
        await Server.AddBot("alpha");
        await Server.PostJson("/api/v1/bots/alpha/fills", Fill("alpha", 0));

        // Sent together, these share commits: the conflicting one (same id, other price) must fail and
        // every other one must be stored.
        var requests = Enumerable.Range(1, 40).Select(i => Server.PostJson("/api/v1/bots/alpha/fills", i == 20 ? Fill("alpha", 0, "999") : Fill("alpha", i))).ToList();
        var responses = await Task.WhenAll(requests);

        Assert.Equal(HttpStatusCode.Conflict, responses[19].StatusCode);
        Assert.All(responses.Where((_, i) => i != 19), r => Assert.Equal(HttpStatusCode.OK, r.StatusCode));
        Assert.Equal(40, Db.Count("fills"));
        Assert.Equal(1, Queue.GroupsRunAgain);
        Assert.Equal(100m, Db.Query(c => Dapper.SqlMapper.ExecuteScalar<decimal>(c, "SELECT price FROM fills WHERE external_id = 'f0'")));

        // The requests after the failed one in the same commit were recorded from the product as stored,
        // not from what the failed request had loaded and changed before it was rolled back.
        Db.Check(StoredLedger.AssertMatchesReplay);
    }

    [StorageFact]
    public async Task a_large_request_that_fails_after_changing_many_stored_pages_is_undone_whole()
    {
        // The first request stores 6,000 fills; the second interleaves 6,000 more with them (odd ids and times
        // between theirs), so that its savepoint changes hundreds of stored index pages, more than SQLite keeps
        // of a savepoint in memory (SqliteBootstrap), and then fails on its last fill. Undoing it must restore
        // every page, from memory and from the file the rest spilled to.
        await Server.AddBot("alpha");
        static string Lines(IEnumerable<int> numbers) => string.Join('\n', numbers.Select(i => Fill("alpha", i)));
        var first = await Server.PostJson("/api/v1/bots/alpha/fills", Lines(Enumerable.Range(0, 6_000).Select(i => i * 2)), "application/x-ndjson");
        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        var before = Db.Query(c => Dapper.SqlMapper.Query<(string, string, string, string)>(c, "SELECT external_id, CAST(position_id AS TEXT), realized_pnl, (SELECT quantity FROM product_rollups) FROM fills ORDER BY external_id").ToList());

        var second = await Server.PostJson("/api/v1/bots/alpha/fills", Lines(Enumerable.Range(0, 6_000).Select(i => (i * 2) + 1)) + "\n" + Fill("alpha", 0, "999"), "application/x-ndjson");

        Assert.Equal(HttpStatusCode.Conflict, second.StatusCode);
        Assert.Equal(before, Db.Query(c => Dapper.SqlMapper.Query<(string, string, string, string)>(c, "SELECT external_id, CAST(position_id AS TEXT), realized_pnl, (SELECT quantity FROM product_rollups) FROM fills ORDER BY external_id").ToList()));
        Db.Check(StoredLedger.AssertMatchesReplay);
        var after = await Server.PostJson("/api/v1/bots/alpha/fills", Fill("alpha", 12_001));
        Assert.Equal(HttpStatusCode.OK, after.StatusCode);
        Db.Check(StoredLedger.AssertMatchesReplay);
    }

    [StorageFact]
    public async Task after_a_group_ran_again_for_a_bad_request_the_next_groups_keep_each_request_apart()
    {
        await Server.AddBot("alpha");
        var bad = await Server.PostJson("/api/v1/bots/alpha/fills", Fill("alpha", 0, "not a price"));
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        var unknown = await Server.PostJson("/api/v1/bots/nobody/fills", Fill("nobody", 1));
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);

        // A request refused by the parser never reaches the writer; the unknown bot's did, and its group
        // (itself) ran again. The requests after it run in savepoints at once, so a second bad one does not.
        Assert.Equal(1, Queue.GroupsRunAgain);
        var again = await Server.PostJson("/api/v1/bots/nobody/fills", Fill("nobody", 2));
        Assert.Equal(HttpStatusCode.NotFound, again.StatusCode);
        Assert.Equal(1, Queue.GroupsRunAgain);
        Assert.Equal(HttpStatusCode.OK, (await Server.PostJson("/api/v1/bots/alpha/fills", Fill("alpha", 3))).StatusCode);
        Assert.Equal(1, Db.Count("fills"));
        Assert.Contains("tradebook_group_commit_reruns_total", await Server.Http.GetStringAsync(new Uri("/metrics", UriKind.Relative)), StringComparison.Ordinal);
    }
}
