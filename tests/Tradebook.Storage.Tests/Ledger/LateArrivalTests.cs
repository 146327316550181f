using Tradebook.Core;
using Tradebook.Core.Domain;
using Tradebook.Storage.Ledger;
using Tradebook.Storage.Tests.Infrastructure;
using static Tradebook.Storage.Tests.Infrastructure.Records;

namespace Tradebook.Storage.Tests.Ledger;

/// <summary>
/// Fills and cash flows that arrive after later ones were recorded: the ledger's figures depend on
/// when things happened, never on the order they reached it.
/// </summary>
public abstract class LateArrivalTests(StorageEngine engine) : StorageTest(engine)
{
    private const string Perp = "BTC/USDT:USDT";

    private Storage.Ledger.LedgerWriter Ledger()
    {
        Db.Migrated();
        var ledger = Db.Ledger();
        ledger.AddBot(new BotSpec("alpha", BotMode.Paper));
        ledger.AddBot(new BotSpec("beta", BotMode.Paper, CostBasisMethod.Fifo));
        return ledger;
    }

    private static CashFlowRecord Funding(string id, decimal amount, int minute) =>
        new("alpha", id, CashFlowKind.Funding, amount, "USDT", T0.AddMinutes(minute), Perp);

    [StorageFact]
    public void the_worked_example_recorded_sells_first_still_realizes_725()
    {
        var ledger = Ledger();

        ledger.Record(Fills(Sell("alpha", "a3", 50, 12, minute: 3), Sell("alpha", "a4", 100, 20, minute: 4)));
        ledger.Record(Fills(Buy("alpha", "a1", 100, 10, minute: 1), Buy("alpha", "a2", 100, 15, minute: 2)));

        var rollup = Db.Query(StoredLedger.Rollups)[("alpha", "BTC/USDT")];
        Assert.Equal((725m, 50m, 625m), (rollup.RealizedPnl, rollup.Quantity, rollup.EntryNotional));
        var position = Assert.Single(Db.Query(StoredLedger.Positions));
        Assert.Equal(("long", "open", 725m), (position.Direction, position.Status, position.RealizedPnl));
        Assert.Equal(4, Db.Count("fills", $"WHERE position_id = {position.Id}"));
        Db.Check(StoredLedger.AssertMatchesReplay);
    }

    [StorageFact]
    public void random_fills_arriving_in_random_order_give_the_books_of_time_order()
    {
        var ledger = Ledger();
        var random = new Random(7);
        var symbols = new[] { "BTC/USDT", "ETH/USDT" };
        var fills = Enumerable.Range(0, 300).Select(i =>
        {
            var bot = random.Next(2) == 0 ? "alpha" : "beta";
            var quantity = random.Next(1, 3000) / 1000m;
            var price = random.Next(100, 10000) / 100m;
            var symbol = symbols[random.Next(2)];
            return random.Next(2) == 0 ? Buy(bot, $"r{i}", quantity, price, quantity / 100, symbol, minute: i) : Sell(bot, $"r{i}", quantity, price, quantity / 100, symbol, minute: i);
        }).ToList();

        foreach (var batch in fills.OrderBy(_ => random.Next()).Chunk(17))
        {
            ledger.Record(Fills(batch));
        }

        Assert.Equal(300, Db.Count("fills"));
        Db.Check(StoredLedger.AssertMatchesReplay);
        var reader = Db.Reader();
        foreach (var bot in new[] { "alpha", "beta" })
        {
            var byProduct = reader.Pnl(new ReportFilter(Bot: bot), PnlGrouping.Product);
            var byDay = reader.Pnl(new ReportFilter(Bot: bot), PnlGrouping.Day);
            Assert.Equal(byProduct.Sum(l => l.RealizedPnl), byDay.Sum(l => l.RealizedPnl));
            Assert.Equal(byProduct.Sum(l => l.Fees), byDay.Sum(l => l.Fees));
        }
    }

    [StorageFact]
    public void a_late_funding_flow_belongs_to_the_position_open_at_its_time()
    {
        var ledger = Ledger();
        ledger.Record(Fills(Buy("alpha", "1", 1, 100, symbol: Perp), Sell("alpha", "2", 1, 110, symbol: Perp, minute: 10), Buy("alpha", "3", 1, 105, symbol: Perp, minute: 20)));

        ledger.Record(new LedgerBatch { CashFlows = [Funding("f1", -0.5m, 5)] });

        var positions = Db.Query(StoredLedger.Positions);
        Assert.Equal(2, positions.Count);
        Assert.Equal(("closed", -0.5m, 9.5m), (positions[0].Status, positions[0].CashFlowPnl, positions[0].RealizedPnl));
        Assert.Equal(("open", 0m), (positions[1].Status, positions[1].CashFlowPnl));
        Assert.Equal(positions[0].Id, Db.Query(c => Dapper.SqlMapper.QuerySingle<long>(c, "SELECT position_id FROM cash_flows")));
        Assert.Equal(9.5m, Db.Query(StoredLedger.Rollups)[("alpha", Perp)].RealizedPnl);
        Db.Check(StoredLedger.AssertMatchesReplay);
    }

