using Tradebook.Core;
using Tradebook.Core.Domain;
using Tradebook.Server.Tests.Support;
using Tradebook.Server.Writing;
using Tradebook.Storage.Access;
using Tradebook.Storage.Ledger;
using Tradebook.Storage.Tests.Infrastructure;

namespace Tradebook.Server.Tests;

/// <summary>
/// Two server instances on one PostgreSQL database, each committing a group of requests that write two
/// products in opposite orders: every request of one group runs in the group's transaction and locks its own
/// products as it runs, so each group ends up holding the product the other waits for. No request may fail
/// for it: a request that would wait out of order is carried to its queue's next group instead.
/// </summary>
public sealed class PostgresLockOrderTests : IPostgresTests
{
    private static readonly DateTimeOffset T0 = new(2026, 12, 1, 0, 0, 0, TimeSpan.Zero);

    [StorageFact]
    public async Task two_instances_writing_two_products_in_opposite_orders_both_commit_every_request()
    {
        using var db = StorageEngine.Postgres.CreateDatabase().Migrated();
        var ledger = new LedgerWriter(db.Database, TimeProvider.System);
        ledger.AddBot(new BotSpec("alpha", BotMode.Paper));

        // BTC/USDT is the first product (the lower key), ETH/USDT the second.
        ledger.Record(new LedgerBatch { Fills = [Fill("btc-0", "BTC/USDT", 0), Fill("eth-0", "ETH/USDT", 0)] });
        await using var first = new WriteQueue(db.Database, ledger, TimeProvider.System, maxGroup: 16);
        await using var second = new WriteQueue(db.Database, new LedgerWriter(db.Database, TimeProvider.System), TimeProvider.System, maxGroup: 16);

        // Each queue's writer is held in a group of its own while the next group is queued whole.
        var (firstHeld, firstRelease) = Hold(first);
        var (secondHeld, secondRelease) = Hold(second);
        Assert.True(firstHeld.Wait(TimeSpan.FromSeconds(30)) && secondHeld.Wait(TimeSpan.FromSeconds(30)));

        // The first group takes ETH then waits; the second takes BTC then waits; then each asks for the other's.
        using var firstHolds = new ManualResetEventSlim();
        using var secondHolds = new ManualResetEventSlim();
        using var go = new ManualResetEventSlim();
        var requests = new List<Task>
        {
            first.Run(group => group.Record(Batch("a-eth", "ETH/USDT", 1), CallerScope.LocalOwner)),
            first.Run(group => Pause(firstHolds, go)),
            first.Run(group => group.Record(Batch("a-btc", "BTC/USDT", 2), CallerScope.LocalOwner)),
            second.Run(group => group.Record(Batch("b-btc", "BTC/USDT", 3), CallerScope.LocalOwner)),
            second.Run(group => Pause(secondHolds, go)),
            second.Run(group => group.Record(Batch("b-eth", "ETH/USDT", 4), CallerScope.LocalOwner)),
        };
        firstRelease.Set();
        secondRelease.Set();
        Assert.True(firstHolds.Wait(TimeSpan.FromSeconds(30)) && secondHolds.Wait(TimeSpan.FromSeconds(30)));
        go.Set();

        await Task.WhenAll(requests).WaitAsync(TimeSpan.FromSeconds(60));
        Assert.Equal(6, db.Count("fills"));
        db.Check(StoredLedger.AssertMatchesReplay);
    }

    [StorageFact]
    public async Task a_request_after_a_committed_group_waits_for_a_busy_product_instead_of_failing()
    {
        // Npgsql hands out the same transaction object for each transaction of a connection: what the group before
        // held (ETH) was taken for held by the next one, whose request for the lower BTC was then tried, refused
        // while another writer held it, carried eight times within milliseconds and failed.
        using var db = StorageEngine.Postgres.CreateDatabase().Migrated();
        var ledger = new LedgerWriter(db.Database, TimeProvider.System);
        ledger.AddBot(new BotSpec("alpha", BotMode.Paper));
        ledger.Record(new LedgerBatch { Fills = [Fill("btc-0", "BTC/USDT", 0), Fill("eth-0", "ETH/USDT", 0)] });
        await using var queue = new WriteQueue(db.Database, ledger, TimeProvider.System, maxGroup: 16);
        await queue.Run(group => group.Record(Batch("a-eth", "ETH/USDT", 1), CallerScope.LocalOwner));

        using var other = db.Database.Open();
        using var otherTransaction = other.BeginTransaction();
        ledger.Record(other, otherTransaction, Batch("o-btc", "BTC/USDT", 2));
        var request = queue.Run(group => group.Record(Batch("a-btc", "BTC/USDT", 3), CallerScope.LocalOwner));
        await Task.Delay(TimeSpan.FromSeconds(1));
        Assert.False(request.IsCompleted, request.Exception?.InnerException?.Message ?? "the request completed while BTC was held");

        otherTransaction.Commit();
        await request.WaitAsync(TimeSpan.FromSeconds(30));
        Assert.Equal(5, db.Count("fills"));
    }

