using Dapper;
using Tradebook.Core;
using Tradebook.Core.Domain;
using Tradebook.Storage.Ledger;
using Tradebook.Storage.Tests.Infrastructure;
using static Tradebook.Storage.Tests.Infrastructure.Records;

namespace Tradebook.Storage.Tests.Ledger;

public abstract class LedgerTests(StorageEngine engine) : StorageTest(engine)
{
    private static readonly string[] CountedTables = ["fills", "orders", "decisions", "equity_snapshots", "positions", "product_rollups", "daily_rollups", "instruments", "position_lots"];

    private Storage.Ledger.LedgerWriter Ledger()
    {
        Db.Migrated();
        var ledger = Db.Ledger();
        ledger.AddBot(new BotSpec("alpha", BotMode.Paper));
        ledger.AddBot(new BotSpec("beta", BotMode.Paper, CostBasisMethod.Fifo));
        return ledger;
    }

    private Dictionary<string, long> RowCounts() => CountedTables.ToDictionary(t => t, t => Db.Count(t));

    private Dictionary<(string, string), StoredRollup> Rollups() => Db.Query(StoredLedger.Rollups);

    [StorageFact]
    public void replaying_a_batch_reports_every_fill_as_existing_and_changes_nothing()
    {
        var ledger = Ledger();
        var batch = Fills(Buy("alpha", "f1", 1, 100, 0.1m), Buy("alpha", "f2", 2, 110, 0.2m), Sell("alpha", "f3", 1.5m, 120, 0.15m), Buy("beta", "f1", 3, 50, symbol: "ETH/USDT"));

        var first = ledger.Record(batch);
        var counts = RowCounts();
        var rollups = Rollups();
        var second = ledger.Record(batch);

        Assert.Equal(new KindCount(4, 0, 0), first["fills"]);
        Assert.Equal(new KindCount(0, 4, 0), second["fills"]);
        Assert.Equal(0, second.Inserted);
        Assert.Equal(counts, RowCounts());
        Assert.Equal(rollups, Rollups());
        Db.Check(StoredLedger.AssertMatchesReplay);
    }

    [StorageFact]
    public void the_same_fill_twice_in_one_batch_is_recorded_once()
    {
        var ledger = Ledger();

        var summary = ledger.Record(Fills(Buy("alpha", "f1", 1, 100), Buy("alpha", "f1", 1, 100)));

        Assert.Equal(new KindCount(1, 1, 0), summary["fills"]);
        Assert.Equal(1, Db.Count("fills"));
    }

    [StorageFact]
    public void the_same_id_with_another_price_is_a_conflict_and_nothing_of_that_batch_is_kept()
    {
        var ledger = Ledger();
        ledger.Record(Fills(Buy("alpha", "f1", 1, 100)));
        var counts = RowCounts();
        var rollups = Rollups();

        var error = Assert.Throws<TradebookException>(() => ledger.Record(Fills(Buy("alpha", "f2", 1, 105), Buy("beta", "f9", 1, 7, symbol: "SOL/USDT"), Buy("alpha", "f1", 1, 101))));

        Assert.Equal(ErrorCode.Conflict, error.Code);
        Assert.Contains("fill 'f1' of bot 'alpha'", error.Message, StringComparison.Ordinal);
        Assert.Contains("price", error.Message, StringComparison.Ordinal);
        Assert.Equal(counts, RowCounts());
        Assert.Equal(rollups, Rollups());
    }

