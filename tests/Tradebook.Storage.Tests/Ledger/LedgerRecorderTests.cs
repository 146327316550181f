using Tradebook.Core.Domain;
using Tradebook.Storage.Ledger;
using Tradebook.Storage.Tests.Infrastructure;
using static Tradebook.Storage.Tests.Infrastructure.Records;

namespace Tradebook.Storage.Tests.Ledger;

/// <summary>Several batches recorded through one session in one transaction: the same books as separate calls.</summary>
public abstract class LedgerRecorderTests(StorageEngine engine) : StorageTest(engine)
{
    private static readonly string[] Symbols = ["BTC/USDT", "ETH/USDT"];

    private static List<FillRecord> RandomFills(int count)
    {
        var random = new Random(11);
        return [.. Enumerable.Range(0, count).Select(i =>
        {
            var quantity = random.Next(1, 3000) / 1000m;
            var price = random.Next(100, 10000) / 100m;
            var symbol = Symbols[random.Next(2)];
            return random.Next(2) == 0 ? Buy("alpha", $"r{i}", quantity, price, quantity / 100, symbol, minute: i) : Sell("alpha", $"r{i}", quantity, price, quantity / 100, symbol, minute: i);
        })];
    }

    [StorageFact]
    public void batches_through_one_recorder_give_the_books_of_one_batch_late_fills_included()
    {
        Db.Migrated();
        var ledger = Db.Ledger();
        ledger.AddBot(new BotSpec("alpha", BotMode.Paper));
        var fills = RandomFills(120);

        // In time order, then a batch of fills older than what the session recorded: it replays in-session.
        var batches = new[] { fills[20..60], fills[60..120], fills[..20] };
        var summary = Db.Database.InTransaction((connection, transaction) =>
        {
            using var recorder = ledger.Open(connection, transaction);
            foreach (var batch in batches)
            {
                recorder.Record(new() { Fills = batch });
            }

            recorder.Record(new() { Fills = fills[..10] });
            return recorder.Summary;
        });

        Assert.Equal((120, 10), (summary["fills"].Inserted, summary["fills"].Existing));
        var rollups = WithoutIds(Db.Query(StoredLedger.Rollups));
        var positions = InContentOrder(Db.Query(StoredLedger.Positions));
        Db.Check(StoredLedger.AssertMatchesReplay);

        using var whole = Engine.CreateDatabase();
        whole.Migrated();
        var wholeLedger = whole.Ledger();
        wholeLedger.AddBot(new BotSpec("alpha", BotMode.Paper));
        wholeLedger.Record(new() { Fills = fills });
        Assert.Equal(WithoutIds(whole.Query(StoredLedger.Rollups)), rollups);
        Assert.Equal(InContentOrder(whole.Query(StoredLedger.Positions)), positions);
    }

    [StorageFact]
    public void a_session_that_names_many_orders_keeps_a_bounded_number_of_their_ids_and_links_every_fill_to_its_order()
    {
        // An import of a freqtrade database names two orders per trade, each once: the session kept every order id
        // it looked up, about 200 bytes each, so memory grew with the source (+650 MiB for a million trades).
        Db.Migrated();
        var ledger = Db.Ledger();
        ledger.AddBot(new BotSpec("alpha", BotMode.Paper));
        var cache = new LedgerCache(maxOrderIds: 8);
        var kept = new List<int>();
        Db.Database.InTransaction((connection, transaction) =>
        {
            using var recorder = ledger.Open(connection, transaction, cache: cache);
            for (var i = 0; i < 40; i++)
            {
                recorder.Record(new()
                {
                    Orders = [new OrderRecord("alpha", $"o{i}", "BTC/USDT", i % 2 == 0 ? Side.Buy : Side.Sell, "market", 1m, null, "filled", T0.AddMinutes(i))],
                    Fills = [i % 2 == 0 ? Buy("alpha", $"f{i}", 1m, 100m + i, order: $"o{i}", minute: i) : Sell("alpha", $"f{i}", 1m, 100m + i, order: $"o{i}", minute: i)],
                });
                kept.Add(cache.OrderIdsKept);
            }

            return 0;
        });

        Assert.True(kept.Max() <= 8, $"order ids kept: {string.Join(", ", kept)}");
        var mismatched = Db.Query(c =>
        {
            using var command = c.CreateCommand();
            command.CommandText = "SELECT count(*) FROM fills f JOIN orders o ON o.id = f.order_id WHERE o.client_order_id <> 'o' || substr(f.external_id, 2)";
            return Convert.ToInt64(command.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture);
        });
        Assert.Equal(0, mismatched);
        Assert.Equal(40, Db.Count("fills", "WHERE order_id IS NOT NULL"));
    }

    private static List<StoredPosition> InContentOrder(IEnumerable<StoredPosition> positions) =>
        [.. positions.Select(p => p with { Id = 0 }).OrderBy(p => p.Symbol, StringComparer.Ordinal).ThenBy(p => p.RealizedPnl).ThenBy(p => p.Status, StringComparer.Ordinal)];

    /// <summary>Rollups without their open position's id, which depends on the order positions were created in.</summary>
    private static Dictionary<(string, string), StoredRollup> WithoutIds(IReadOnlyDictionary<(string, string), StoredRollup> rollups) =>
        rollups.ToDictionary(r => r.Key, r => r.Value with { OpenPositionId = r.Value.OpenPositionId is null ? null : 0 });
}

public sealed class SqliteLedgerRecorderTests() : LedgerRecorderTests(StorageEngine.Sqlite);

public sealed class PostgresLedgerRecorderTests() : LedgerRecorderTests(StorageEngine.Postgres), IPostgresTests;
