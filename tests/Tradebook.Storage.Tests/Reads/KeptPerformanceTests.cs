using Tradebook.Core.Accounting;
using Tradebook.Core.Domain;
using Tradebook.Core.Metrics;
using Tradebook.Storage.Ledger;
using Tradebook.Storage.Reads;
using Tradebook.Storage.Tests.Infrastructure;

namespace Tradebook.Storage.Tests.Reads;

/// <summary>
/// A bot's performance history taken further by what was recorded since gives the metrics of the same history
/// read whole, and the equity curve it keeps is the one drawn from every reading, whatever was recorded: round trips
/// across batches and products, readings, cash flows, late fills and readings, a new product. It is read whole again only when the history changed other than by adding to it.
/// </summary>
public abstract class KeptPerformanceTests(StorageEngine engine) : StorageTest(engine)
{
    private static readonly DateTimeOffset Start = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
    private static readonly string[] Symbols = ["BTC/USDT", "ETH/USDT", "SOL/USDT"];
    private static readonly TimeSpan Hour = TimeSpan.FromHours(1);

    [StorageFact]
    public void a_history_taken_further_measures_as_the_same_history_read_whole()
    {
        Db.Migrated();
        var ledger = Db.Ledger();
        ledger.AddBot(new BotSpec("alpha", BotMode.Paper));
        var history = new EquityHistory(Db.Database);
        var random = new Random(20261207);
        var held = new decimal[Symbols.Length];
        var minute = 0;
        var fill = 0;
        var equity = 1_000m;
        KeptPerformance? kept = null;
        var (appended, late) = (0, 0);
        for (var step = 0; step < 80; step++)
        {
            var (fills, flows, readings) = (new List<FillRecord>(), new List<CashFlowRecord>(), new List<SnapshotRecord>());
            var isLate = step > 10 && random.Next(8) == 0;
            var symbols = step < 30 ? 2 : Symbols.Length;
            for (var i = random.Next(1, 6); i > 0; i--)
            {
                var product = random.Next(symbols);
                var at = isLate ? Start.AddMinutes(random.Next(1, minute)).AddSeconds(30) : Start.AddMinutes(++minute);

                // Round trips open and close across batches: a sell takes what is held, or part of it.
                var sell = held[product] > 0 && random.Next(2) == 0;
                var quantity = sell ? (random.Next(2) == 0 ? held[product] : held[product] / 2) : random.Next(1, 4);
                held[product] += sell ? -quantity : quantity;
                fills.Add(new FillRecord("alpha", $"f{++fill}", Symbols[product], sell ? Side.Sell : Side.Buy, quantity, 100m + random.Next(-20, 21), 0.1m, "USDT", at));
            }

            if (random.Next(3) == 0)
            {
                flows.Add(new CashFlowRecord("alpha", $"c{step}", CashFlowKind.Funding, random.Next(-5, 6), "USDT", Start.AddMinutes(++minute), Symbols[random.Next(symbols)]));
            }

            // The owner's money in and out, now and then before the last reading.
            var lateFlow = step > 10 && random.Next(12) == 0;
            if (random.Next(4) == 0 || lateFlow)
            {
                var kind = random.Next(3) switch { 0 => CashFlowKind.Deposit, 1 => CashFlowKind.Withdrawal, _ => CashFlowKind.Transfer };
                var at = lateFlow ? Start.AddMinutes(random.Next(1, minute)).AddSeconds(45) : Start.AddHours(++minute);
                flows.Add(new CashFlowRecord("alpha", $"k{step}", kind, kind == CashFlowKind.Transfer ? random.Next(-200, 201) : random.Next(1, 300), "USDT", at));
            }

            var lateReading = step > 10 && random.Next(10) == 0;
            equity += random.Next(-40, 41);
            readings.Add(new SnapshotRecord("alpha", lateReading ? Start.AddMinutes(random.Next(1, minute)).AddSeconds(15) : Start.AddHours(++minute), equity));
            ledger.Record(new LedgerBatch { Fills = fills, CashFlows = flows, Snapshots = readings });

            var before = kept;
            kept = history.Performance("alpha", kept)!;
            history.DrawCurve(kept, Hour);
            var whole = history.Performance("alpha")!;
            var now = Start.AddDays(30);
            Assert.Equal(whole.Measure(365, now), kept.Measure(365, now));
            Assert.Equal(whole.Measure(252, now), kept.Measure(252, now));
            var points = history.Points("alpha");
            var capital = history.CapitalFlows("alpha", null, null);
            var (curve, drawdown) = kept.Curve(Hour);
            Assert.Equal(EquityCurve.Downsample(points, Hour, capital), curve);
            Assert.Equal(Drawdown.Maximum(CapitalAdjustment.Adjusted(points, capital).Select(p => (p.At, p.Equity))), drawdown);
            if (before is not null && !isLate && !lateReading && !lateFlow)
            {
                // Only added to: taken further, not read again.
                Assert.Same(before, kept);
                appended++;
            }
            else if (before is not null)
            {
                late++;
            }
        }

        Assert.True(appended > 30 && late > 5, $"{appended} batches added to the history and {late} changed it before its end");
    }