    private static FillRecord Fill(string id, string symbol, int minute) =>
        new("alpha", id, symbol, Side.Buy, 1m, 100m, 0m, null, T0.AddMinutes(minute));

    private static LedgerBatch Batch(string id, string symbol, int minute) => new() { Fills = [Fill(id, symbol, minute)] };

    private static int Pause(ManualResetEventSlim holding, ManualResetEventSlim go)
    {
        holding.Set();
        go.Wait(TimeSpan.FromSeconds(30));
        return 0;
    }

    /// <summary>Holds <paramref name="queue"/>'s writer in a group of its own until the second event is set.</summary>
    private static (ManualResetEventSlim Held, ManualResetEventSlim Release) Hold(WriteQueue queue)
    {
        var held = new ManualResetEventSlim();
        var release = new ManualResetEventSlim();
        _ = queue.Run(_ =>
        {
            held.Set();
            release.Wait(TimeSpan.FromSeconds(30));
            return 0;
        });
        return (held, release);
    }
}

/// <summary>
/// An import, one long transaction on PostgreSQL, needs a product below one it holds while another writer holds
/// that product and waits for the import's. Waiting in PostgreSQL's lock queue closed a cycle that PostgreSQL broke
/// by failing the import (it waited first, so it found the deadlock first): a million rows lost for a request a
/// client could have sent again. The import now tries for the product again and again; the other writer's wait
/// times out, its batch fails whole, and the import commits.
/// </summary>
[Collection(ShortBusyTimeoutCollection.Name)]
public sealed class PostgresImportLockTests : IPostgresTests
{
    private static readonly DateTimeOffset T0 = new(2026, 12, 1, 0, 0, 0, TimeSpan.Zero);

    [StorageFact]
    public async Task an_import_needing_a_product_held_by_a_writer_waiting_for_its_own_is_not_failed_as_a_deadlock()
    {
        // Longer than PostgreSQL's deadlock_timeout (1 s), which decided before.
        using var busy = new ShortBusyTimeout(3000);
        using var db = StorageEngine.Postgres.CreateDatabase().Migrated();
        var ledger = new LedgerWriter(db.Database, TimeProvider.System);
        ledger.AddBot(new BotSpec("alpha", BotMode.Paper));
        ledger.Record(new LedgerBatch { Fills = [Fill("btc-0", "BTC/USDT", 0), Fill("eth-0", "ETH/USDT", 0)] });

        // The import holds ETH (the higher key); the other writer holds BTC.
        using var import = db.Database.Open();
        using var importTransaction = import.BeginTransaction();
        using var importRecorder = ledger.Open(import, importTransaction);
        importRecorder.Record(Batch("i-eth", "ETH/USDT", 1));
        using var other = db.Database.Open();
        using var otherTransaction = other.BeginTransaction();
        using var otherRecorder = ledger.Open(other, otherTransaction);
        otherRecorder.Record(Batch("o-btc", "BTC/USDT", 2));

        // The import's next run needs BTC; then the other writer asks for ETH, in order.
        var importing = Task.Run(() => importRecorder.Record(Batch("i-btc", "BTC/USDT", 3)));
        await Task.Delay(TimeSpan.FromMilliseconds(300));
        var writing = Task.Run(() => otherRecorder.Record(Batch("o-eth", "ETH/USDT", 4)));

        var refused = await Assert.ThrowsAsync<TradebookException>(() => writing.WaitAsync(TimeSpan.FromSeconds(30)));
        otherTransaction.Rollback();
        await importing.WaitAsync(TimeSpan.FromSeconds(30));
        importTransaction.Commit();

        Assert.Equal(ErrorCode.DatabaseLocked, refused.Code);
        Assert.DoesNotContain("deadlock", refused.Message, StringComparison.OrdinalIgnoreCase);
        Assert.Equal(4, db.Count("fills"));
        db.Check(StoredLedger.AssertMatchesReplay);
    }

    private static FillRecord Fill(string id, string symbol, int minute) =>
        new("alpha", id, symbol, Side.Buy, 1m, 100m, 0m, null, T0.AddMinutes(minute));

    private static LedgerBatch Batch(string id, string symbol, int minute) => new() { Fills = [Fill(id, symbol, minute)] };
}
