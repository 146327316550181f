using Tradebook.Core.Domain;
using Tradebook.Storage.Tests.Infrastructure;
using static Tradebook.Storage.Tests.Infrastructure.Records;

namespace Tradebook.Storage.Tests.Ledger;

/// <summary>
/// Several Tradebook databases may live as schemas of one PostgreSQL database. The locks a writer takes
/// (one per product, one on the change log) are the database's, not the schema's, so they are keyed by the
/// schema too: a writer in one schema never waits for, or deadlocks with, a writer in another whose bots and
/// products happen to have the same ids.
/// </summary>
public sealed class PostgresSchemaIsolationTests : IPostgresTests
{
    [StorageFact]
    public void a_writer_holding_a_product_in_one_schema_does_not_hold_up_the_same_ids_in_another()
    {
        using var first = StorageEngine.Postgres.CreateDatabase().Migrated();
        using var second = StorageEngine.Postgres.CreateDatabase().Migrated();
        foreach (var db in new[] { first, second })
        {
            // The same bot and product in both, under the same ids.
            db.Ledger().AddBot(new BotSpec("alpha", BotMode.Paper));
            db.Ledger().Record(Fills(Buy("alpha", "f0", 1, 100)));
        }

        using var holding = new ManualResetEventSlim();
        using var release = new ManualResetEventSlim();
        var holder = Task.Run(() => first.Database.InTransaction((connection, transaction) =>
        {
            using var recorder = first.Ledger().Open(connection, transaction);
            recorder.Record(Fills(Buy("alpha", "f1", 1, 101, minute: 1)));
            holding.Set();
            release.Wait(TimeSpan.FromSeconds(60));
            return 0;
        }));
        Assert.True(holding.Wait(TimeSpan.FromSeconds(30)));

        var other = Task.Run(() => second.Ledger().Record(Fills(Buy("alpha", "f1", 1, 101, minute: 1))));
        var finishedAlone = other.Wait(TimeSpan.FromSeconds(10));
        release.Set();
        holder.Wait(TimeSpan.FromSeconds(30));
        other.Wait(TimeSpan.FromSeconds(30));

        Assert.True(finishedAlone, "a write in one schema waited for a transaction in another schema to end");
        Assert.Equal(2, first.Count("fills"));
        Assert.Equal(2, second.Count("fills"));
    }
}
