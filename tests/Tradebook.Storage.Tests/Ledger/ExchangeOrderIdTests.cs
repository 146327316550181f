using Tradebook.Core;
using Tradebook.Core.Domain;
using Tradebook.Storage.Access;
using Tradebook.Storage.Ledger;
using Tradebook.Storage.Reads;
using Tradebook.Storage.Tests.Infrastructure;
using static Tradebook.Storage.Tests.Infrastructure.Records;

namespace Tradebook.Storage.Tests.Ledger;

/// <summary>
/// A fill that names its order as the exchange knows it (a ccxt trade's <c>order</c>) is kept with that id whether or
/// not the bot records the order, and executes the order holding it once one is recorded, before or after the fill.
/// Before, such a fill was refused unless its order was recorded first: a bot that sends only its trades lost them.
/// </summary>
public abstract class ExchangeOrderIdTests(StorageEngine engine) : StorageTest(engine)
{
    private LedgerWriter Ledger()
    {
        Db.Migrated();
        var ledger = Db.Ledger();
        ledger.AddBot(new BotSpec("alpha", BotMode.Paper));
        ledger.AddBot(new BotSpec("beta", BotMode.Paper));
        return ledger;
    }

    private static OrderRecord Order(string bot, string id, string? exchangeId, string status = "filled") =>
        new(bot, id, "BTC/USDT", Side.Buy, "limit", 1, 100, status, T0, exchangeId);

    private Dictionary<string, (string? Order, string? ExchangeOrder)> StoredFills() =>
        new Executions(Db.Database).FillPage(CallerScope.LocalOwner, new ExecutionQuery()).Items
            .ToDictionary(f => $"{f.Bot}/{f.ExternalId}", f => (f.OrderId, f.ExchangeOrderId));

    [StorageFact]
    public void a_fill_whose_order_is_not_recorded_is_kept_with_the_exchange_s_order_id()
    {
        var ledger = Ledger();

        ledger.Record(Fills(Buy("alpha", "f1", 1, 100) with { ExchangeOrderId = "X-1" }));

        Assert.Equal((null, "X-1"), StoredFills()["alpha/f1"]);
    }

    [StorageFact]
    public void the_order_recorded_later_is_the_one_its_waiting_fills_execute()
    {
        var ledger = Ledger();
        ledger.Record(Fills(
            Buy("alpha", "f1", 0.4m, 100) with { ExchangeOrderId = "X-1" },
            Buy("alpha", "f2", 0.6m, 100, minute: 1) with { ExchangeOrderId = "X-1" },
            Buy("alpha", "f3", 1, 100, minute: 2) with { ExchangeOrderId = "X-2" },
            Buy("beta", "f1", 1, 100) with { ExchangeOrderId = "X-1" }));

        ledger.Record(new LedgerBatch { Orders = [Order("alpha", "my-1", "X-1")] });

        var fills = StoredFills();
        Assert.Equal(("my-1", "X-1"), fills["alpha/f1"]);
        Assert.Equal(("my-1", "X-1"), fills["alpha/f2"]);

        // Another order's fill, and another bot's fill of an order of the same exchange id, wait on.
        Assert.Equal((null, "X-2"), fills["alpha/f3"]);
        Assert.Equal((null, "X-1"), fills["beta/f1"]);
    }

    [StorageFact]
    public void an_order_given_its_exchange_id_by_a_later_status_links_the_fills_waiting_for_it()
    {
        var ledger = Ledger();
        ledger.Record(new LedgerBatch { Orders = [Order("alpha", "my-1", exchangeId: null, status: "new")] });
        ledger.Record(Fills(Buy("alpha", "f1", 1, 100) with { ExchangeOrderId = "X-1" }));

        ledger.Record(new LedgerBatch { Orders = [Order("alpha", "my-1", "X-1")] });

        Assert.Equal(("my-1", "X-1"), StoredFills()["alpha/f1"]);
    }

    [StorageFact]
    public void a_later_status_naming_another_exchange_id_is_refused_and_links_nothing()
    {
        var ledger = Ledger();
        ledger.Record(new LedgerBatch { Orders = [Order("alpha", "my-1", "X-1", status: "new")] });
        ledger.Record(Fills(Buy("alpha", "f1", 1, 100) with { ExchangeOrderId = "X-2" }));

        // The stored exchange id stays X-1: the fill of X-2 is another order's, and the record that says otherwise is a conflict.
        var conflict = Assert.Throws<TradebookException>(() => ledger.Record(new LedgerBatch { Orders = [Order("alpha", "my-1", "X-2")] }));

        Assert.Equal(ErrorCode.Conflict, conflict.Code);
        Assert.Equal((null, "X-2"), StoredFills()["alpha/f1"]);
    }

