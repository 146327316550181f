using Tradebook.Core.Domain;
using Tradebook.Storage.Imports;
using Tradebook.Storage.Tests.Infrastructure;
using static Tradebook.Storage.Tests.Infrastructure.Records;

namespace Tradebook.Storage.Tests.Imports;

/// <summary>
/// What an import asks of Storage: a batch row started, finished and given its final report, and each bot's stored
/// fills walked in the byte order of their ids' UTF-8, with the batch that wrote each.
/// </summary>
public abstract class ImportBatchStoreTests(StorageEngine engine) : StorageTest(engine)
{
    [StorageFact]
    public void a_batch_started_and_finished_is_listed_done_with_the_figures_of_its_latest_report()
    {
        Db.Migrated();
        var id = Db.Database.InTransaction((connection, transaction) =>
        {
            var batch = ImportBatchLog.Start(connection, transaction, Db.Database, "bot.sqlite", "freqtrade", T0);
            ImportBatchLog.Finish(connection, transaction, Db.Database, batch, T0.AddMinutes(1), """{"kinds":{"fills":{"inserted":3}}}""");
            return batch;
        });

        ImportBatchLog.StoreReport(Db.Database, id, """{"kinds":{"fills":{"inserted":3}},"verification":{"ok":false}}""");

        var row = Assert.Single(ImportBatches.List(Db.Database));
        Assert.Equal((id, "bot.sqlite", "freqtrade", "done", T0, (DateTimeOffset?)T0.AddMinutes(1), false), (row.Id, row.Source, row.Format, row.Status, row.StartedAt, row.FinishedAt, row.Verified));
        Assert.Equal(3, row.Inserted["fills"]);
    }

    [StorageFact]
    public void a_batch_whose_transaction_rolls_back_leaves_no_row()
    {
        Db.Migrated();
        Assert.Throws<InvalidOperationException>(() => Db.Database.InTransaction<long>((connection, transaction) =>
        {
            ImportBatchLog.Start(connection, transaction, Db.Database, "bot.sqlite", "freqtrade", T0);
            throw new InvalidOperationException("the source failed");
        }));

        Assert.Empty(ImportBatches.List(Db.Database));
    }

    [StorageFact]
    public void a_report_for_a_batch_the_store_lacks_is_refused()
    {
        Db.Migrated();

        Assert.Throws<InvalidOperationException>(() => ImportBatchLog.StoreReport(Db.Database, 42, "{}"));
    }

    [StorageFact]
    public void stored_fills_are_walked_per_bot_in_utf8_byte_order_with_their_batch_quantity_and_fee()
    {
        Db.Migrated();
        var ledger = Db.Ledger();
        ledger.AddBot(new BotSpec("alpha", BotMode.Paper));
        ledger.AddBot(new BotSpec("beta", BotMode.Paper));

        // U+FF5E sorts before U+1F600 in UTF-8 but after it in UTF-16: the walk must follow the bytes.
        ledger.Record(Fills(Buy("alpha", "b", 1m, 10m, 0.1m), Buy("alpha", "\U0001F600", 2m, 10m, 0.2m, minute: 1), Buy("beta", "z", 5m, 10m)));
        var batch = Db.Database.InTransaction((connection, transaction) =>
        {
            var id = ImportBatchLog.Start(connection, transaction, Db.Database, "bot.sqlite", "freqtrade", T0);
            ledger.Record(connection, transaction, Fills(Buy("alpha", "a", 3m, 10m, minute: 2), Buy("alpha", "～", 4m, 10m, 0.4m, minute: 3)), id);
            return id;
        });

        var walked = StoredFills.Walk(Db.Database, ["alpha", "gamma"], stored =>
        {
            Assert.False(stored.TryGet("gamma", out _));
            Assert.False(stored.TryGet("beta", out _));
            Assert.True(stored.TryGet("alpha", out var cursor));
            Assert.True(cursor.CompareTo("a") == 0 && cursor.CompareTo("b") < 0 && cursor.CompareTo("0") > 0);
            var rows = new List<(string, long?, decimal, decimal)>();
            for (; cursor.HasRow; cursor.Next())
            {
                rows.Add((cursor.Id, cursor.Batch, cursor.Quantity, cursor.Fee));
            }

            Assert.Equal(["alpha"], stored.Bots.Select(b => b.Key));
            return rows;
        });

        Assert.Equal([("a", batch, 3m, 0m), ("b", null, 1m, 0.1m), ("～", batch, 4m, 0.4m), ("\U0001F600", null, 2m, 0.2m)], walked);
    }
}

public sealed class SqliteImportBatchStoreTests() : ImportBatchStoreTests(StorageEngine.Sqlite);

public sealed class PostgresImportBatchStoreTests() : ImportBatchStoreTests(StorageEngine.Postgres), IPostgresTests;
