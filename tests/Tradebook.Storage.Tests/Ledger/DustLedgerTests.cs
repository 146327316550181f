using Tradebook.Core;
using Tradebook.Core.Domain;
using Tradebook.Storage.Ledger;
using Tradebook.Storage.Tests.Infrastructure;
using static Tradebook.Storage.Tests.Infrastructure.Records;

namespace Tradebook.Storage.Tests.Ledger;

/// <summary>
/// Fee dust in the ledger: the round trip a fill leaves below the product's dust threshold is stored as
/// closed, its leftover as the product's dust; the threshold comes from the bot's settings and a change of
/// them derives the products again; replays, late fills and the replay oracle agree.
/// </summary>
public abstract class DustLedgerTests(StorageEngine engine) : StorageTest(engine)
{
    private const string Doge = "DOGE/USDT";

    private Storage.Ledger.LedgerWriter Ledger()
    {
        Db.Migrated();
        var ledger = Db.Ledger();
        ledger.AddBot(new BotSpec("alpha", BotMode.Paper));
        ledger.AddBot(new BotSpec("beta", BotMode.Paper, CostBasisMethod.Fifo));
        return ledger;
    }

    private static LedgerBatch Settings(params Setting[] settings) => new() { Settings = settings };

    /// <summary>Bought 100 DOGE @ 10, the exchange kept 0.1 DOGE as its fee: 99.9 received; 99 sold @ 11.</summary>
    private static FillRecord[] FeeInCoin(string bot, int minute = 0) =>
    [
        new(bot, $"{bot}-buy-{minute}", Doge, Side.Buy, 99.9m, 10m, 0.1m, "DOGE", T0.AddMinutes(minute)),
        new(bot, $"{bot}-sell-{minute}", Doge, Side.Sell, 99m, 11m, 1.089m, "USDT", T0.AddMinutes(minute + 1)),
    ];

    private StoredRollup Rollup(string bot, string symbol = Doge) => Db.Query(StoredLedger.Rollups)[(bot, symbol)];

    [StorageFact]
    public void a_round_trip_left_below_the_bots_amount_step_is_closed_and_its_leftover_is_dust()
    {
        var ledger = Ledger();
        ledger.Record(Settings(new Setting("alpha", "amount_step:DOGE/USDT", "1")));

        ledger.Record(Fills(FeeInCoin("alpha")));

        var rollup = Rollup("alpha");
        Assert.Equal((0m, 0.9m, 9m, 0.009009009009m), (rollup.Quantity, rollup.Dust, rollup.DustNotional, rollup.DustFees));
        Assert.Equal((1, 1, 96.920009009009m), (rollup.Trades, rollup.Wins, rollup.RealizedPnl));
        Assert.Null(rollup.OpenPositionId);
        var position = Assert.Single(Db.Query(StoredLedger.Positions));
        Assert.Equal(("closed", 0m, 96.920009009009m), (position.Status, position.Quantity, position.RealizedPnl));
        Db.Check(StoredLedger.AssertMatchesReplay);
    }

    [StorageFact]
    public void an_amount_step_recorded_in_the_same_batch_as_the_fills_decides_them_new_or_stored()
    {
        var ledger = Ledger();
        ledger.Record(Fills(FeeInCoin("beta")));

        // As an import writes it: the steps after the fills in the batch, one product new and one stored.
        ledger.Record(new LedgerBatch
        {
            Fills = FeeInCoin("alpha"),
            Settings = [new Setting("alpha", "amount_step:DOGE/USDT", "1"), new Setting("beta", "amount_step:DOGE/USDT", "1")],
        });

        Assert.Equal((0m, 0.9m, 1), (Rollup("alpha").Quantity, Rollup("alpha").Dust, Rollup("alpha").Trades));
        Assert.Equal((0m, 0.9m, 1), (Rollup("beta").Quantity, Rollup("beta").Dust, Rollup("beta").Trades));
        Assert.Equal(0, Db.Count("positions", "WHERE status = 'open'"));
        Db.Check(StoredLedger.AssertMatchesReplay);
    }

