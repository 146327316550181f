using Microsoft.Extensions.DependencyInjection;
using System.Net;
using Microsoft.Data.Sqlite;
using Tradebook.Server.Tests.Support;
using Tradebook.Server.Writing;
using Tradebook.Storage.Sqlite;
using Tradebook.Storage.Tests.Infrastructure;

namespace Tradebook.Server.Tests;

/// <summary>
/// A write while another process holds the SQLite store (an import, a backup, a CLI batch) waits the busy
/// timeout, then is answered 503 with Retry-After, so that a bot's HTTP library backs off and sends it again,
/// and writes nothing; once the store is free the same write is taken.
/// </summary>
[Collection(ShortBusyTimeoutCollection.Name)]
public sealed class LockedStoreTests() : ServerTest(StorageEngine.Sqlite), IDisposable
{
    // Long enough that the writes a test sends while one waits reach the server before that wait ends.
    private readonly ShortBusyTimeout _timeout = new(1_500);

    private WriteQueue Queue => Server.App.Services.GetRequiredService<WriteQueue>();

    [Fact]
    public async Task a_write_while_another_process_holds_the_store_is_a_503_with_retry_after_and_is_taken_once_the_store_is_free()
    {
        await Server.AddBot("alpha");
        var holder = Hold();

        using var locked = await Server.PostJson("/api/v1/bots/alpha/fills", Fill("f1"));
        var detail = await Problems.Expect(locked, HttpStatusCode.ServiceUnavailable, "database_locked");
        Release(holder);

        using var free = await Server.PostJson("/api/v1/bots/alpha/fills", Fill("f1"));

        Assert.Contains("locked", detail, StringComparison.Ordinal);
        Assert.True(locked.Headers.RetryAfter?.Delta > TimeSpan.Zero, $"Retry-After: {locked.Headers.RetryAfter}");
        Assert.Equal(HttpStatusCode.OK, free.StatusCode);
        Assert.Equal(1, Db.Count("fills"));
    }

    [Fact]
    public async Task the_writes_that_queued_while_one_waited_out_the_lock_are_answered_with_it_not_after_a_wait_of_their_own()
    {
        await Server.AddBot("alpha");
        var holder = Hold();

        // The first write waits out the busy timeout; the two sent while it waits queue behind it.
        var first = Server.PostJson("/api/v1/bots/alpha/fills", Fill("f1"));
        await Task.Delay(TimeSpan.FromMilliseconds(300));
        var queued = new[] { Server.PostJson("/api/v1/bots/alpha/fills", Fill("f2")), Server.PostJson("/api/v1/bots/alpha/fills", Fill("f3")) };
        var answers = await Task.WhenAll(queued.Prepend(first));

        Assert.All(answers, a => Assert.Equal(HttpStatusCode.ServiceUnavailable, a.StatusCode));
        Assert.Equal(1, Queue.GroupsFailed);
        Release(holder);
        using var free = await Server.PostJson("/api/v1/bots/alpha/fills", Fill("f2"));
        Assert.Equal(HttpStatusCode.OK, free.StatusCode);
        Assert.Equal(1, Db.Count("fills"));
        foreach (var answer in answers)
        {
            answer.Dispose();
        }
    }

    public void Dispose() => _timeout.Dispose();

    private static string Fill(string id) => $$"""{"id":"{{id}}","symbol":"BTC/USDT","side":"buy","qty":"1","price":"100","ts":"2026-12-01T10:00:00Z"}""";

    /// <summary>Another process's write transaction on the store, as an import holds it.</summary>
    private SqliteConnection Hold()
    {
        SqliteBootstrap.EnsureInitialized();
        var holder = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = Db.Target.FilePath!, Pooling = false }.ToString());
        holder.Open();
        using var begin = holder.CreateCommand();
        begin.CommandText = "BEGIN IMMEDIATE";
        begin.ExecuteNonQuery();
        return holder;
    }

    private static void Release(SqliteConnection holder)
    {
        using (var rollback = holder.CreateCommand())
        {
            rollback.CommandText = "ROLLBACK";
            rollback.ExecuteNonQuery();
        }

        holder.Dispose();
    }
}

/// <summary>
/// On PostgreSQL a writer waits for a product another transaction holds (an import holds each product it wrote
/// until it commits) for the busy timeout, no longer, and is then answered 503 naming the lock, with Retry-After.
/// It waited for Npgsql's command timeout instead, and was answered that PostgreSQL could not be reached.
/// </summary>
[Collection(ShortBusyTimeoutCollection.Name)]
public sealed class PostgresLockedProductTests() : ServerTest(StorageEngine.Postgres), IPostgresTests, IDisposable
{
    private readonly ShortBusyTimeout _timeout = new();

    [StorageFact]
    public async Task a_write_to_a_product_another_transaction_holds_is_a_503_after_the_busy_timeout_and_is_taken_once_it_is_free()
    {
        await Server.AddBot("alpha");
        using var first = await Server.PostJson("/api/v1/bots/alpha/fills", Fill("f1"));
        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        using var holder = Db.Database.Open();
        using var transaction = holder.BeginTransaction();
        using (var hold = holder.CreateCommand())
        {
            hold.Transaction = transaction;
            hold.CommandText = """
                SELECT pg_advisory_xact_lock(hashtextextended('tradebook.product.' || current_schema() || '.'
                    || (SELECT id FROM bots WHERE name = 'alpha') || '.' || (SELECT id FROM instruments WHERE symbol = 'BTC/USDT'), 0))
                """;
            hold.ExecuteNonQuery();
        }

        var watch = System.Diagnostics.Stopwatch.StartNew();
        using var locked = await Server.PostJson("/api/v1/bots/alpha/fills", Fill("f2"));
        watch.Stop();
        var detail = await Problems.Expect(locked, HttpStatusCode.ServiceUnavailable, "database_locked");
        transaction.Rollback();
        using var free = await Server.PostJson("/api/v1/bots/alpha/fills", Fill("f2"));

        Assert.Contains("another writer", detail, StringComparison.Ordinal);
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(10), $"answered after {watch.Elapsed}");
        Assert.True(locked.Headers.RetryAfter?.Delta > TimeSpan.Zero, $"Retry-After: {locked.Headers.RetryAfter}");
        Assert.Equal(HttpStatusCode.OK, free.StatusCode);
        Assert.Equal(2, Db.Count("fills"));
    }

    public void Dispose() => _timeout.Dispose();

    private static string Fill(string id) =>
        $$"""{"id":"{{id}}","symbol":"BTC/USDT","side":"buy","qty":"1","price":"100","ts":"2026-12-01T10:00:0{{id[^1]}}Z"}""";
}
