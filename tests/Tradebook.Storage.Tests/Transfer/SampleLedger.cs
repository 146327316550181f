using Tradebook.Core.Domain;
using Tradebook.Storage.Ledger;
using Tradebook.Storage.Tests.Infrastructure;

namespace Tradebook.Storage.Tests.Transfer;

/// <summary>
/// A ledger that touches every table: a user, bots on both cost methods, signals, a decision citing
/// them, orders, fills with 18-decimal quantities and 14-digit prices, a fee in a third currency and
/// one that cannot be converted, FIFO lots left open, cash flows, snapshots, bars, rates, settings
/// and an import batch; timestamps with microseconds given in a non-UTC offset.
/// </summary>
public static class SampleLedger
{
    public static readonly DateTimeOffset T0 = new DateTimeOffset(2024, 3, 1, 11, 0, 0, TimeSpan.FromHours(2)).AddTicks(1_234_560);

    public const decimal Tiny = 0.000000012345678901m;
    public const decimal Huge = 98765432109876.54321m;

    public static void Write(TestDatabase db)
    {
        db.Migrated();
        var ledger = db.Ledger();
        ledger.AddBot(new BotSpec("alpha", BotMode.Paper, Exchange: "binance", StrategyName: "grid", StrategyVersion: "1.2", Config: """{"levels": 7}""", User: "ana"));
        ledger.AddBot(new BotSpec("beta", BotMode.Live, CostBasisMethod.Fifo, User: "ana"));
        ledger.AddBot(new BotSpec("gamma", BotMode.Backtest));
        db.Execute("INSERT INTO import_batches (source, format, started_at, finished_at, status, report) VALUES ('legacy.sqlite', 'freqtrade', '2024-02-01T08:00:00.000001Z', '2024-02-01T08:00:03.500000Z', 'done', '{}')");

        var provenance = new Provenance("bot-run", "line 7", "2.0.1", "grid-1.2");
        ledger.Record(new LedgerBatch
        {
            Signals =
            [
                new SignalRecord("alpha", "s1", "BTC/USDT", T0, "buy", 0.8125m, 65000.5m, """{"rsi": 28.5}""", provenance),
                new SignalRecord("alpha", "s2", null, T0.AddSeconds(1), "hold"),
            ],
            Decisions = [new DecisionRecord("alpha", "d1", T0.AddSeconds(2), "prompt text", """{"action": "buy"}""", "notes", "filled", ["s1", "s2"], provenance)],
            Orders =
            [
                new OrderRecord("alpha", "o1", "BTC/USDT", Side.Buy, "limit", Tiny, Huge, "filled", T0.AddSeconds(3), "ex-1", "d1", provenance),
                new OrderRecord("beta", "o2", "ETH/USDT", Side.Sell, "market", 3, null, "filled", T0.AddSeconds(4)),
            ],
            Fills =
            [
                new FillRecord("alpha", "f1", "BTC/USDT", Side.Buy, Tiny, Huge, 0.000000000001m, "USDT", T0.AddSeconds(5), "o1", Provenance: provenance),
                new FillRecord("alpha", "f2", "BTC/USDT", Side.Buy, 12345678.123456789m, 65000.12345678m, 12.5m, "BNB", T0.AddMinutes(1), FeeRate: 612.3456789m),
                new FillRecord("alpha", "f3", "BTC/USDT", Side.Sell, 6000000m, 70000.5m, 0.1m, "XYZ", T0.AddMinutes(2)),
                new FillRecord("beta", "f1", "ETH/USDT", Side.Buy, 2, 3000.01m, 0.003m, "USDT", T0.AddMinutes(3)),
                new FillRecord("beta", "f2", "ETH/USDT", Side.Buy, 3, 3100.02m, 0.004m, "USDT", T0.AddMinutes(4)),
                new FillRecord("beta", "f3", "ETH/USDT", Side.Sell, 3, 3200.5m, 0.005m, "USDT", T0.AddMinutes(5), "o2"),
                new FillRecord("beta", "f4", "SOL/USDT", Side.Sell, 10, 150.25m, 0, null, T0.AddDays(1)),
                new FillRecord("gamma", "f1", "BTC/USDT", Side.Buy, 1, 50000, 5, "USDT", T0.AddDays(2)),
                new FillRecord("gamma", "f2", "BTC/USDT", Side.Sell, 1, 49000.99m, 4.9m, "USDT", T0.AddDays(2).AddHours(1)),
            ],
            CashFlows =
            [
                new CashFlowRecord("alpha", "c1", CashFlowKind.Funding, -1.23456789m, "USDT", T0.AddMinutes(90), "BTC/USDT"),
                new CashFlowRecord("alpha", "c2", CashFlowKind.Deposit, 1000000000000.01m, "USDT", T0.AddDays(-1)),
            ],
            Snapshots =
            [
                new SnapshotRecord("alpha", T0.AddHours(1), 1234567890123.123456789m, 99.5m, "USDT", provenance),
                new SnapshotRecord("alpha", T0.AddHours(2), 1234567890000.000000001m),
                new SnapshotRecord("beta", T0.AddHours(1), 15000),
            ],
            PriceBars = [new PriceBar("BTC/USDT", "1m", T0, 65000, 65100.5m, 64900.25m, 65050.125m, 12.000000001m), new PriceBar("ETH/USDT", "1h", T0, 3000, 3300, 2900, 3250.75m)],
            FxRates = [new FxRate("BNB", "USDT", T0, 612.3456789m)],
            Settings = [new Setting("global", "fee_currency", "USDT"), new Setting("alpha", "max_position", "0.5")],
        });

        // The import batch replaces a setting: the value it replaced is kept for a rollback.
        db.Database.InTransaction((connection, transaction) =>
        {
            using var recorder = ledger.Open(connection, transaction, importBatchId: 1);
            recorder.Record(new LedgerBatch { Settings = [new Setting("alpha", "max_position", "0.75")] });
            return 0;
        });
    }
}