    [StorageFact]
    public void a_bot_turn_is_recorded_whole_decision_order_fills_and_snapshot()
    {
        var ledger = Ledger();
        var turn = new LedgerBatch
        {
            Signals = [new SignalRecord("alpha", "s1", "BTC/USDT", T0, "buy", 0.8m)],
            Decisions = [new DecisionRecord("alpha", "d1", T0, "prompt", """{"action":"buy"}""", SignalIds: ["s1"])],
            Orders = [new OrderRecord("alpha", "o1", "BTC/USDT", Side.Buy, "limit", 2, 100, "filled", T0, DecisionId: "d1")],
            Fills = [Buy("alpha", "f1", 1, 100, order: "o1"), Buy("alpha", "f2", 1, 99.5m, order: "o1")],
            Snapshots = [new SnapshotRecord("alpha", T0.AddMinutes(1), 10_000m, 9_800.5m, "USDT")],
        };

        var summary = ledger.Record(turn);

        Assert.Equal(6, summary.Inserted);
        Assert.Equal(1, Db.Count("decision_signals"));
        Assert.Equal(2, Db.Count("fills", "WHERE order_id = (SELECT id FROM orders WHERE client_order_id = 'o1')"));
        Assert.Equal(1, Db.Count("orders", "WHERE decision_id = (SELECT id FROM decisions WHERE external_id = 'd1')"));
        Assert.Equal(0, ledger.Record(turn).Inserted);
    }

    [StorageFact]
    public void a_bot_turn_whose_last_fill_conflicts_leaves_no_decision_order_or_snapshot()
    {
        var ledger = Ledger();
        ledger.Record(Fills(Buy("alpha", "old", 1, 100)));
        var counts = RowCounts();
        var turn = new LedgerBatch
        {
            Decisions = [new DecisionRecord("alpha", "d1", T0, null, """{"action":"buy"}""")],
            Orders = [new OrderRecord("alpha", "o1", "ETH/USDT", Side.Buy, "market", 2, null, "filled", T0, DecisionId: "d1")],
            Fills = [Buy("alpha", "f1", 1, 30, symbol: "ETH/USDT", order: "o1"), Buy("alpha", "old", 1, 100.5m)],
            Snapshots = [new SnapshotRecord("alpha", T0, 10_000m)],
        };

        Assert.Equal(ErrorCode.Conflict, Assert.Throws<TradebookException>(() => ledger.Record(turn)).Code);

        Assert.Equal(counts, RowCounts());
    }

    [StorageFact]
    public void a_fill_of_an_unknown_bot_is_refused_and_nothing_is_written()
    {
        var ledger = Ledger();
        var counts = RowCounts();

        var error = Assert.Throws<TradebookException>(() => ledger.Record(Fills(Buy("alpha", "f1", 1, 100), Buy("gamma", "f2", 1, 100))));

        Assert.Equal(ErrorCode.UnknownBot, error.Code);
        Assert.Contains("'gamma'", error.Message, StringComparison.Ordinal);
        Assert.Equal(counts, RowCounts());
    }

    [StorageFact]
    public void a_fill_with_a_zero_quantity_is_refused_with_what_to_fix_and_nothing_of_its_batch_is_written()
    {
        var ledger = Ledger();
        var counts = RowCounts();

        var error = Assert.Throws<TradebookException>(() => ledger.Record(Fills(Buy("alpha", "f1", 1, 100), Sell("alpha", "f2", 0, 100))));

        Assert.Equal(ErrorCode.InvalidInput, error.Code);
        Assert.Equal("fill 'f2' has quantity 0; it must be positive (the side says buy or sell)", error.Message);
        Assert.Equal(counts, RowCounts());
    }

    [StorageFact]
    public void a_fill_naming_another_bots_order_is_refused()
    {
        var ledger = Ledger();
        ledger.Record(new LedgerBatch { Orders = [new OrderRecord("beta", "o1", "BTC/USDT", Side.Buy, "market", 1, null, "filled", T0)] });
        var counts = RowCounts();

        var error = Assert.Throws<TradebookException>(() => ledger.Record(Fills(Buy("alpha", "f1", 1, 100, order: "o1"))));

        Assert.Equal(ErrorCode.UnknownOrder, error.Code);
        Assert.Equal(counts, RowCounts());
    }