    [StorageFact]
    public void a_fill_naming_a_recorded_order_by_its_exchange_id_executes_it_at_once()
    {
        var ledger = Ledger();
        ledger.Record(new LedgerBatch { Orders = [Order("alpha", "my-1", "X-1")] });

        ledger.Record(Fills(Buy("alpha", "f1", 1, 100) with { ExchangeOrderId = "X-1" }));

        Assert.Equal(("my-1", "X-1"), StoredFills()["alpha/f1"]);
    }

    [StorageFact]
    public void a_linked_fill_sent_again_as_it_was_is_the_same_fill_and_another_exchange_id_is_a_conflict()
    {
        var ledger = Ledger();
        var fill = Buy("alpha", "f1", 1, 100) with { ExchangeOrderId = "X-1" };
        ledger.Record(Fills(fill));
        ledger.Record(new LedgerBatch { Orders = [Order("alpha", "my-1", "X-1")] });

        var again = ledger.Record(Fills(fill));
        var conflict = Assert.Throws<Core.TradebookException>(() => ledger.Record(Fills(fill with { ExchangeOrderId = "X-9" })));

        Assert.Equal((0, 1), (again["fills"].Inserted, again["fills"].Existing));
        Assert.Contains("exchange_order_id", conflict.Message, StringComparison.Ordinal);
    }

    [StorageFact]
    public void a_fill_naming_an_order_of_the_bot_s_own_that_is_not_recorded_is_still_refused()
    {
        var ledger = Ledger();

        var refused = Assert.Throws<Core.TradebookException>(() => ledger.Record(Fills(Buy("alpha", "f1", 1, 100, order: "my-9") with { ExchangeOrderId = "X-9" })));

        Assert.Equal(Core.ErrorCode.UnknownOrder, refused.Code);
        Assert.Empty(StoredFills());
    }

    [StorageFact]
    public void an_order_shows_its_exchange_id_and_what_its_fills_executed_of_it()
    {
        var ledger = Ledger();
        ledger.Record(Fills(
            Buy("alpha", "f1", 0.4m, 100) with { ExchangeOrderId = "X-1" },
            Buy("alpha", "f2", 0.6m, 110, minute: 1) with { ExchangeOrderId = "X-1" }));
        ledger.Record(new LedgerBatch { Orders = [Order("alpha", "my-1", "X-1"), Order("alpha", "my-2", "X-2", status: "new")] });

        var orders = new Executions(Db.Database).OrderPage(CallerScope.LocalOwner, new ExecutionQuery()).Items.ToDictionary(o => o.ClientOrderId);

        Assert.Equal(("X-1", 1.0m, 106m, 2), (orders["my-1"].ExchangeOrderId, orders["my-1"].FilledQuantity, orders["my-1"].AveragePrice, orders["my-1"].Fills));
        Assert.Equal(("X-2", 0m, (decimal?)null, 0), (orders["my-2"].ExchangeOrderId, orders["my-2"].FilledQuantity, orders["my-2"].AveragePrice, orders["my-2"].Fills));
    }

    [StorageFact]
    public void the_schema_before_keeps_the_fills_and_the_orders_they_were_linked_to()
    {
        var ledger = Ledger();
        ledger.Record(Fills(Buy("alpha", "f1", 1, 100) with { ExchangeOrderId = "X-1" }, Buy("alpha", "f2", 1, 100, minute: 1) with { ExchangeOrderId = "X-2" }));
        ledger.Record(new LedgerBatch { Orders = [Order("alpha", "my-1", "X-1")] });

        // Migration 12 added the fills' exchange order ids: undone, and done again.
        Db.Migrator().Down(11);
        Db.Migrator().Migrate();

        var fills = StoredFills();
        Assert.Equal(("my-1", "X-1"), fills["alpha/f1"]);
        Assert.Equal((null, null), fills["alpha/f2"]);
    }
}

public sealed class SqliteExchangeOrderIdTests() : ExchangeOrderIdTests(StorageEngine.Sqlite);

public sealed class PostgresExchangeOrderIdTests() : ExchangeOrderIdTests(StorageEngine.Postgres), IPostgresTests;