    [StorageFact]
    public void the_default_threshold_keeps_a_real_leftover_open_and_the_bots_threshold_closes_it_when_set()
    {
        var ledger = Ledger();
        ledger.Record(Fills(FeeInCoin("alpha")));
        Assert.Equal((0.9m, 0m, 0), (Rollup("alpha").Quantity, Rollup("alpha").Dust, Rollup("alpha").Trades));

        // The bot's threshold, set after the fills: its products are derived again under it.
        ledger.Record(Settings(new Setting("alpha", "dust_threshold", "1")));
        Assert.Equal((0m, 0.9m, 1), (Rollup("alpha").Quantity, Rollup("alpha").Dust, Rollup("alpha").Trades));
        Assert.Equal("closed", Assert.Single(Db.Query(StoredLedger.Positions)).Status);
        Db.Check(StoredLedger.AssertMatchesReplay);

        // Zero turns the rule off: the leftover is an open position again, in the same position row.
        var id = Assert.Single(Db.Query(StoredLedger.Positions)).Id;
        ledger.Record(Settings(new Setting("alpha", "dust_threshold", "0")));
        Assert.Equal((0.9m, 0m, 0), (Rollup("alpha").Quantity, Rollup("alpha").Dust, Rollup("alpha").Trades));
        Assert.Equal((id, "open"), (Assert.Single(Db.Query(StoredLedger.Positions)).Id, Assert.Single(Db.Query(StoredLedger.Positions)).Status));
        Db.Check(StoredLedger.AssertMatchesReplay);
    }

    [StorageFact]
    public void an_amount_step_wins_over_the_bots_threshold_and_decides_only_its_own_product()
    {
        var ledger = Ledger();
        ledger.Record(Fills([.. FeeInCoin("alpha"), Buy("alpha", "b1", 2.5m, 100), Sell("alpha", "s1", 2m, 110, minute: 1)]));
        ledger.Record(Settings(new Setting("alpha", "dust_threshold", "1")));
        Assert.Equal((0.9m, 0.5m, 1), (Rollup("alpha").Dust, Rollup("alpha", "BTC/USDT").Dust, Rollup("alpha", "BTC/USDT").Trades));

        // A step of 0.1 on BTC/USDT only: its 0.5 left is a position again; DOGE keeps the bot's threshold.
        ledger.Record(Settings(new Setting("alpha", "amount_step:BTC/USDT", "0.1")));

        Assert.Equal((0.5m, 0m, 0), (Rollup("alpha", "BTC/USDT").Quantity, Rollup("alpha", "BTC/USDT").Dust, Rollup("alpha", "BTC/USDT").Trades));
        Assert.Equal((0m, 0.9m, 1), (Rollup("alpha").Quantity, Rollup("alpha").Dust, Rollup("alpha").Trades));
        Db.Check(StoredLedger.AssertMatchesReplay);
    }

    [StorageFact]
    public void the_instruments_precision_is_its_step_when_the_bot_gives_none()
    {
        var ledger = Ledger();
        Db.Execute("INSERT INTO instruments (symbol, base, quote, kind, qty_precision) VALUES ('DOGE/USDT', 'DOGE', 'USDT', 'spot', 0)");

        ledger.Record(Fills(FeeInCoin("alpha")));

        Assert.Equal((0m, 0.9m, 1), (Rollup("alpha").Quantity, Rollup("alpha").Dust, Rollup("alpha").Trades));
        Db.Check(StoredLedger.AssertMatchesReplay);
    }

    [StorageFact]
    public void float_noise_a_bot_recorded_is_dust_under_the_default_threshold()
    {
        var ledger = Ledger();

        // A bot that computed 0.1 + 0.2 in binary floating point and sold the 0.3 it meant.
        ledger.Record(Fills(Buy("alpha", "1", 0.30000000000000004m, 100), Sell("alpha", "2", 0.3m, 101, minute: 1)));

        var rollup = Rollup("alpha", "BTC/USDT");
        Assert.Equal((0m, 0.00000000000000004m, 1), (rollup.Quantity, rollup.Dust, rollup.Trades));
        Assert.Equal(0, Db.Count("positions", "WHERE status = 'open'"));
        Db.Check(StoredLedger.AssertMatchesReplay);
    }