    [StorageFact]
    public void the_database_itself_refuses_a_fill_pointing_at_another_bots_order()
    {
        var ledger = Ledger();
        ledger.Record(new LedgerBatch { Orders = [new OrderRecord("beta", "o1", "BTC/USDT", Side.Buy, "market", 1, null, "filled", T0)] });

        // Past the ledger's own check, straight to SQL: the composite key (order_id, bot_id) refuses it.
        var error = Assert.Throws<TradebookException>(() => Db.Database.InTransaction((connection, transaction) =>
        {
            using var insert = Storage.Connection.DbCommandExtensions.Command(connection, transaction, """
                INSERT INTO fills (bot_id, external_id, order_id, instrument_id, side, quantity, price, fee, fee_quote, ts, realized_pnl, recorded_at)
                SELECT a.id, 'sneaky', o.id, o.instrument_id, 'buy', 1, 100, 0, 0, o.ts, 0, o.recorded_at
                FROM bots a, orders o WHERE a.name = 'alpha' AND o.client_order_id = 'o1'
                """);
            return insert.ExecuteNonQuery();
        }));

        Assert.Equal(ErrorCode.ConstraintViolation, error.Code);
        Assert.Equal(0, Db.Count("fills"));
    }

    [StorageFact]
    public void adding_the_same_bot_again_changes_nothing_and_another_mode_under_its_name_is_refused()
    {
        var ledger = Ledger();

        Assert.False(ledger.AddBot(new BotSpec("alpha", BotMode.Paper)).Inserted);
        Assert.Equal(ErrorCode.Conflict, Assert.Throws<TradebookException>(() => ledger.AddBot(new BotSpec("alpha", BotMode.Live))).Code);
        Assert.Equal(["alpha", "beta"], ledger.ListBots().Select(b => b.Name));
    }

    [StorageFact]
    public void pnl_never_mixes_modes_unless_asked()
    {
        var ledger = Ledger();
        ledger.AddBot(new BotSpec("real", BotMode.Live));
        ledger.Record(Fills(Buy("alpha", "p1", 1, 100), Sell("alpha", "p2", 1, 130), Buy("real", "l1", 1, 100), Sell("real", "l2", 1, 90)));
        var reader = Db.Reader();

        var paper = reader.Pnl(new ReportFilter(Mode: BotMode.Paper), PnlGrouping.Bot);
        var live = reader.Pnl(new ReportFilter(Mode: BotMode.Live), PnlGrouping.Product);
        var daily = reader.Pnl(new ReportFilter(Mode: BotMode.Live), PnlGrouping.Day);
        var all = reader.Pnl(new ReportFilter(AllModes: true), PnlGrouping.Bot);

        Assert.Equal(("alpha", "paper", 30m), paper.Select(l => (l.Bot, l.Mode, l.RealizedPnl)).Single());
        Assert.Equal(("real", "live", "BTC/USDT", -10m), live.Select(l => (l.Bot, l.Mode, l.Product, l.RealizedPnl)).Single());
        Assert.Equal(("real", "live", "2024-03-01", -10m), daily.Select(l => (l.Bot, l.Mode, l.Product, l.RealizedPnl)).Single());
        Assert.Equal(["live", "paper"], all.Select(l => l.Mode).Order());
        Assert.DoesNotContain(all, l => l.Mode == "mixed");
        // Without a mode, every line still belongs to one bot and so to one mode; nothing is summed across modes.
        Assert.Equal([("alpha", "paper"), ("real", "live")], reader.Pnl(new ReportFilter(), PnlGrouping.Bot).Select(l => (l.Bot, l.Mode)).Order());
        Assert.Single(reader.Pnl(new ReportFilter(Bot: "real"), PnlGrouping.Product));
    }

