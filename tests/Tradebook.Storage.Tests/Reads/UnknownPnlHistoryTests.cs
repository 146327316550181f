using Tradebook.Core.Accounting;
using Tradebook.Core.Domain;
using Tradebook.Storage.Access;
using Tradebook.Storage.Ledger;
using Tradebook.Storage.Reads;
using Tradebook.Storage.Tests.Infrastructure;
using static Tradebook.Storage.Tests.Infrastructure.Records;

namespace Tradebook.Storage.Tests.Reads;

/// <summary>
/// The round trips, fills and decision traces of a product some of whose fills carry price 0 show its realized
/// P&amp;L and fees as unknown (null, with the reason), never the 0 computed from the missing prices; the bot's
/// other products and other bots keep their stored figures.
/// </summary>
public abstract class UnknownPnlHistoryTests(StorageEngine engine) : StorageTest(engine)
{
    private const string Pepe = "PEPE/USDT";
    private static readonly UnknownPnl TwoUnpriced = new(UnknownPnlReason.UnpricedFills, 2);

    private void Record()
    {
        Db.Migrated();
        var ledger = Db.Ledger();
        ledger.AddBot(new BotSpec("alpha", BotMode.Paper));
        ledger.AddBot(new BotSpec("beta", BotMode.Paper));
        ledger.Record(new LedgerBatch
        {
            Decisions = [new DecisionRecord("alpha", "sell-btc", T0.AddMinutes(1), null, """{"action":"sell"}"""), new DecisionRecord("alpha", "sell-pepe", T0.AddMinutes(3), null, """{"action":"sell"}""")],
            Orders =
            [
                new OrderRecord("alpha", "o-btc", "BTC/USDT", Side.Sell, "market", 1m, null, "filled", T0.AddMinutes(1), DecisionId: "sell-btc"),
                new OrderRecord("alpha", "o-pepe", Pepe, Side.Sell, "market", 400_000m, null, "filled", T0.AddMinutes(3), DecisionId: "sell-pepe"),
            ],
            Fills =
            [
                Buy("alpha", "a1", 1m, 100m, fee: 0.1m),
                Sell("alpha", "a2", 1m, 110m, fee: 0.11m, order: "o-btc", minute: 1),
                Buy("alpha", "p1", 1_000_000m, 0m, symbol: Pepe, minute: 2),
                Sell("alpha", "p2", 400_000m, 0m, symbol: Pepe, order: "o-pepe", minute: 3),
                Buy("beta", "b1", 1m, 100m, minute: 4),
                Sell("beta", "b2", 1m, 90m, minute: 5),
            ],
        });
    }

    [StorageFact]
    public void a_round_trip_of_the_unpriced_product_has_unknown_pnl_and_fees_and_keeps_its_quantity_and_fills()
    {
        Record();

        var trips = new RoundTripHistory(Db.Database).Page(CallerScope.LocalOwner, new RoundTripQuery()).Items;
        var pepe = trips.Single(t => t.Symbol == Pepe);
        Assert.Equal((null, null, TwoUnpriced), (pepe.RealizedPnl, pepe.Fees, pepe.PnlUnknown));
        Assert.Equal((1_000_000m, 2, "open"), (pepe.MaxQuantity, pepe.Fills, pepe.Status));

        var btc = trips.Single(t => (t.Bot, t.Symbol) == ("alpha", "BTC/USDT"));
        Assert.Equal((9.79m, 0.21m, null), (btc.RealizedPnl, btc.Fees, btc.PnlUnknown));
        Assert.Equal((-10m, null), (trips.Single(t => t.Bot == "beta").RealizedPnl, trips.Single(t => t.Bot == "beta").PnlUnknown));

        // tradebook trades reads the same rows.
        Assert.Equal(trips, Db.Reader().Trades(new ReportFilter(AllModes: true)));
    }

    [StorageFact]
    public void the_detail_of_the_unpriced_round_trip_shows_it_and_its_fills_as_unknown()
    {
        Record();
        var history = new RoundTripHistory(Db.Database);
        var id = history.Page(CallerScope.LocalOwner, new RoundTripQuery(Symbol: Pepe)).Items.Single().Id;

        var detail = history.Find(CallerScope.LocalOwner, id)!;

        Assert.Equal((null, TwoUnpriced), (detail.RoundTrip.RealizedPnl, detail.RoundTrip.PnlUnknown));
        Assert.Equal(["p1", "p2"], detail.Fills.Select(f => f.ExternalId));
        Assert.All(detail.Fills, f => Assert.Equal((null, TwoUnpriced), (f.RealizedPnl, f.PnlUnknown)));
    }

    [StorageFact]
    public void fills_of_the_unpriced_product_have_unknown_realized_pnl_and_the_others_keep_theirs()
    {
        Record();

        var fills = new Executions(Db.Database).FillPage(CallerScope.LocalOwner, new ExecutionQuery()).Items.ToDictionary(f => f.ExternalId);

        Assert.Equal((null, TwoUnpriced, 0m), (fills["p2"].RealizedPnl, fills["p2"].PnlUnknown, fills["p2"].Price));
        Assert.Equal((null, TwoUnpriced), (fills["p1"].RealizedPnl, fills["p1"].PnlUnknown));
        Assert.Equal((9.79m, null), (fills["a2"].RealizedPnl, fills["a2"].PnlUnknown));
        Assert.Equal((-10m, null), (fills["b2"].RealizedPnl, fills["b2"].PnlUnknown));
    }

    [StorageFact]
    public void a_decision_whose_fills_are_unpriced_traces_to_unknown_realized_pnl_and_names_the_product()
    {
        Record();
        var log = new DecisionLog(Db.Database);
        var ids = log.Page(CallerScope.LocalOwner, new DecisionQuery("alpha")).Items.ToDictionary(d => d.ExternalId, d => d.Id);

        var pepe = log.Trace(CallerScope.LocalOwner, ids["sell-pepe"])!;
        Assert.Null(pepe.RealizedPnl);
        Assert.Equal(TwoUnpriced, pepe.PnlUnknown!.Reason);
        Assert.Equal([Pepe], pepe.PnlUnknown.Products);

        var btc = log.Trace(CallerScope.LocalOwner, ids["sell-btc"])!;
        Assert.Equal((9.79m, null), (btc.RealizedPnl, btc.PnlUnknown));
    }
}

public sealed class SqliteUnknownPnlHistoryTests() : UnknownPnlHistoryTests(StorageEngine.Sqlite);

public sealed class PostgresUnknownPnlHistoryTests() : UnknownPnlHistoryTests(StorageEngine.Postgres), IPostgresTests;
