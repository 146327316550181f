using System.Text.Json;
using Tradebook.Cli.Tests.Support;

namespace Tradebook.Cli.Tests.Import;

/// <summary>
/// Every import report, human and JSON, compares the P&amp;L the source stored with Tradebook's per trade and
/// in total and names the rows that cannot be right; the batch keeps both, for <c>import --list</c>.
/// </summary>
public sealed class ImportReconciliationTests : IDisposable
{
    private const string Schema = """
        CREATE TABLE trades (id INTEGER PRIMARY KEY, exchange VARCHAR, pair VARCHAR, stake_currency VARCHAR, is_open BOOLEAN,
          fee_open FLOAT, fee_open_cost FLOAT, fee_open_currency VARCHAR, fee_close FLOAT, fee_close_cost FLOAT, fee_close_currency VARCHAR,
          open_rate FLOAT, close_rate FLOAT, realized_profit FLOAT, close_profit_abs FLOAT, stake_amount FLOAT, amount FLOAT,
          open_date DATETIME, close_date DATETIME, strategy VARCHAR, trading_mode VARCHAR, leverage FLOAT, is_short BOOLEAN, funding_fees FLOAT);
        CREATE TABLE orders (id INTEGER PRIMARY KEY, ft_trade_id INTEGER, ft_order_side VARCHAR, ft_pair VARCHAR, ft_is_open BOOLEAN,
          order_id VARCHAR, status VARCHAR, symbol VARCHAR, order_type VARCHAR, side VARCHAR, price FLOAT, average FLOAT, amount FLOAT,
          filled FLOAT, remaining FLOAT, cost FLOAT, order_date DATETIME, order_filled_date DATETIME, order_update_date DATETIME,
          funding_fee FLOAT, ft_fee_base FLOAT);
        """;

    private readonly TempWorkspace _workspace = new();

    public void Dispose() => _workspace.Dispose();

    /// <summary>Two closed trades: the first stored exactly as computed (10 - 0.1 - 0.11), the second stored as 5 where the fills make 4.8.</summary>
    private string TwoTrades() => SqliteScript.Create(Path.Combine(_workspace.Folder, "live.sqlite"), Schema + """
        INSERT INTO trades VALUES (1, 'bybit', 'SOL/USDT', 'USDT', 0, 0.001, NULL, NULL, 0.001, NULL, NULL,
          100, 110, 9.79, 9.79, 100, 1, '2024-01-01 10:00:00', '2024-01-01 12:00:00', 'Edge', 'spot', 1, 0, 0);
        INSERT INTO orders VALUES (1, 1, 'buy', 'SOL/USDT', 0, 'b-1', 'closed', 'SOL/USDT', 'limit', 'buy', 100, 100, 1, 1, 0, 100,
          '2024-01-01 10:00:00', '2024-01-01 10:00:01', NULL, 0, NULL);
        INSERT INTO orders VALUES (2, 1, 'sell', 'SOL/USDT', 0, 's-1', 'closed', 'SOL/USDT', 'limit', 'sell', 110, 110, 1, 1, 0, 110,
          '2024-01-01 12:00:00', '2024-01-01 12:00:01', NULL, 0, NULL);
        INSERT INTO trades VALUES (2, 'bybit', 'SOL/USDT', 'USDT', 0, 0, NULL, NULL, 0, NULL, NULL,
          100, 104.8, 5, 5, 100, 1, '2024-01-02 10:00:00', '2024-01-02 12:00:00', 'Edge', 'spot', 1, 0, 0);
        INSERT INTO orders VALUES (3, 2, 'buy', 'SOL/USDT', 0, 'b-2', 'closed', 'SOL/USDT', 'limit', 'buy', 100, 100, 1, 1, 0, 100,
          '2024-01-02 10:00:00', '2024-01-02 10:00:01', NULL, 0, NULL);
        INSERT INTO orders VALUES (4, 2, 'sell', 'SOL/USDT', 0, 's-2', 'closed', 'SOL/USDT', 'limit', 'sell', 104.8, 104.8, 1, 1, 0, 104.8,
          '2024-01-02 12:00:00', '2024-01-02 12:00:01', NULL, 0, NULL);
        """);

    /// <summary>A dry run whose one trade was exited twice, each time for its whole amount.</summary>
    private string ExitedTwice() => SqliteScript.Create(Path.Combine(_workspace.Folder, "dry.sqlite"), Schema + """
        INSERT INTO trades VALUES (7, 'kraken', 'ADA/EUR', 'EUR', 0, 0, NULL, NULL, 0, NULL, NULL,
          0.5, 0.55, 5, 5, 50, 100, '2024-03-01 08:00:00', '2024-03-01 09:00:00', 'Drift', 'spot', 1, 0, 0);
        INSERT INTO orders VALUES (20, 7, 'buy', 'ADA/EUR', 0, 'dry_run_buy_1', 'closed', 'ADA/EUR', 'limit', 'buy', 0.5, 0.5, 100, 100, 0, 50,
          '2024-03-01 08:00:00', '2024-03-01 08:00:01', NULL, 0, NULL);
        INSERT INTO orders VALUES (21, 7, 'sell', 'ADA/EUR', 0, 'dry_run_sell_1', 'closed', 'ADA/EUR', 'limit', 'sell', 0.55, 0.55, 100, 100, 0, 55,
          '2024-03-01 09:00:00', '2024-03-01 09:00:01', NULL, 0, NULL);
        INSERT INTO orders VALUES (22, 7, 'sell', 'ADA/EUR', 0, 'dry_run_sell_2', 'closed', 'ADA/EUR', 'limit', 'sell', 0.56, 0.56, 100, 100, 0, 56,
          '2024-03-01 09:05:00', '2024-03-01 09:05:01', NULL, 0, NULL);
        """);

