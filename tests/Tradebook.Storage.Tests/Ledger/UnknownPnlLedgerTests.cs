using Tradebook.Core.Accounting;
using Tradebook.Core.Domain;
using Tradebook.Storage.Ledger;
using Tradebook.Storage.Tests.Infrastructure;
using static Tradebook.Storage.Tests.Infrastructure.Records;

namespace Tradebook.Storage.Tests.Ledger;

/// <summary>
/// Fills at price 0 (a source that held no price for them): the product's rollup counts them, and every read
/// shows its P&amp;L, and every row that adds it up, as unknown rather than 0; the bot's other products keep theirs.
/// </summary>
public abstract class UnknownPnlLedgerTests(StorageEngine engine) : StorageTest(engine)
{
    private const string Pepe = "PEPE/USDT";

    private Storage.Ledger.LedgerWriter Ledger()
    {
        Db.Migrated();
        var ledger = Db.Ledger();
        ledger.AddBot(new BotSpec("alpha", BotMode.Paper, CostBasisMethod.Fifo));
        ledger.AddBot(new BotSpec("beta", BotMode.Paper));

        // alpha: a priced BTC round trip, and PEPE bought and partly sold at "0" (a price below the source's precision).
        ledger.Record(Fills(
            Buy("alpha", "a1", 1m, 100m, fee: 0.1m),
            Sell("alpha", "a2", 1m, 110m, fee: 0.11m, minute: 1),
            Buy("alpha", "p1", 1_000_000m, 0m, fee: 0m, symbol: Pepe, minute: 2),
            Sell("alpha", "p2", 400_000m, 0m, fee: 0m, symbol: Pepe, minute: 3),
            Buy("beta", "b1", 1m, 100m, minute: 4),
            Sell("beta", "b2", 1m, 90m, minute: 5)));
        return ledger;
    }

    [StorageFact]
    public void the_rollup_counts_the_fills_at_price_0_and_matches_a_replay()
    {
        Ledger();

        var rollups = Db.Query(StoredLedger.Rollups);
        Assert.Equal((2, 0, 0), (rollups[("alpha", Pepe)].UnpricedFills, rollups[("alpha", "BTC/USDT")].UnpricedFills, rollups[("beta", "BTC/USDT")].UnpricedFills));
        Db.Check(StoredLedger.AssertMatchesReplay);
    }

    [StorageFact]
    public void a_late_fill_at_price_0_is_counted_by_the_replay_it_causes()
    {
        var ledger = Ledger();

        // Older than what PEPE holds: the product is derived again from its fills.
        ledger.Record(Fills(Buy("alpha", "p0", 5m, 0m, symbol: Pepe, minute: -10)));

        Assert.Equal(3, Db.Query(StoredLedger.Rollups)[("alpha", Pepe)].UnpricedFills);
        Db.Check(StoredLedger.AssertMatchesReplay);
    }

    [StorageFact]
    public void the_pnl_report_shows_the_unpriced_product_and_every_row_adding_it_up_as_unknown()
    {
        Ledger();
        var reader = Db.Reader();

        var byProduct = PnlDocument.From(reader.Report(new ReportFilter(), PnlGrouping.Product));
        var pepe = byProduct.Lines.Single(l => l.Product == Pepe);
        Assert.Equal(new UnknownPnl(UnknownPnlReason.UnpricedFills, 2), pepe.PnlUnknown);
        Assert.Equal((null, null, null, null, null, null, null), (pepe.RealizedPnl, pepe.UnrealizedPnl, pepe.Fees, pepe.AvgEntryPrice, pepe.CostBasis, pepe.Wins, pepe.WinRate));
        Assert.Equal((600_000m, 0), (pepe.PositionQty, pepe.Trades));

        // The bot's other product and the other bot keep every figure.
        var btc = byProduct.Lines.Single(l => (l.Bot, l.Product) == ("alpha", "BTC/USDT"));
        Assert.Equal((9.79m, 0.21m, 1, null), (btc.RealizedPnl, btc.Fees, btc.Wins, btc.PnlUnknown));
        Assert.Equal(-10m, byProduct.Lines.Single(l => l.Bot == "beta").RealizedPnl);

        var total = Assert.Single(byProduct.Totals);
        Assert.Equal((null, null, 2), (total.RealizedPnl, total.Fees, total.PnlUnknown?.Fills));

        var byBot = PnlDocument.From(reader.Report(new ReportFilter(), PnlGrouping.Bot));
        Assert.Equal((null, 2), (byBot.Lines.Single(l => l.Bot == "alpha").RealizedPnl, byBot.Lines.Single(l => l.Bot == "alpha").PnlUnknown?.Fills));
        Assert.Equal((-10m, null), (byBot.Lines.Single(l => l.Bot == "beta").RealizedPnl, byBot.Lines.Single(l => l.Bot == "beta").PnlUnknown));

        // Days: alpha's day adds PEPE up, beta's does not.
        var byDay = PnlDocument.From(reader.Report(new ReportFilter(), PnlGrouping.Day));
        Assert.Null(byDay.Lines.Single(l => l.Bot == "alpha").RealizedPnl);
        Assert.Equal(-10m, byDay.Lines.Single(l => l.Bot == "beta").RealizedPnl);
    }

    [StorageFact]
    public void an_open_position_bought_at_price_0_has_no_known_entry_cost_or_unrealized_pnl_even_when_marked()
    {
        Ledger();

        var position = Assert.Single(Db.Reader().OpenPositions(new ReportFilter(), new Dictionary<string, decimal> { [Pepe] = 0.00001m }));
        Assert.Equal((Pepe, 600_000m, 0.00001m), (position.Symbol, position.Quantity, position.MarkPrice));
        Assert.Equal((null, null, null), (position.AvgEntryPrice, position.CostBasis, position.UnrealizedPnl));
        Assert.Equal(new UnknownPnl(UnknownPnlReason.UnpricedFills, 2), position.PnlUnknown);
    }

    [StorageFact]
    public void the_bot_list_flags_the_bot_whose_pnl_is_unknown_and_names_the_product()
    {
        Ledger();

        var bots = Db.Reader().ListBots().ToDictionary(b => b.Name);
        Assert.Equal([Pepe], bots["alpha"].PnlUnknown!.Products);
        Assert.Equal(2, bots["alpha"].PnlUnknown!.Reason.Fills);
        Assert.Null(bots["beta"].PnlUnknown);
    }

    [StorageFact]
    public void the_migration_counts_the_fills_at_price_0_a_database_already_holds()
    {
        Ledger();

        // Back to the schema before the count, then forward: the count is made from the stored fills.
        var version = Db.Migrator().LatestVersion;
        Db.Migrator().Down(version - 1);
        Db.Migrator().Migrate();

        Assert.Equal(2, Db.Query(StoredLedger.Rollups)[("alpha", Pepe)].UnpricedFills);
        Db.Check(StoredLedger.AssertMatchesReplay);
    }
}

public sealed class SqliteUnknownPnlLedgerTests() : UnknownPnlLedgerTests(StorageEngine.Sqlite);

public sealed class PostgresUnknownPnlLedgerTests() : UnknownPnlLedgerTests(StorageEngine.Postgres), IPostgresTests;