    [StorageFact]
    public void a_fill_older_than_a_recorded_funding_flow_moves_the_flow_off_the_position_it_closed()
    {
        var ledger = Ledger();
        ledger.Record(Fills(Buy("alpha", "1", 1, 100, symbol: Perp)));
        ledger.Record(new LedgerBatch { CashFlows = [Funding("f1", -0.5m, 10)] });

        // The position was closed before the funding time: the flow counts in the product's P&L, on no position.
        ledger.Record(Fills(Sell("alpha", "2", 1, 110, symbol: Perp, minute: 5)));

        var position = Assert.Single(Db.Query(StoredLedger.Positions));
        Assert.Equal(("closed", 0m, 10m), (position.Status, position.CashFlowPnl, position.RealizedPnl));
        Assert.Equal(1, Db.Count("cash_flows", "WHERE position_id IS NULL"));
        var rollup = Db.Query(StoredLedger.Rollups)[("alpha", Perp)];
        Assert.Equal((9.5m, -0.5m, 1), (rollup.RealizedPnl, rollup.CashFlowPnl, rollup.Trades));
        Db.Check(StoredLedger.AssertMatchesReplay);
    }

    [StorageFact]
    public void a_late_fill_leaves_the_positions_and_fills_before_it_as_they_were()
    {
        var ledger = Ledger();
        ledger.Record(Fills(
            Buy("alpha", "a1", 1, 100, minute: 1), Sell("alpha", "a2", 1, 110, minute: 2),
            Buy("alpha", "b1", 1, 100, minute: 3), Sell("alpha", "b2", 1, 90, minute: 4),
            Buy("alpha", "c1", 2, 100, minute: 5), Sell("alpha", "c2", 2, 120, minute: 7),
            Buy("alpha", "d1", 1, 100, minute: 8)));
        var before = Db.Query(StoredLedger.Positions);
        var earlyFills = FillRows("WHERE external_id IN ('a1', 'a2', 'b1', 'b2')");

        // Half of C's position is sold before C's own exit: C closes at 30 + 20, and its exit of 2 now
        // also opens a short of 1, which D's buy closes (+20) instead of opening a long.
        ledger.Record(Fills(Sell("alpha", "c-late", 1, 130, minute: 6)));

        var after = Db.Query(StoredLedger.Positions);
        Assert.Equal(before.Take(2), after.Take(2));
        Assert.Equal(earlyFills, FillRows("WHERE external_id IN ('a1', 'a2', 'b1', 'b2')"));
        Assert.Equal(before.Select(p => p.Id), after.Select(p => p.Id));
        Assert.Equal((40m, 50m), (before[2].RealizedPnl, after[2].RealizedPnl));
        Assert.Equal(("long", "open"), (before[3].Direction, before[3].Status));
        Assert.Equal(("short", "closed", 20m), (after[3].Direction, after[3].Status, after[3].RealizedPnl));
        Db.Check(StoredLedger.AssertMatchesReplay);
    }

    private List<string> FillRows(string where) => Db.Query(c =>
    {
        using var command = c.CreateCommand();
        command.CommandText = $"SELECT id, position_id, realized_pnl FROM fills {where} ORDER BY id";
        using var reader = command.ExecuteReader();
        var rows = new List<string>();
        while (reader.Read())
        {
            rows.Add($"{reader.GetInt64(0)}:{reader.GetInt64(1)}:{reader.GetDecimal(2)}");
        }

        return rows;
    });

    [StorageFact]
    public void a_fill_sent_again_after_its_position_closed_leaves_no_stray_position()
    {
        var ledger = Ledger();
        ledger.Record(Fills(Buy("alpha", "1", 1, 100), Sell("alpha", "2", 1, 110, minute: 1)));
        var before = Db.Query(StoredLedger.Positions);

        var again = ledger.Record(Fills(Buy("alpha", "1", 1, 100)));

        Assert.Equal(new KindCount(0, 1, 0), again["fills"]);
        Assert.Equal(before, Db.Query(StoredLedger.Positions));
        Db.Check(StoredLedger.AssertMatchesReplay);
    }

    [StorageFact]
    public void a_late_fill_conflicting_with_a_stored_one_changes_nothing()
    {
        var ledger = Ledger();
        ledger.Record(Fills(Buy("alpha", "1", 1, 100, minute: 1), Sell("alpha", "2", 1, 110, minute: 2)));
        var rollups = Db.Query(StoredLedger.Rollups);
        var positions = Db.Query(StoredLedger.Positions);

        var error = Assert.Throws<TradebookException>(() => ledger.Record(Fills(Buy("alpha", "0", 1, 90), Buy("alpha", "1", 2, 100, minute: 1))));

        Assert.Equal(ErrorCode.Conflict, error.Code);
        Assert.Equal(rollups, Db.Query(StoredLedger.Rollups));
        Assert.Equal(positions, Db.Query(StoredLedger.Positions));
        Assert.Equal(2, Db.Count("fills"));
    }
}

public sealed class SqliteLateArrivalTests() : LateArrivalTests(StorageEngine.Sqlite);

public sealed class PostgresLateArrivalTests() : LateArrivalTests(StorageEngine.Postgres), IPostgresTests;