    [Fact]
    public void a_real_import_prints_the_reconciliation_per_bot_and_each_differing_trade_with_its_reason()
    {
        Assert.Equal(0, _workspace.Run("init").ExitCode);

        var result = _workspace.Run("import", TwoTrades(), "--no-backup");

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains("reconciliation with the P&L the source stored", result.Out, StringComparison.Ordinal);
        Assert.Contains("freqtrade/Edge@bybit: 2 trades, stored 14.79, computed 14.59, difference -0.2; 1 agree", result.Out, StringComparison.Ordinal);
        Assert.Contains("trades.id=2 SOL/USDT closed: stored 5, computed 4.8, difference -0.2: no known cause", result.Out, StringComparison.Ordinal);
        Assert.DoesNotContain("trades.id=1 SOL/USDT", result.Out, StringComparison.Ordinal);
    }

    [Fact]
    public void the_json_report_holds_the_reconciliation_and_the_batch_keeps_it_for_the_list()
    {
        Assert.Equal(0, _workspace.Run("init").ExitCode);

        var imported = _workspace.Run("import", TwoTrades(), "--no-backup", "--json");
        var listed = _workspace.Run("import", "--list", "--json");
        var table = _workspace.Run("import", "--list");

        Assert.True(imported.ExitCode == 0, imported.ToString());
        var reconciliation = imported.Json().GetProperty("imports")[0].GetProperty("reconciliation");
        var overall = reconciliation.GetProperty("totals").EnumerateArray().Single(t => t.GetProperty("bot").GetString() == "*");
        Assert.Equal((14.79m, 14.59m, -0.2m), (overall.GetProperty("stored").GetDecimal(), overall.GetProperty("computed").GetDecimal(), overall.GetProperty("difference").GetDecimal()));
        var second = reconciliation.GetProperty("trades").EnumerateArray().Single(t => t.GetProperty("source_ref").GetString() == "trades.id=2");
        Assert.Equal("unknown", second.GetProperty("reason").GetString());
        Assert.Equal("no known cause", second.GetProperty("explanation").GetString());

        var batch = Assert.Single(listed.Json().EnumerateArray());
        var kept = batch.GetProperty("reconciliation");
        Assert.Equal((2, 14.79m, 14.59m, -0.2m, 1), (kept.GetProperty("trades").GetInt32(), kept.GetProperty("stored").GetDecimal(), kept.GetProperty("computed").GetDecimal(), kept.GetProperty("difference").GetDecimal(), kept.GetProperty("differing").GetInt32()));
        Assert.Contains("2 trades: stored 14.79, computed 14.59, difference -0.2", table.Out, StringComparison.Ordinal);
    }

    [Fact]
    public void a_dry_run_reports_the_same_reconciliation_inside_its_import_report()
    {
        var result = _workspace.Run("import", TwoTrades(), "--dry-run", "--json");

        Assert.True(result.ExitCode == 0, result.ToString());
        var report = result.Json().GetProperty("imports")[0];
        Assert.True(report.GetProperty("dry_run").GetBoolean());
        Assert.Equal(2, report.GetProperty("reconciliation").GetProperty("trades").GetArrayLength());
    }

    [Fact]
    public void impossible_rows_are_named_and_the_pnl_they_make_is_flagged_in_both_reports_and_the_list()
    {
        Assert.Equal(0, _workspace.Run("init").ExitCode);
        var source = ExitedTwice();

        var human = _workspace.Run("import", source, "--dry-run");
        var json = _workspace.Run("import", source, "--no-backup", "--json");
        var list = _workspace.Run("import", "--list", "--json");

        Assert.True(human.ExitCode == 0, human.ToString());
        Assert.Contains("PROBLEMS in the source: 2 rows that cannot all be right; P&L NOT RELIABLE for freqtrade/Drift@kraken ADA/EUR", human.Out, StringComparison.Ordinal);
        Assert.Contains("exits beyond entries, freqtrade/Drift@kraken ADA/EUR, 2 rows", human.Out, StringComparison.Ordinal);
        Assert.Contains("at trades.id=7, orders.id=21, orders.id=22", human.Out, StringComparison.Ordinal);

        var report = json.Json().GetProperty("imports")[0];
        Assert.False(report.GetProperty("pnl_reliable").GetBoolean());
        var problem = Assert.Single(report.GetProperty("problems").EnumerateArray());
        Assert.Equal("exits_beyond_entries", problem.GetProperty("kind").GetString());
        Assert.Equal(2, problem.GetProperty("rows").GetInt32());
        Assert.Equal(["trades.id=7", "orders.id=21", "orders.id=22"], problem.GetProperty("references").EnumerateArray().Select(r => r.GetString()));

        var kept = Assert.Single(list.Json().EnumerateArray()).GetProperty("problems");
        Assert.Equal(2, kept.GetProperty("rows").GetInt32());
        Assert.Equal(["freqtrade/Drift@kraken ADA/EUR"], kept.GetProperty("products").EnumerateArray().Select(p => p.GetString()));
    }

    [Fact]
    public void a_source_without_problems_says_its_pnl_rests_on_sound_rows()
    {
        var result = _workspace.Run("import", TwoTrades(), "--dry-run", "--json");

        var report = result.Json().GetProperty("imports")[0];
        Assert.True(report.GetProperty("pnl_reliable").GetBoolean());
        Assert.Equal(JsonValueKind.Array, report.GetProperty("problems").ValueKind);
        Assert.Equal(0, report.GetProperty("problems").GetArrayLength());
    }
}