    [StorageFact]
    public void a_sale_of_dust_from_flat_is_a_fill_of_no_position_and_survives_a_replay()
    {
        var ledger = Ledger();
        ledger.Record(Settings(new Setting("alpha", "amount_step:DOGE/USDT", "1"), new Setting("beta", "amount_step:DOGE/USDT", "1")));
        foreach (var bot in new[] { "alpha", "beta" })
        {
            ledger.Record(Fills([.. FeeInCoin(bot), new FillRecord(bot, $"{bot}-dust", Doge, Side.Sell, 0.9m, 12m, 0m, null, T0.AddMinutes(5))]));
        }

        // 0.9 x 12 - 9 - 0.009009009009 = 1.790990990991, realized by a fill that names no position.
        Assert.Equal(2, Db.Count("fills", "WHERE position_id IS NULL"));
        Assert.Equal((0m, 0m, 1), (Rollup("alpha").Dust, Rollup("alpha").Quantity, Rollup("alpha").Trades));
        Assert.Equal(96.920009009009m + 1.790990990991m, Rollup("alpha").RealizedPnl);

        // A late fill before all of them: the product is replayed and the dust sale stays of no position.
        ledger.Record(Fills(Buy("alpha", "early", 5, 9, symbol: Doge, minute: -10), Sell("alpha", "early-exit", 5, 9.5m, symbol: Doge, minute: -9)));
        Assert.Equal(2, Db.Count("fills", "WHERE position_id IS NULL"));
        Assert.Equal(2, Rollup("alpha").Trades);
        Db.Check(StoredLedger.AssertMatchesReplay);
    }

    [StorageFact]
    public void fills_recorded_out_of_order_end_with_the_dust_of_time_order()
    {
        var ledger = Ledger();
        ledger.Record(Settings(new Setting("beta", "amount_step:DOGE/USDT", "1")));
        var fills = Enumerable.Range(0, 8).SelectMany(i => FeeInCoin("beta", minute: i * 10)).ToList();

        var random = new Random(3);
        foreach (var batch in fills.OrderBy(_ => random.Next()).Chunk(3))
        {
            ledger.Record(Fills(batch));
        }

        // Eight round trips, each leaving 0.9: 7.2 of dust that cost 72 and 8 x 0.009009009009 of fees.
        var rollup = Rollup("beta");
        Assert.Equal((8, 0m, 7.2m, 72m, 0.072072072072m), (rollup.Trades, rollup.Quantity, rollup.Dust, rollup.DustNotional, rollup.DustFees));
        Db.Check(StoredLedger.AssertMatchesReplay);
    }

    [StorageFact]
    public void a_dust_setting_that_is_no_quantity_is_refused_and_nothing_is_written()
    {
        var ledger = Ledger();
        ledger.Record(Fills(FeeInCoin("alpha")));

        var error = Assert.Throws<TradebookException>(() => ledger.Record(new LedgerBatch
        {
            Fills = [Buy("alpha", "x", 1, 10, symbol: Doge, minute: 5)],
            Settings = [new Setting("alpha", "amount_step:DOGE/USDT", "0")],
        }));

        Assert.Equal(ErrorCode.InvalidInput, error.Code);
        Assert.Contains("above zero", error.Message, StringComparison.Ordinal);
        Assert.Equal(0, Db.Count("settings"));
        Assert.Equal(2, Db.Count("fills"));
    }

    [StorageFact]
    public void reports_show_the_dust_and_value_it_at_the_mark_without_leaving_the_line_unmarked()
    {
        var ledger = Ledger();
        ledger.Record(Settings(new Setting("alpha", "amount_step:DOGE/USDT", "1")));
        ledger.Record(Fills(FeeInCoin("alpha")));
        var reader = Db.Reader();

        var unmarked = Assert.Single(reader.Pnl(new ReportFilter(Bot: "alpha"), PnlGrouping.Product));
        Assert.Equal((0.9m, 0m, 0m, true), (unmarked.Dust, unmarked.PositionQty, unmarked.UnrealizedPnl, unmarked.Marked));

        // At 12 the dust is worth 10.8 against its cost 9.009009009009.
        var marks = new Dictionary<string, decimal> { [Doge] = 12m };
        var marked = Assert.Single(reader.Pnl(new ReportFilter(Bot: "alpha"), PnlGrouping.Product, marks));
        Assert.Equal((1.790990990991m, true), (marked.UnrealizedPnl, marked.Marked));

        var dust = Assert.Single(reader.Dust(new ReportFilter(), marks));
        Assert.Equal(new DustRow("alpha", "paper", Doge, 0.9m, 9.009009009009m, 12m, 1.790990990991m), dust);
        Assert.Empty(reader.OpenPositions(new ReportFilter()));
    }
}

public sealed class SqliteDustLedgerTests() : DustLedgerTests(StorageEngine.Sqlite);

public sealed class PostgresDustLedgerTests() : DustLedgerTests(StorageEngine.Postgres), IPostgresTests;