    [StorageFact]
    public void fifo_lots_survive_across_batches()
    {
        var ledger = Ledger();

        ledger.Record(Fills(Buy("beta", "1", 100, 10)));
        ledger.Record(Fills(Buy("beta", "2", 100, 15)));
        ledger.Record(Fills(Sell("beta", "3", 50, 12)));
        ledger.Record(Fills(Sell("beta", "4", 100, 20)));

        // FIFO: 50 x (12 - 10) = 100; then 50 x (20 - 10) + 50 x (20 - 15) = 750. The 50 left are from the second lot.
        var line = Db.Reader().Pnl(new ReportFilter(Bot: "beta"), PnlGrouping.Product).Single();
        Assert.Equal((850m, 50m, 15m), (line.RealizedPnl, line.PositionQty, line.AvgEntryPrice));
        var open = Db.Query(StoredLedger.Positions).Single(p => p.Status == "open");
        Assert.Equal([new Core.Accounting.Lot(50, 750, 0)], Db.Query(c => StoredLedger.Lots(c, open.Id)).ToArray());
        Db.Check(StoredLedger.AssertMatchesReplay);
    }

    [StorageFact]
    public void the_worked_example_realizes_725_through_the_store()
    {
        var ledger = Ledger();

        ledger.Record(Fills(Buy("alpha", "1", 100, 10), Buy("alpha", "2", 100, 15)));
        ledger.Record(Fills(Sell("alpha", "3", 50, 12)));
        ledger.Record(Fills(Sell("alpha", "4", 100, 20)));

        var line = Db.Reader().Pnl(new ReportFilter(Bot: "alpha"), PnlGrouping.Product, new Dictionary<string, decimal> { ["BTC/USDT"] = 20m }).Single();
        Assert.Equal(725m, line.RealizedPnl);
        Assert.Equal(50m, line.PositionQty);
        Assert.Equal(12.5m, line.AvgEntryPrice);
        Assert.Equal(375m, line.UnrealizedPnl); // 50 x (20 - 12.5)
        Assert.Equal(1100m, line.TotalPnl);
        var position = Db.Reader().OpenPositions(new ReportFilter(Bot: "alpha")).Single();
        Assert.Equal(("long", 50m, 12.5m, 625m), (position.Direction, position.Quantity, position.AvgEntryPrice, position.CostBasis));
    }

    [StorageFact]
    public void funding_attributed_to_an_open_position_counts_in_realized()
    {
        var ledger = Ledger();
        const string perp = "BTC/USDT:USDT";
        ledger.Record(Fills(Buy("alpha", "1", 2, 100, symbol: perp)));

        ledger.Record(new LedgerBatch
        {
            CashFlows =
            [
                new CashFlowRecord("alpha", "fund-1", CashFlowKind.Funding, -1.25m, "USDT", T0.AddHours(8), perp),
                new CashFlowRecord("alpha", "fund-2", CashFlowKind.Funding, 0.5m, "usdt", T0.AddHours(16), perp),
                // In another currency: kept as a cash flow, not added to the product's P&L without a rate.
                new CashFlowRecord("alpha", "fund-3", CashFlowKind.Funding, 0.001m, "BTC", T0.AddHours(16), perp),
            ],
        });
        ledger.Record(Fills(Sell("alpha", "2", 2, 103, symbol: perp, minute: 60 * 20)));

        var rollup = Rollups()[("alpha", perp)];
        // 2 x (103 - 100) = 6, plus funding -1.25 + 0.5.
        Assert.Equal((5.25m, -0.75m, 1, 1), (rollup.RealizedPnl, rollup.CashFlowPnl, rollup.Trades, rollup.Wins));
        var position = Db.Query(StoredLedger.Positions).Single();
        Assert.Equal((5.25m, -0.75m, "closed"), (position.RealizedPnl, position.CashFlowPnl, position.Status));
        Assert.Equal(2, Db.Count("cash_flows", "WHERE position_id IS NOT NULL"));
        Assert.Equal(5.25m, Db.Reader().Pnl(new ReportFilter(Bot: "alpha"), PnlGrouping.Product).Single().RealizedPnl);
        Assert.Equal(5.25m, Db.Reader().Pnl(new ReportFilter(Bot: "alpha"), PnlGrouping.Day).Sum(l => l.RealizedPnl));
        Assert.Equal(0, ledger.Record(new LedgerBatch { CashFlows = [new CashFlowRecord("alpha", "fund-1", CashFlowKind.Funding, -1.25m, "USDT", T0.AddHours(8), perp)] }).Inserted);
        Assert.Equal(5.25m, Rollups()[("alpha", perp)].RealizedPnl);
        Db.Check(StoredLedger.AssertMatchesReplay);
    }

