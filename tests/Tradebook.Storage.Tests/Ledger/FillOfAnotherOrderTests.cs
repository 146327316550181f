using Tradebook.Core;
using Tradebook.Core.Domain;
using Tradebook.Storage.Ledger;
using Tradebook.Storage.Tests.Infrastructure;
using static Tradebook.Storage.Tests.Infrastructure.Records;

namespace Tradebook.Storage.Tests.Ledger;

/// <summary>
/// A fill executes its order: it trades the order's market on the order's side. Before, a fill naming a BTC/USDT buy
/// was stored as an ETH/USDT sell of that order, and a fill spelling the order's market another way (BTCUSDT) went to a
/// product of its own, its position apart from the order's. Each is refused now, saying what the order is, whichever
/// way the fill names its order (the bot's id, or the exchange's before or after the order is recorded).
/// </summary>
public abstract class FillOfAnotherOrderTests(StorageEngine engine) : StorageTest(engine)
{
    private static readonly OrderRecord Placed = new("alpha", "o1", "BTC/USDT", Side.Buy, "limit", 1, 100, "filled", T0, "X-1");

    private LedgerWriter Ledger(bool withOrder = true)
    {
        Db.Migrated();
        var ledger = Db.Ledger();
        ledger.AddBot(new BotSpec("alpha", BotMode.Paper));
        if (withOrder)
        {
            ledger.Record(new LedgerBatch { Orders = [Placed] });
        }

        return ledger;
    }

    private long StoredFills() => Db.Count("fills");

    public static TheoryData<string, string, string> Mismatches() => new()
    {
        { "ETH/USDT", "buy", "fill 'f1' of bot 'alpha' is a buy of ETH/USDT; the order it executes, 'o1', is a buy of BTC/USDT" },
        { "BTC/USDT", "sell", "fill 'f1' of bot 'alpha' is a sell of BTC/USDT; the order it executes, 'o1', is a buy of BTC/USDT" },
        { "BTCUSDT", "buy", "write the fill's symbol as its order's, BTC/USDT" },
    };

    [StorageTheory]
    [MemberData(nameof(Mismatches))]
    public void a_fill_naming_its_order_by_the_bots_id_must_trade_what_the_order_does(string symbol, string side, string expected)
    {
        var ledger = Ledger();
        var fill = Buy("alpha", "f1", 1, 100, symbol: symbol, order: "o1") with { Side = EnumText.Parse<Side>(side) };

        var refused = Assert.Throws<TradebookException>(() => ledger.Record(Fills(fill)));

        Assert.Equal(ErrorCode.InvalidInput, refused.Code);
        Assert.Contains(expected, refused.Message, StringComparison.Ordinal);
        Assert.Equal(0L, StoredFills());
    }

    [StorageTheory]
    [MemberData(nameof(Mismatches))]
    public void a_fill_naming_its_order_by_the_exchanges_id_must_trade_what_the_order_does(string symbol, string side, string expected)
    {
        var ledger = Ledger();
        var fill = Buy("alpha", "f1", 1, 100, symbol: symbol) with { Side = EnumText.Parse<Side>(side), ExchangeOrderId = "X-1" };

        var refused = Assert.Throws<TradebookException>(() => ledger.Record(Fills(fill)));

        Assert.Contains(expected, refused.Message, StringComparison.Ordinal);
        Assert.Equal(0L, StoredFills());
    }

    [StorageFact]
    public void an_order_whose_waiting_fill_trades_something_else_is_refused_and_the_fill_waits_on()
    {
        var ledger = Ledger(withOrder: false);
        ledger.Record(Fills(Sell("alpha", "f1", 1, 100, symbol: "ETH/USDT") with { ExchangeOrderId = "X-1" }));

        var refused = Assert.Throws<TradebookException>(() => ledger.Record(new LedgerBatch { Orders = [Placed] }));

        Assert.Equal(ErrorCode.Conflict, refused.Code);
        Assert.Contains("fill 'f1' of bot 'alpha', recorded before it with exchange order id X-1, is a sell of ETH/USDT", refused.Message, StringComparison.Ordinal);
        Assert.Equal(0L, Db.Count("orders"));
        Assert.Equal(1L, Db.Count("fills", "WHERE order_id IS NULL"));
    }

    [StorageFact]
    public void fills_that_trade_what_their_order_does_are_linked_as_before()
    {
        var ledger = Ledger(withOrder: false);
        ledger.Record(Fills(Buy("alpha", "f1", 0.5m, 100) with { ExchangeOrderId = "X-1" }));

        ledger.Record(new LedgerBatch { Orders = [Placed], Fills = [Buy("alpha", "f2", 0.5m, 100, order: "o1", minute: 1)] });

        Assert.Equal(2L, Db.Count("fills", "WHERE order_id IS NOT NULL"));
    }
}

public sealed class SqliteFillOfAnotherOrderTests() : FillOfAnotherOrderTests(StorageEngine.Sqlite);

public sealed class PostgresFillOfAnotherOrderTests() : FillOfAnotherOrderTests(StorageEngine.Postgres), IPostgresTests;
