using Tradebook.Core;
using Tradebook.Core.Domain;
using Tradebook.Storage.Ledger;
using Tradebook.Storage.Tests.Infrastructure;
using static Tradebook.Storage.Tests.Infrastructure.Records;

namespace Tradebook.Storage.Tests.Ledger;

public sealed class SqliteBotRemovalTests() : BotRemovalTests(StorageEngine.Sqlite);

public sealed class PostgresBotRemovalTests() : BotRemovalTests(StorageEngine.Postgres), IPostgresTests;

/// <summary>Deleting a bot removes every row of it, on both engines, and nothing of any other bot.</summary>
public abstract class BotRemovalTests(StorageEngine engine) : StorageTest(engine)
{
    /// <summary>Every kind of row a bot can own: fills over several round trips (FIFO lots, checkpoints), an order behind a decision citing a signal, a snapshot, a cash flow, a dust setting, a heartbeat.</summary>
    private static void Trade(LedgerWriter ledger, string bot)
    {
        ledger.AddBot(new BotSpec(bot, BotMode.Paper, CostBasisMethod.Fifo));
        ledger.Record(new LedgerBatch
        {
            Signals = [new SignalRecord(bot, "s1", "BTC/USDT", T0, "cross_up", 0.8m)],
            Decisions = [new DecisionRecord(bot, "d1", T0, "{\"close\":100}", "buy", "trend up", SignalIds: ["s1"])],
            Orders = [new OrderRecord(bot, "o1", "BTC/USDT", Side.Buy, "limit", 3, 100, "filled", T0, DecisionId: "d1")],
            Fills = [.. Enumerable.Range(0, 12).Select(i => i % 3 == 2
                ? Sell(bot, $"f{i}", 2, 100 + i, fee: 0.1m, minute: i)
                : Buy(bot, $"f{i}", 1, 100 + i, fee: 0.1m, order: i == 0 ? "o1" : null, minute: i))],
            Snapshots = [new SnapshotRecord(bot, T0.AddHours(1), 1000, 900, "USDT")],
            CashFlows = [new CashFlowRecord(bot, "c1", CashFlowKind.Deposit, 1000, "USDT", T0)],
        });
        ledger.SetDust(bot, 0.001m);
        ledger.SetPaused(bot, true);
    }

    [StorageFact]
    public void deleting_a_bot_removes_every_row_it_owns_and_nothing_of_another_bot()
    {
        Db.Migrated();
        var ledger = new LedgerWriter(Db.Database, Db.Clock) { CheckpointInterval = 2 };
        Trade(ledger, "alpha");
        Trade(ledger, "beta");
        var reader = new LedgerReader(Db.Database);
        var betaPnl = reader.Pnl(new ReportFilter("beta"), PnlGrouping.Product);
        var betaRows = RowsOf("beta");
        var alphaId = BotId("alpha");
        var counted = ledger.CountBotRows("alpha");

        var removed = ledger.DeleteBot("alpha");

        Assert.Equal(counted.Rows, removed.Rows);
        Assert.True(removed.Rows["fills"] == 12 && removed.Rows["positions"] > 1 && removed.Rows["bots"] == 1, string.Join(", ", removed.Rows));
        Assert.All(BotColumns(), tc => Assert.Equal(0, Db.Count(tc.Table, $"WHERE {tc.Column} = {alphaId}")));
        Assert.Equal(0, Db.Count("settings", "WHERE scope = 'alpha'"));
        Assert.Equal(0, Db.Count("position_lots", "WHERE position_id NOT IN (SELECT id FROM positions)"));
        Assert.Equal(betaRows, RowsOf("beta"));
        Assert.Equal(betaPnl, reader.Pnl(new ReportFilter("beta"), PnlGrouping.Product));
        Assert.Equal(1, Db.Count("change_log", "WHERE kind = 'bot' AND bot_id IS NULL"));
        Assert.Equal(ErrorCode.UnknownBot, Assert.Throws<TradebookException>(() => reader.Pnl(new ReportFilter("alpha"), PnlGrouping.Product)).Code);
    }

    [StorageFact]
    public void deleting_a_bot_that_does_not_exist_is_an_unknown_bot_and_changes_nothing()
    {
        Db.Migrated();
        var ledger = Db.Ledger();
        Trade(ledger, "alpha");
        var before = RowsOf("alpha");

        Assert.Equal(ErrorCode.UnknownBot, Assert.Throws<TradebookException>(() => ledger.DeleteBot("ghost")).Code);
        Assert.Equal(before, RowsOf("alpha"));
    }

    /// <summary>Every column that names a bot, found in the schema rather than listed, so a table added later is covered.</summary>
    private IReadOnlyList<(string Table, string Column)> BotColumns() =>
        [.. Db.Query(c => Schema.SchemaInspector.Inspect(c, Db.Engine)).Tables
            .SelectMany(t => t.Value.Columns.Where(c => c.Name == "bot_id").Select(c => (t.Key, c.Name)))];

    private long BotId(string name) => Db.Query(c => Convert.ToInt64(Dapper.SqlMapper.ExecuteScalar(c, $"SELECT id FROM bots WHERE name = '{name}'"), System.Globalization.CultureInfo.InvariantCulture));

    private string RowsOf(string bot)
    {
        var id = BotId(bot);
        return string.Join(", ", BotColumns().Select(tc => $"{tc.Table}={Db.Count(tc.Table, $"WHERE {tc.Column} = {id}")}"));
    }
}
