using System.Diagnostics;
using System.Net;
using Microsoft.Data.Sqlite;
using Tradebook.Server.Tests.Support;
using Tradebook.Storage.Sqlite;
using Tradebook.Storage.Tests.Infrastructure;

namespace Tradebook.Server.Tests;

/// <summary>
/// A write while another process holds the SQLite store (an import, a backup, a CLI batch) waits the busy
/// timeout (the writes after it a second, until one commits), then is answered 503 with Retry-After, so that a
/// bot's HTTP library backs off and sends it again,
/// and writes nothing; once the store is free the same write is taken.
/// </summary>
[Collection(ShortBusyTimeoutCollection.Name)]
public sealed class LockedStoreTests() : ServerTest(StorageEngine.Sqlite), IDisposable
{
    // Well past the second a write waits once another waited the whole timeout out (WriteQueue.LockWaitWhileHeldElsewhere).
    private readonly ShortBusyTimeout _timeout = new(4_000);

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
    public async Task once_a_write_waited_out_another_processs_lock_the_next_wait_a_second_at_most_until_one_commits()
    {
        await Server.AddBot("alpha");
        var holder = Hold();

        using var first = await Server.PostJson("/api/v1/bots/alpha/fills", Fill("f1"));
        var clock = Stopwatch.StartNew();
        using var next = await Server.PostJson("/api/v1/bots/alpha/fills", Fill("f2"));
        var nextTook = clock.Elapsed;
        Release(holder);
        using var free = await Server.PostJson("/api/v1/bots/alpha/fills", Fill("f2"));

        // The commit ended the short waits: a lock held again is waited out whole.
        holder = Hold();
        clock.Restart();
        using var after = await Server.PostJson("/api/v1/bots/alpha/fills", Fill("f3"));
        var afterTook = clock.Elapsed;
        Release(holder);

        await Problems.Expect(first, HttpStatusCode.ServiceUnavailable, "database_locked");
        var detail = await Problems.Expect(next, HttpStatusCode.ServiceUnavailable, "database_locked");
        Assert.Contains("still locked", detail, StringComparison.Ordinal);
        Assert.True(nextTook < TimeSpan.FromSeconds(2.5), $"the second write was answered after {nextTook}");
        Assert.Equal(HttpStatusCode.OK, free.StatusCode);
        await Problems.Expect(after, HttpStatusCode.ServiceUnavailable, "database_locked");
        Assert.True(afterTook >= TimeSpan.FromSeconds(3.5), $"the write after a commit was answered after {afterTook}");
        Assert.Equal(1, Db.Count("fills"));
    }

    [Fact]
    public async Task a_server_waits_for_another_processs_lock_no_longer_than_its_write_lock_wait()
    {
        await using var server = await RunningServer.StartAsync(Db, RunningServer.Fast with { WriteLockWait = TimeSpan.FromSeconds(1) });
        await server.AddBot("alpha");
        var holder = Hold();

        var clock = Stopwatch.StartNew();
        using var locked = await server.PostJson("/api/v1/bots/alpha/fills", Fill("f1"));
        var took = clock.Elapsed;
        Release(holder);

        // Answered after its own second (and Microsoft.Data.Sqlite's retry), not the 4 s busy timeout.
        await Problems.Expect(locked, HttpStatusCode.ServiceUnavailable, "database_locked");
        Assert.True(took < TimeSpan.FromSeconds(2.5), $"answered after {took}");
        Assert.Equal(0, Db.Count("fills"));
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
        var (holder, transaction) = HoldAlphaBtc();
        using var held = holder;

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

    [StorageFact]
    public async Task while_another_transaction_holds_one_bots_product_other_bots_writes_are_taken_and_its_own_are_answered_within_the_write_lock_wait()
    {
        // An import holds each product it wrote until it commits: a server's writes to that product waited the whole
        // busy timeout, twice (the group whole, then in savepoints), and every other bot's write queued behind them.
        using var busy = new ShortBusyTimeout(10_000);
        await using var server = await RunningServer.StartAsync(Db, RunningServer.Fast with { WriteLockWait = TimeSpan.FromSeconds(3) });
        await server.AddBot("alpha");
        await server.AddBot("beta");
        Assert.Equal(HttpStatusCode.OK, (await server.PostJson("/api/v1/bots/alpha/fills", Fill("f1"))).StatusCode);
        var (holder, transaction) = HoldAlphaBtc();

        var clock = Stopwatch.StartNew();
        var alpha = server.PostJson("/api/v1/bots/alpha/fills", Fill("f2"));
        await Task.Delay(200);
        using var beta = await server.PostJson("/api/v1/bots/beta/fills", Fill("f1"));
        var betaTook = clock.Elapsed;
        using var locked = await alpha;
        var lockedTook = clock.Elapsed;

        // Once a wait for the product timed out, the next writes to it do not wait (nor hold up the writer), until it is taken.
        clock.Restart();
        using var again = await server.PostJson("/api/v1/bots/alpha/fills", Fill("f2"));
        var againTook = clock.Elapsed;
        transaction.Rollback();
        holder.Dispose();
        using var free = await server.PostJson("/api/v1/bots/alpha/fills", Fill("f2"));
        (holder, transaction) = HoldAlphaBtc();
        clock.Restart();
        using var heldAgain = await server.PostJson("/api/v1/bots/alpha/fills", Fill("f3"));
        var heldAgainTook = clock.Elapsed;
        transaction.Rollback();
        holder.Dispose();

        Assert.Equal(HttpStatusCode.OK, beta.StatusCode);
        Assert.True(betaTook < TimeSpan.FromSeconds(8), $"the other bot's write was answered after {betaTook}");
        await Problems.Expect(locked, HttpStatusCode.ServiceUnavailable, "database_locked");
        Assert.True(lockedTook < TimeSpan.FromSeconds(8), $"the held product's write was answered after {lockedTook}");
        await Problems.Expect(again, HttpStatusCode.ServiceUnavailable, "database_locked");
        Assert.True(againTook < TimeSpan.FromSeconds(0.8), $"the next write to the held product was answered after {againTook}");
        Assert.Equal(HttpStatusCode.OK, free.StatusCode);
        await Problems.Expect(heldAgain, HttpStatusCode.ServiceUnavailable, "database_locked");
        Assert.True(heldAgainTook >= TimeSpan.FromSeconds(2.5), $"a product taken since was waited for {heldAgainTook} only");
        Assert.Equal(3, Db.Count("fills"));
    }

    public void Dispose() => _timeout.Dispose();

    private static string Fill(string id) =>
        $$"""{"id":"{{id}}","symbol":"BTC/USDT","side":"buy","qty":"1","price":"100","ts":"2026-12-01T10:00:0{{id[^1]}}Z"}""";

    /// <summary>Another transaction holding alpha's BTC/USDT, as an import that wrote it holds it until it commits.</summary>
    private (System.Data.Common.DbConnection Holder, System.Data.Common.DbTransaction Transaction) HoldAlphaBtc()
    {
        var holder = Db.Database.Open();
        var transaction = holder.BeginTransaction();
        using var hold = holder.CreateCommand();
        hold.Transaction = transaction;
        hold.CommandText = """
            SELECT pg_advisory_xact_lock(hashtextextended('tradebook.product.' || current_schema() || '.'
                || (SELECT id FROM bots WHERE name = 'alpha') || '.' || (SELECT id FROM instruments WHERE symbol = 'BTC/USDT'), 0))
            """;
        hold.ExecuteNonQuery();
        return (holder, transaction);
    }
}
