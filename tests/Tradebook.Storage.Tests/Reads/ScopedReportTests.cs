using Tradebook.Core;
using Tradebook.Core.Domain;
using Tradebook.Storage.Access;
using Tradebook.Storage.Ledger;
using Tradebook.Storage.Reads;
using Tradebook.Storage.Tests.Infrastructure;
using static Tradebook.Storage.Tests.Infrastructure.Records;

namespace Tradebook.Storage.Tests.Reads;

public sealed class SqliteScopedReportTests() : ScopedReportTests(StorageEngine.Sqlite);

public sealed class PostgresScopedReportTests() : ScopedReportTests(StorageEngine.Postgres), IPostgresTests;

/// <summary>A caller's scope is applied in the report queries themselves: a user sees only that user's bots.</summary>
public abstract class ScopedReportTests(StorageEngine engine) : StorageTest(engine)
{
    [StorageFact]
    public void a_user_sees_the_pnl_and_positions_of_their_own_bots_only()
    {
        Db.Migrated();
        var ledger = Db.Ledger();
        ledger.AddBot(new BotSpec("ann-bot", BotMode.Paper));
        ledger.AddBot(new BotSpec("bob-bot", BotMode.Paper));
        ledger.Record(Fills(Buy("ann-bot", "a1", 1m, 100m), Sell("ann-bot", "a2", 0.5m, 110m, minute: 1), Buy("bob-bot", "b1", 2m, 50m, symbol: "ETH/USDT")));
        Db.Execute("INSERT INTO users (name, created_at) VALUES ('ann', '2026-12-01T00:00:00Z'), ('bob', '2026-12-01T00:00:00Z')");
        Db.Execute("UPDATE bots SET user_id = (SELECT id FROM users WHERE name = 'ann') WHERE name = 'ann-bot'");
        Db.Execute("UPDATE bots SET user_id = (SELECT id FROM users WHERE name = 'bob') WHERE name = 'bob-bot'");
        var reader = Db.Reader();

        var annPnl = reader.Report(new ReportFilter(Scope: new CallerScope("ann")), PnlGrouping.Bot);
        var annPositions = reader.OpenPositions(new ReportFilter(Scope: new CallerScope("ann")));
        var bobAskingForAnn = Assert.Throws<TradebookException>(() => reader.Report(new ReportFilter(Bot: "ann-bot", Scope: new CallerScope("bob")), PnlGrouping.Product));
        var bobAskingForNoOne = Assert.Throws<TradebookException>(() => reader.Report(new ReportFilter(Bot: "no-bot", Scope: new CallerScope("bob")), PnlGrouping.Product));
        var owner = reader.Report(new ReportFilter(Scope: CallerScope.LocalOwner), PnlGrouping.Bot);

        Assert.Equal(["ann-bot"], annPnl.Lines.Select(l => l.Bot));
        Assert.Equal(5m, annPnl.Totals.Single().RealizedPnl);
        Assert.Equal([("ann-bot", "BTC/USDT")], annPositions.Select(p => (p.Bot, p.Symbol)));
        // Another user's bot is, to bob, a bot that does not exist: the same error, so that it tells nothing.
        Assert.Equal(ErrorCode.UnknownBot, bobAskingForAnn.Code);
        Assert.Equal(bobAskingForNoOne.Message.Replace("no-bot", "ann-bot", StringComparison.Ordinal), bobAskingForAnn.Message);
        Assert.Equal(["ann-bot", "bob-bot"], owner.Lines.Select(l => l.Bot).Order(StringComparer.Ordinal));
    }
}
