using Tradebook.Core;
using Tradebook.Core.Domain;
using Tradebook.Storage.Access;
using Tradebook.Storage.Ledger;
using Tradebook.Storage.Reads;
using Tradebook.Storage.Tests.Infrastructure;
using static Tradebook.Storage.Tests.Infrastructure.Records;

namespace Tradebook.Storage.Tests.Ledger;

/// <summary>
/// An order is recorded when it is placed and again as it moves. A market order has no price when placed: ccxt gives
/// one once the order filled, and the exchange's id may come later too. Before, the order recorded again with them was
/// a conflict, so a bot could not record its market order filled, nor name the decision that placed an order it
/// recorded first. A value known once is never changed.
/// </summary>
public abstract class OrderValuesKnownLaterTests(StorageEngine engine) : StorageTest(engine)
{
    private static readonly OrderRecord Placed = new("alpha", "o1", "BTC/USDT", Side.Buy, "market", 1, null, "open", T0);

    private LedgerWriter Ledger()
    {
        Db.Migrated();
        var ledger = Db.Ledger();
        ledger.AddBot(new BotSpec("alpha", BotMode.Paper));
        ledger.Record(new LedgerBatch { Orders = [Placed] });
        return ledger;
    }

    private OrderRow Stored() => Assert.Single(new Executions(Db.Database).OrderPage(CallerScope.LocalOwner, new ExecutionQuery()).Items);

    [StorageFact]
    public void a_market_order_recorded_filled_takes_the_price_and_exchange_id_it_was_placed_without()
    {
        var ledger = Ledger();

        var filled = ledger.Record(new LedgerBatch { Orders = [Placed with { Price = 42000.5m, Status = "filled", ExchangeOrderId = "X-1" }] });

        Assert.Equal(1, filled["orders"].Updated);
        Assert.Equal((42000.5m, "filled", "X-1"), (Stored().Price, Stored().Status, Stored().ExchangeOrderId));
    }

    [StorageFact]
    public void the_order_as_placed_sent_again_after_is_the_same_order()
    {
        var ledger = Ledger();
        ledger.Record(new LedgerBatch { Orders = [Placed with { Price = 42000.5m, Status = "filled" }] });

        var again = ledger.Record(new LedgerBatch { Orders = [Placed with { Status = "filled" }] });

        Assert.Equal((0, 1, 0), (again["orders"].Inserted, again["orders"].Existing, again["orders"].Updated));
        Assert.Equal(42000.5m, Stored().Price);
    }

    [StorageFact]
    public void the_decision_an_order_was_recorded_without_is_taken_when_a_later_record_names_it()
    {
        // A bot records the order as the exchange answered, then its turn with the decision that placed it.
        var ledger = Ledger();

        ledger.Record(new LedgerBatch
        {
            Decisions = [new DecisionRecord("alpha", "d1", T0, "{}", "{\"action\": \"buy\"}")],
            Orders = [Placed with { DecisionId = "d1" }],
        });

        Assert.Equal("d1", Stored().DecisionId);
    }

    [StorageFact]
    public void a_price_known_is_never_changed()
    {
        var ledger = Ledger();
        ledger.Record(new LedgerBatch { Orders = [Placed with { Price = 42000.5m, Status = "filled" }] });

        var conflict = Assert.Throws<TradebookException>(() => ledger.Record(new LedgerBatch { Orders = [Placed with { Price = 41000m, Status = "filled" }] }));

        Assert.Equal(ErrorCode.Conflict, conflict.Code);
        Assert.Contains("price", conflict.Message, StringComparison.Ordinal);
        Assert.Equal(42000.5m, Stored().Price);
    }

    [StorageFact]
    public void an_exchange_id_known_is_never_changed()
    {
        // Before, the order kept its first exchange id and the other was dropped without a word: the fills that
        // name the second would never find it.
        var ledger = Ledger();
        ledger.Record(new LedgerBatch { Orders = [Placed with { ExchangeOrderId = "X-1" }] });

        var conflict = Assert.Throws<TradebookException>(() => ledger.Record(new LedgerBatch { Orders = [Placed with { Status = "filled", ExchangeOrderId = "X-2" }] }));

        Assert.Equal(ErrorCode.Conflict, conflict.Code);
        Assert.Contains("exchange_order_id: stored X-1, given X-2", conflict.Message, StringComparison.Ordinal);
        Assert.Equal(("open", "X-1"), (Stored().Status, Stored().ExchangeOrderId));
    }
}

public sealed class SqliteOrderValuesKnownLaterTests() : OrderValuesKnownLaterTests(StorageEngine.Sqlite);

public sealed class PostgresOrderValuesKnownLaterTests() : OrderValuesKnownLaterTests(StorageEngine.Postgres), IPostgresTests;
