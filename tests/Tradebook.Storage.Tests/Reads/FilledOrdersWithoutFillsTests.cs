using Tradebook.Core.Domain;
using Tradebook.Storage.Access;
using Tradebook.Storage.Ledger;
using Tradebook.Storage.Reads;
using Tradebook.Storage.Tests.Infrastructure;
using static Tradebook.Storage.Tests.Infrastructure.Records;

namespace Tradebook.Storage.Tests.Reads;

/// <summary>
/// A bot that records its orders and not their trades (a ccxt bot posting what <c>create_order()</c> returned, whose
/// <c>trades</c> are not fills) showed no trade and a P&amp;L of 0 with no word of why. Its card now says which of its
/// latest orders are filled with no fill executing them, once they are a minute old: a bot that posts an order and
/// then its trades is not warned of in between.
/// </summary>
public abstract class FilledOrdersWithoutFillsTests(StorageEngine engine) : StorageTest(engine)
{
    [StorageFact]
    public void filled_orders_whose_trades_were_never_recorded_are_named_on_the_bot()
    {
        Db.Migrated();
        var ledger = Db.Ledger();
        ledger.AddBot(new BotSpec("orders-only", BotMode.Paper));
        ledger.Record(new LedgerBatch
        {
            Orders =
            [
                new OrderRecord("orders-only", "o-1", "BTC/USDT", Side.Buy, "market", 1m, null, "filled", T0),
                new OrderRecord("orders-only", "o-2", "BTC/USDT", Side.Sell, "market", 1m, null, "CLOSED", T0.AddMinutes(1)),
                new OrderRecord("orders-only", "o-3", "BTC/USDT", Side.Buy, "limit", 1m, 90m, "new", T0.AddMinutes(2)),
                new OrderRecord("orders-only", "o-4", "BTC/USDT", Side.Buy, "limit", 1m, 90m, "canceled", T0.AddMinutes(3)),
            ],
        });

        Assert.DoesNotContain(Warnings("orders-only"), w => w.Contains("no fill", StringComparison.Ordinal));

        Db.Clock.Advance(TimeSpan.FromMinutes(2));
        Assert.Contains(
            "2 of its latest filled orders have no fill (o-2, o-1): its P&L counts fills, so their trades are missing; record each order's trades as fills (with ccxt, what fetch_my_trades() returns)",
            Warnings("orders-only"));

        ledger.Record(new LedgerBatch { Fills = [Buy("orders-only", "t-1", 1m, 100m, order: "o-1"), Sell("orders-only", "t-2", 1m, 110m, order: "o-2", minute: 1)] });
        Assert.DoesNotContain(Warnings("orders-only"), w => w.Contains("no fill", StringComparison.Ordinal));
    }

    [StorageFact]
    public void an_order_filled_long_after_it_was_recorded_is_given_a_minute_for_its_trades()
    {
        Db.Migrated();
        var ledger = Db.Ledger();
        ledger.AddBot(new BotSpec("patient", BotMode.Paper));
        ledger.Record(new LedgerBatch { Orders = [new OrderRecord("patient", "o-1", "ETH/USDT", Side.Buy, "limit", 2m, 2000m, "new", T0)] });

        Db.Clock.Advance(TimeSpan.FromHours(1));
        ledger.Record(new LedgerBatch { Orders = [new OrderRecord("patient", "o-1", "ETH/USDT", Side.Buy, "limit", 2m, 2000m, "filled", T0)] });

        Assert.DoesNotContain(Warnings("patient"), w => w.Contains("no fill", StringComparison.Ordinal));
        Db.Clock.Advance(TimeSpan.FromMinutes(2));
        Assert.Contains(Warnings("patient"), w => w.StartsWith("1 of its latest filled orders has no fill (o-1)", StringComparison.Ordinal));
    }

    private IReadOnlyList<string> Warnings(string bot) =>
        new BotDirectory(Db.Database, Db.Clock, TimeSpan.FromDays(1)).Find(CallerScope.LocalOwner, bot)!.Warnings;
}

public sealed class SqliteFilledOrdersWithoutFillsTests() : FilledOrdersWithoutFillsTests(StorageEngine.Sqlite);

public sealed class PostgresFilledOrdersWithoutFillsTests() : FilledOrdersWithoutFillsTests(StorageEngine.Postgres), IPostgresTests;