    [StorageFact]
    public void a_flips_fee_is_shared_between_the_two_positions_as_core_shares_it()
    {
        var ledger = Ledger();

        // Buy 1 @ 100, then sell 3 @ 110 with a fee of 1. One of the three closes the long and carries a
        // third of the fee, rounded to 12 places: 0.333333333333; the two that open the short carry the
        // rest, 0.666666666667, so the two positions' fees add up to the fee exactly.
        // The long realizes 1 x (110 - 100) - 0.333333333333 = 9.666666666667.
        foreach (var bot in new[] { "alpha", "beta" })
        {
            ledger.Record(Fills(Buy(bot, "1", 1, 100), Sell(bot, "2", 3, 110, 1, minute: 1)));
        }

        foreach (var bot in new[] { "alpha", "beta" })
        {
            var positions = Db.Query(StoredLedger.Positions).Where(p => p.Bot == bot).ToList();
            Assert.Equal(2, positions.Count);
            Assert.Equal(("long", "closed", 1m, 0.333333333333m, 9.666666666667m), (positions[0].Direction, positions[0].Status, positions[0].MaxQuantity, positions[0].Fees, positions[0].RealizedPnl));
            Assert.Equal(("short", "open", 2m, 0.666666666667m, 0m), (positions[1].Direction, positions[1].Status, positions[1].MaxQuantity, positions[1].Fees, positions[1].RealizedPnl));
            Assert.Equal(positions[0].ClosedAt, positions[1].OpenedAt);
            Assert.Equal(1m, positions.Sum(p => p.Fees));
            // The short's entry carries the same share: 2 x 110 = 220 brought in, less 0.666666666667.
            Assert.Equal(0.666666666667m, positions[1].EntryFees);
        }

        Db.Check(StoredLedger.AssertMatchesReplay);
    }

    [StorageFact]
    public void a_fee_that_cannot_be_converted_is_kept_apart_per_currency()
    {
        var ledger = Ledger();

        ledger.Record(Fills(Buy("alpha", "1", 1, 100) with { Fee = 0.5m, FeeCurrency = "BNB" }));
        ledger.Record(Fills(Sell("alpha", "2", 1, 110) with { Fee = 0.25m, FeeCurrency = "bnb" }, Sell("alpha", "3", 1, 110) with { Fee = 0.2m, FeeCurrency = "BNB", FeeRate = 300m }));

        var fees = Db.Reader().UnconvertedFees(new ReportFilter(Bot: "alpha"));
        Assert.Equal(("alpha", "BNB", 0.75m), Assert.Single(fees));
        var line = Db.Reader().Pnl(new ReportFilter(Bot: "alpha"), PnlGrouping.Product).Single();
        // Only the fee with a rate is in P&L: 0.2 BNB x 300 = 60. Realized 10 on the round trip; the short opened at 110 carries its 60 fee.
        Assert.Equal((60m, 10m), (line.Fees, line.RealizedPnl));
    }