    [StorageFact]
    public void a_replayed_product_or_an_earlier_reading_makes_the_history_read_whole_again()
    {
        Db.Migrated();
        var ledger = Db.Ledger();
        ledger.AddBot(new BotSpec("alpha", BotMode.Paper));
        var history = new EquityHistory(Db.Database);
        ledger.Record(new LedgerBatch
        {
            Fills = [Fill("f1", Side.Buy, 2, 100, 10), Fill("f2", Side.Sell, 2, 110, 20)],
            Snapshots = [new SnapshotRecord("alpha", Start.AddMinutes(10), 1_000m), new SnapshotRecord("alpha", Start.AddMinutes(20), 1_020m)],
        });
        var kept = history.Performance("alpha")!;
        Assert.Equal(1, kept.Measure(365, Start).Trades);

        // Fills between the two split the round trip in two: the product is replayed.
        ledger.Record(new LedgerBatch { Fills = [Fill("f3", Side.Sell, 2, 120, 15), Fill("f4", Side.Buy, 2, 105, 16)] });
        var replayed = history.Performance("alpha", kept)!;
        Assert.NotSame(kept, replayed);
        Assert.Equal(2, replayed.Measure(365, Start).Trades);

        ledger.Record(new LedgerBatch { Snapshots = [new SnapshotRecord("alpha", Start.AddMinutes(5), 2_000m)] });
        var earlier = history.Performance("alpha", replayed)!;
        Assert.NotSame(replayed, earlier);
        Assert.Equal(-0.49m, earlier.Measure(365, Start).Return);

        Assert.Null(history.Performance("nobody"));
    }

    [StorageFact]
    public void the_capital_flows_taken_out_are_those_in_the_currency_the_latest_reading_names()
    {
        Db.Migrated();
        var ledger = Db.Ledger();
        ledger.AddBot(new BotSpec("alpha", BotMode.Paper));
        var history = new EquityHistory(Db.Database);

        // No reading names a currency yet: a deposit of any currency is the owner's money.
        ledger.Record(new LedgerBatch
        {
            Snapshots = [new SnapshotRecord("alpha", Start, 1_000m), new SnapshotRecord("alpha", Start.AddDays(1), 1_100m)],
            CashFlows = [new CashFlowRecord("alpha", "in", CashFlowKind.Deposit, 100m, "EUR", Start.AddHours(1))],
        });
        var kept = history.Performance("alpha")!;
        Assert.Equal(0m, kept.Measure(365, Start).Return);

        // Once the equity is said to be in USDT, the deposit in EUR cannot be taken out of it: the history is read again.
        ledger.Record(new LedgerBatch { Snapshots = [new SnapshotRecord("alpha", Start.AddDays(2), 1_100m, Currency: "USDT")] });
        var named = history.Performance("alpha", kept)!;
        Assert.NotSame(kept, named);
        Assert.Equal(0.1m, named.Measure(365, Start).Return);
        Assert.Equal(named.Measure(365, Start), history.Performance("alpha")!.Measure(365, Start));
    }

    private static FillRecord Fill(string id, Side side, decimal quantity, decimal price, int minute) =>
        new("alpha", id, "BTC/USDT", side, quantity, price, 0m, null, Start.AddMinutes(minute));
}

public sealed class SqliteKeptPerformanceTests() : KeptPerformanceTests(StorageEngine.Sqlite);

public sealed class PostgresKeptPerformanceTests() : KeptPerformanceTests(StorageEngine.Postgres), IPostgresTests;
