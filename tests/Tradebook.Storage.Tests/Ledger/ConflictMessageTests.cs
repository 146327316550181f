using Tradebook.Core;
using Tradebook.Core.Domain;
using Tradebook.Storage.Ledger;
using Tradebook.Storage.Tests.Infrastructure;
using static Tradebook.Storage.Tests.Infrastructure.Records;

namespace Tradebook.Storage.Tests.Ledger;

/// <summary>
/// A row recorded again under its key with other values is refused, naming each field that differs with both values,
/// which the bot's author reads to find what changed. The values were shown as the store holds them: a signal's or an
/// order's symbol as the number of its instrument row ("symbol: stored 2, given 1"), an order's decision likewise, and
/// times in a US-style date that dropped the fraction of a second, so that a time given again without its
/// milliseconds read "stored 12/08/2026 02:50:12 +00:00, given 12/08/2026 02:50:12 +00:00".
/// </summary>
public abstract class ConflictMessageTests(StorageEngine engine) : StorageTest(engine)
{
    private static readonly DateTimeOffset Placed = new(2026, 12, 8, 2, 50, 12, 482, TimeSpan.Zero);

    private LedgerWriter Ledger()
    {
        Db.Migrated();
        var ledger = Db.Ledger();
        ledger.AddBot(new BotSpec("alpha", BotMode.Paper));
        return ledger;
    }

    [StorageFact]
    public void a_signal_recorded_again_names_its_symbols_and_times_as_they_were_given()
    {
        var ledger = Ledger();
        ledger.Record(new LedgerBatch { Signals = [new SignalRecord("alpha", "s1", "ETH/USDT", Placed, "buy", 0.5m, 2000m)] });

        var error = Assert.Throws<TradebookException>(() => ledger.Record(new LedgerBatch
        {
            Signals = [new SignalRecord("alpha", "s1", "BTC/USDT", Placed.AddMilliseconds(-482), "buy", 0.5m, 2000m)],
        }));

        Assert.Equal(ErrorCode.Conflict, error.Code);
        Assert.Contains("symbol: stored ETH/USDT, given BTC/USDT", error.Message, StringComparison.Ordinal);
        Assert.Contains("ts: stored 2026-12-08T02:50:12.482Z, given 2026-12-08T02:50:12Z", error.Message, StringComparison.Ordinal);
    }

    [StorageFact]
    public void an_order_recorded_again_names_its_symbols_and_decisions_by_the_bot_s_ids()
    {
        var ledger = Ledger();
        ledger.Record(new LedgerBatch
        {
            Decisions = [new DecisionRecord("alpha", "d-enter", Placed, null, """{"action":"buy"}"""), new DecisionRecord("alpha", "d-other", Placed, null, """{"action":"hold"}""")],
            Orders = [new OrderRecord("alpha", "o1", "ETH/USDT", Side.Buy, "limit", 1.5m, 2000m, "open", Placed, DecisionId: "d-enter")],
        });

        var error = Assert.Throws<TradebookException>(() => ledger.Record(new LedgerBatch
        {
            Orders = [new OrderRecord("alpha", "o1", "BTC/USDT", Side.Buy, "limit", 1.25m, 2000m, "open", Placed, DecisionId: "d-other")],
        }));

        Assert.Equal(ErrorCode.Conflict, error.Code);
        Assert.Contains("symbol: stored ETH/USDT, given BTC/USDT", error.Message, StringComparison.Ordinal);
        Assert.Contains("qty: stored 1.5, given 1.25", error.Message, StringComparison.Ordinal);
        Assert.Contains("decision: stored d-enter, given d-other", error.Message, StringComparison.Ordinal);
    }

    [StorageFact]
    public void a_cash_flow_recorded_again_names_its_symbols()
    {
        var ledger = Ledger();
        ledger.Record(new LedgerBatch { CashFlows = [new CashFlowRecord("alpha", "c1", CashFlowKind.Funding, -1.25m, "USDT", Placed, "BTC/USDT:USDT")] });

        var error = Assert.Throws<TradebookException>(() => ledger.Record(new LedgerBatch
        {
            CashFlows = [new CashFlowRecord("alpha", "c1", CashFlowKind.Funding, -1.25m, "USDT", Placed, "ETH/USDT:USDT")],
        }));

        Assert.Contains("symbol: stored BTC/USDT:USDT, given ETH/USDT:USDT", error.Message, StringComparison.Ordinal);
    }
}

public sealed class SqliteConflictMessageTests() : ConflictMessageTests(StorageEngine.Sqlite);

public sealed class PostgresConflictMessageTests() : ConflictMessageTests(StorageEngine.Postgres), IPostgresTests;