    [StorageFact]
    public void positions_and_rollups_equal_a_replay_of_random_fills_in_many_batches()
    {
        var ledger = Ledger();
        var random = new Random(20240301);
        var symbols = new[] { "BTC/USDT", "ETH/USDT", "DOGE/USDT" };
        var id = 0;
        for (var batch = 0; batch < 40; batch++)
        {
            var fills = new List<FillRecord>();
            for (var i = random.Next(1, 15); i > 0; i--)
            {
                var bot = random.Next(2) == 0 ? "alpha" : "beta";
                var quantity = random.Next(1, 5000) / 1000m;
                var price = random.Next(100, 100000) / 100m;
                var fee = random.Next(0, 100) / 10000m;
                fills.Add(random.Next(2) == 0
                    ? Buy(bot, $"r{id++}", quantity, price, fee, symbols[random.Next(3)], minute: id)
                    : Sell(bot, $"r{id++}", quantity, price, fee, symbols[random.Next(3)], minute: id));
            }

            ledger.Record(new LedgerBatch { Fills = fills });
            if (batch % 10 == 9)
            {
                Db.Check(StoredLedger.AssertMatchesReplay);
            }
        }

        Assert.Equal(id, Db.Count("fills"));
        Assert.Contains(Rollups().Values, r => r.Trades > 0);
        Db.Check(StoredLedger.AssertMatchesReplay);
    }

    [StorageFact]
    public void a_long_batch_reports_its_progress_every_thousand_fills_and_at_its_end()
    {
        var ledger = Ledger();
        var fills = Enumerable.Range(0, 2_500).Select(i => i % 2 == 0 ? Buy("alpha", $"p{i}", 1, 100, minute: i) : Sell("alpha", $"p{i}", 1, 101, minute: i)).ToArray();
        var reported = new List<int>();

        Db.Database.InTransaction((connection, transaction) => ledger.Record(connection, transaction, Fills(fills), fillsRecorded: reported.Add));

        Assert.Equal([1_000, 2_000, 2_500], reported);
    }

    [StorageFact]
    public void a_setting_is_inserted_then_left_alone_then_replaced_and_each_is_counted_as_such()
    {
        var ledger = Ledger();
        LedgerBatch Settings(string value) => new() { Settings = [new Setting("alpha", "risk", value)] };

        var counts = new[] { "1%", "1%", "2%" }.Select(v => ledger.Record(Settings(v))["settings"]).ToList();

        Assert.Equal([new KindCount(1, 0, 0), new KindCount(0, 1, 0), new KindCount(0, 0, 1)], counts);
        Assert.Equal(1, Db.Count("settings", "WHERE value = '2%'"));
    }

    [StorageFact]
    public void a_setting_an_import_replaces_keeps_its_previous_value_and_writer_for_a_rollback()
    {
        var ledger = Ledger();
        ledger.Record(new LedgerBatch { Settings = [new Setting("alpha", "risk", "1%")] });
        var batch = Db.Query(c => Convert.ToInt64(c.ExecuteScalar("INSERT INTO import_batches (source, format, started_at, status) VALUES ('s', 'test', '2024-06-01T12:00:00Z', 'running') RETURNING id"), System.Globalization.CultureInfo.InvariantCulture));

        Db.Database.InTransaction((connection, transaction) =>
        {
            using var recorder = ledger.Open(connection, transaction, batch);
            recorder.Record(new LedgerBatch { Settings = [new Setting("alpha", "risk", "5%"), new Setting("alpha", "risk", "7%")] });
            return 0;
        });
        ledger.Record(new LedgerBatch { Settings = [new Setting("alpha", "cap", "10")] });

        // The first value replaced is kept once; the setting names the import whose value it holds.
        Assert.Equal(1, Db.Count("import_replaced_settings", $"WHERE import_batch_id = {batch} AND key = 'risk' AND value = '1%' AND previous_batch_id IS NULL"));
        Assert.Equal(1, Db.Count("settings", $"WHERE key = 'risk' AND value = '7%' AND import_batch_id = {batch}"));
        Assert.Equal(1, Db.Count("settings", "WHERE key = 'cap' AND import_batch_id IS NULL"));
    }
}

public sealed class SqliteLedgerTests() : LedgerTests(StorageEngine.Sqlite);

public sealed class PostgresLedgerTests() : LedgerTests(StorageEngine.Postgres), IPostgresTests;
