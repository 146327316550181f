using Tradebook.Core.Domain;
using Tradebook.Storage.Ledger;
using Tradebook.Storage.Tests.Infrastructure;
using static Tradebook.Storage.Tests.Infrastructure.Records;

namespace Tradebook.Storage.Tests.Ledger;

/// <summary>
/// Several writers recording into one product at the same moment, each on its own connection: nothing
/// is lost and the product's figures are exactly those of all its fills, on either engine.
/// </summary>
public abstract class ConcurrentWriterTests(StorageEngine engine) : StorageTest(engine)
{
    [StorageFact]
    public void writers_recording_one_product_at_once_lose_nothing()
    {
        Db.Migrated();
        Db.Ledger().AddBot(new BotSpec("alpha", BotMode.Paper));
        var clock = 0;
        const int writers = 4, batches = 25, perBatch = 4;

        var tasks = Enumerable.Range(0, writers).Select(w => Task.Run(() =>
        {
            var ledger = Db.Ledger();
            var random = new Random(w);
            for (var b = 0; b < batches; b++)
            {
                // Times come from one shared counter, so the writers' fills interleave and some arrive late.
                var fills = Enumerable.Range(0, perBatch).Select(i =>
                {
                    var minute = Interlocked.Increment(ref clock);
                    var quantity = random.Next(1, 300) / 100m;
                    return random.Next(2) == 0
                        ? Buy("alpha", $"w{w}-{b}-{i}", quantity, 100 + random.Next(20), 0.01m, minute: minute)
                        : Sell("alpha", $"w{w}-{b}-{i}", quantity, 100 + random.Next(20), 0.01m, minute: minute);
                }).ToArray();
                ledger.Record(Fills(fills));
            }
        })).ToArray();
        Task.WaitAll(tasks);

        Assert.Equal(writers * batches * perBatch, Db.Count("fills"));
        var rollup = Db.Query(StoredLedger.Rollups)[("alpha", "BTC/USDT")];
        Assert.Equal(writers * batches * perBatch, rollup.Fills);
        Db.Check(StoredLedger.AssertMatchesReplay);
    }

    [StorageFact]
    public void the_same_turn_sent_by_two_writers_at_once_is_recorded_once_and_neither_fails()
    {
        Db.Migrated();
        Db.Ledger().AddBot(new BotSpec("alpha", BotMode.Paper));
        const int turns = 60;
        static LedgerBatch Turn(int i) => new()
        {
            Decisions = [new DecisionRecord("alpha", $"d{i}", T0.AddMinutes(i), "{}", "{\"action\": \"buy\"}")],
            Orders = [new OrderRecord("alpha", $"o{i}", "BTC/USDT", Side.Buy, "market", 1m, null, "filled", T0.AddMinutes(i), DecisionId: $"d{i}")],
            Fills = [Buy("alpha", $"f{i}", 1, 100 + i, order: $"o{i}", minute: i)],
            Snapshots = [new SnapshotRecord("alpha", T0.AddMinutes(i), 10_000m + i)],
        };

        // Both writers send every turn, as a bot that retries on a timeout does.
        var tasks = Enumerable.Range(0, 2).Select(_ => Task.Run(() =>
        {
            var ledger = Db.Ledger();
            return Enumerable.Range(0, turns).Sum(i => ledger.Record(Turn(i)).Inserted);
        })).ToArray();
        Task.WaitAll(tasks);

        Assert.Equal(turns * 4, tasks.Sum(t => t.Result));
        foreach (var table in new[] { "decisions", "orders", "fills", "equity_snapshots" })
        {
            Assert.Equal(turns, Db.Count(table));
        }

        Db.Check(StoredLedger.AssertMatchesReplay);
    }
}

public sealed class SqliteConcurrentWriterTests() : ConcurrentWriterTests(StorageEngine.Sqlite);

public sealed class PostgresConcurrentWriterTests() : ConcurrentWriterTests(StorageEngine.Postgres), IPostgresTests;
