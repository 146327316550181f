using Tradebook.Core.Domain;
using Tradebook.Storage.Health;
using Tradebook.Storage.Tests.Infrastructure;
using static Tradebook.Storage.Tests.Infrastructure.Records;

namespace Tradebook.Storage.Tests.Health;

public sealed class SqliteLedgerAuditTests() : LedgerAuditTests(StorageEngine.Sqlite);

public sealed class PostgresLedgerAuditTests() : LedgerAuditTests(StorageEngine.Postgres), IPostgresTests;

/// <summary>
/// The audit replays the fills and compares every derived row with what is stored: a hand-edited rollup,
/// lot or fill attribution is found and named; verifying changes nothing; rebuilding puts it right.
/// </summary>
public abstract class LedgerAuditTests(StorageEngine engine) : StorageTest(engine)
{
    private void Trade()
    {
        Db.Migrated();
        var ledger = Db.Ledger();
        ledger.AddBot(new BotSpec("alpha", BotMode.Paper));
        ledger.AddBot(new BotSpec("beta", BotMode.Paper, CostBasisMethod.Fifo));
        ledger.Record(Fills(
            Buy("alpha", "a1", 1m, 100m, fee: 0.1m),
            Buy("alpha", "a2", 1m, 110m, minute: 1),
            Sell("alpha", "a3", 3m, 120m, fee: 0.2m, minute: 2),
            Buy("alpha", "a4", 1m, 90m, minute: 3),
            Buy("beta", "b1", 2m, 50m, symbol: "ETH/USDT", minute: 4),
            Sell("beta", "b2", 1m, 55m, symbol: "ETH/USDT", minute: 5)));
    }

    [StorageFact]
    public void a_ledger_written_by_the_ledger_matches_its_replay()
    {
        Trade();

        var audit = LedgerAudit.Verify(Db.Database, Db.Clock);

        Assert.Equal(2, audit.Products);
        Assert.Empty(audit.Differences);
    }

    [StorageFact]
    public void a_fifo_position_closed_by_a_later_batch_keeps_no_lots_and_verifies_clean()
    {
        Trade();
        Db.Ledger().Record(Fills(Sell("beta", "b3", 1m, 60m, symbol: "ETH/USDT", minute: 6)));

        var audit = LedgerAudit.Verify(Db.Database, Db.Clock);

        Assert.Empty(audit.Differences);
        Assert.Equal(0, Db.Count("position_lots"));
        Db.Check(StoredLedger.AssertMatchesReplay);
    }

    [StorageFact]
    public void a_hand_edited_rollup_is_named_and_verifying_leaves_it_as_it_is()
    {
        Trade();
        Db.Execute("UPDATE product_rollups SET realized_pnl = '999999' WHERE bot_id = (SELECT id FROM bots WHERE name = 'alpha')");

        var audit = LedgerAudit.Verify(Db.Database, Db.Clock);

        var difference = Assert.Single(audit.Differences);
        Assert.Equal("product_rollups: alpha BTC/USDT", difference.Row);
        Assert.Equal("realized_pnl", difference.Column);
        Assert.Equal("999999", difference.Stored);
        Assert.NotEqual("999999", difference.Replayed);
        Assert.Equal(1, Db.Count("product_rollups", "WHERE realized_pnl = '999999'"));
    }

    [StorageFact]
    public void rebuild_derives_again_what_was_edited_and_says_what_changed()
    {
        Trade();
        var replayed = LedgerAudit.Verify(Db.Database, Db.Clock);
        Db.Execute("UPDATE product_rollups SET realized_pnl = '999999' WHERE bot_id = (SELECT id FROM bots WHERE name = 'alpha')");
        Db.Execute("UPDATE fills SET realized_pnl = '7' WHERE external_id = 'b2'");
        Db.Execute("DELETE FROM position_lots WHERE position_id IN (SELECT id FROM positions WHERE status = 'open' AND bot_id = (SELECT id FROM bots WHERE name = 'beta'))");

        var rebuilt = LedgerAudit.Rebuild(Db.Database, Db.Clock);

        Assert.Contains(rebuilt.Differences, d => d is { Row: "product_rollups: alpha BTC/USDT", Column: "realized_pnl", Stored: "999999" });
        Assert.Contains(rebuilt.Differences, d => d is { Row: "fills: beta b2", Column: "realized_pnl", Stored: "7" });
        Assert.Contains(rebuilt.Differences, d => d.Row.StartsWith("position_lots: beta ETH/USDT #1 lot", StringComparison.Ordinal) && d.Stored is null);
        Assert.Empty(LedgerAudit.Verify(Db.Database, Db.Clock).Differences);
        Assert.Empty(replayed.Differences);
        Assert.Equal(0, Db.Count("product_rollups", "WHERE realized_pnl = '999999'"));
    }

    [StorageFact]
    public void rebuild_of_one_bot_leaves_the_others_alone()
    {
        Trade();
        Db.Execute("UPDATE product_rollups SET realized_pnl = '999999'");

        var rebuilt = LedgerAudit.Rebuild(Db.Database, Db.Clock, "beta");

        Assert.Equal(1, rebuilt.Products);
        Assert.All(rebuilt.Differences, d => Assert.StartsWith("product_rollups: beta", d.Row, StringComparison.Ordinal));
        Assert.Equal(1, Db.Count("product_rollups", "WHERE realized_pnl = '999999'"));
    }
}
