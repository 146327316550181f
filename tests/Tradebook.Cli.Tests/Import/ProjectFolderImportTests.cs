using System.Text.Json;
using Tradebook.Cli.Tests.Support;

namespace Tradebook.Cli.Tests.Import;

/// <summary>
/// <c>tradebook import FOLDER</c> on a project folder no reader recognises as a whole: its databases are found by
/// content, copies of one database are consolidated, other databases are imported side by side, and every other
/// file is skipped with a note. Built here: a split brain under other names than any sample, a freqtrade database,
/// another bot's trades, a file named like a database that is gzip, an unknown SQLite file, settings and notes.
/// </summary>
public sealed class ProjectFolderImportTests : IDisposable
{
    private const string Executions = "CREATE TABLE executions (exec_id TEXT, instrument TEXT, direction TEXT, qty REAL, price REAL, fee REAL, filled_at TEXT);";

    private readonly TempWorkspace _workspace = new();
    private readonly string _project;

    public ProjectFolderImportTests()
    {
        _project = Path.Combine(_workspace.Folder, "desk");

        // The live copy and a copy a worker kept writing elsewhere: they share e1..e3, then diverge.
        SqliteScript.Create(Path.Combine(_project, "var", "grid.sqlite3"), Executions + """
            INSERT INTO executions VALUES ('e1', 'LTC/USD', 'buy', 2, 70, 0.1, '2024-06-01T00:00:00Z');
            INSERT INTO executions VALUES ('e2', 'LTC/USD', 'sell', 1, 72, 0.1, '2024-06-02T00:00:00Z');
            INSERT INTO executions VALUES ('e3', 'LTC/USD', 'buy', 1, 69, 0.1, '2024-06-03T00:00:00Z');
            INSERT INTO executions VALUES ('e5', 'LTC/USD', 'sell', 2, 75, 0.1, '2024-06-09T00:00:00Z');
            """);
        SqliteScript.Create(Path.Combine(_project, "worker", "run", "grid.sqlite3"), Executions + """
            INSERT INTO executions VALUES ('e1', 'LTC/USD', 'buy', 2, 70, 0.1, '2024-06-01T00:00:00Z');
            INSERT INTO executions VALUES ('e2', 'LTC/USD', 'sell', 1, 72, 0.1, '2024-06-02T00:00:00Z');
            INSERT INTO executions VALUES ('e3', 'LTC/USD', 'buy', 1, 69, 0.2, '2024-06-03T00:00:00Z');
            INSERT INTO executions VALUES ('e4', 'LTC/USD', 'buy', 1, 68, 0.1, '2024-06-04T00:00:00Z');
            """);

        // Another bot of the same kind, sharing no row: its own batch.
        SqliteScript.Create(Path.Combine(_project, "var", "scalper.sqlite3"), Executions + """
            INSERT INTO executions VALUES ('s1', 'XMR/USD', 'buy', 1, 150, 0.2, '2024-06-01T00:00:00Z');
            INSERT INTO executions VALUES ('s2', 'XMR/USD', 'sell', 1, 155, 0.2, '2024-06-01T06:00:00Z');
            """);

        // A freqtrade bot in the same project.
        SqliteScript.Create(Path.Combine(_project, "ft", "user_data", "tradesv3.sqlite"), """
            CREATE TABLE trades (id INTEGER PRIMARY KEY, exchange VARCHAR, pair VARCHAR, stake_currency VARCHAR, is_open BOOLEAN,
              fee_open FLOAT, fee_close FLOAT, open_rate FLOAT, close_rate FLOAT, close_profit_abs FLOAT, stake_amount FLOAT, amount FLOAT,
              open_date DATETIME, close_date DATETIME, strategy VARCHAR);
            CREATE TABLE orders (id INTEGER PRIMARY KEY, ft_trade_id INTEGER, ft_order_side VARCHAR, ft_pair VARCHAR, ft_is_open BOOLEAN,
              order_id VARCHAR, status VARCHAR, symbol VARCHAR, order_type VARCHAR, side VARCHAR, price FLOAT, average FLOAT, amount FLOAT,
              filled FLOAT, remaining FLOAT, cost FLOAT, order_date DATETIME, order_filled_date DATETIME, order_update_date DATETIME);
            INSERT INTO trades VALUES (1, 'okx', 'ETH/USDT', 'USDT', 0, 0, 0, 2000, 2100, 100, 2000, 1, '2024-05-01 00:00:00', '2024-05-02 00:00:00', 'Swing');
            INSERT INTO orders VALUES (1, 1, 'buy', 'ETH/USDT', 0, 'okx-1', 'closed', 'ETH/USDT', 'limit', 'buy', 2000, 2000, 1, 1, 0, 2000, '2024-05-01 00:00:00', '2024-05-01 00:00:01', NULL);
            INSERT INTO orders VALUES (2, 1, 'sell', 'ETH/USDT', 0, 'okx-2', 'closed', 'ETH/USDT', 'limit', 'sell', 2100, 2100, 1, 1, 0, 2100, '2024-05-02 00:00:00', '2024-05-02 00:00:01', NULL);
            """);

        // An exchange's export of the scalper's trades kept beside it, and a price history that is no trade.
        Directory.CreateDirectory(Path.Combine(_project, "exports"));
        File.WriteAllText(Path.Combine(_project, "exports", "kraken-history.txt"), "txid,pair,time,type,price,fee,vol\nK1,DOT/USD,2024-06-05T00:00:00Z,buy,7,0.01,10\n");
        File.WriteAllText(Path.Combine(_project, "exports", "prices.csv"), "time,symbol,open,high,low,close\n2024-06-05T00:00:00Z,DOT/USD,7,8,6,7.5\n");

        // What is not a bot's database.
        SqliteScript.Create(Path.Combine(_project, "var", "sessions.db"), "CREATE TABLE kv (k TEXT PRIMARY KEY, v TEXT); INSERT INTO kv VALUES ('a', 'b');");
        File.WriteAllBytes(Path.Combine(_project, "var", "archive.db"), [0x1f, 0x8b, 0x08, 0x00, 0, 0, 0, 0, 0, 3]);
        File.WriteAllText(Path.Combine(_project, "settings.toml"), "[db]\npath = \"var/grid.sqlite3\"\n");
        File.WriteAllText(Path.Combine(_project, "NOTES.md"), "# desk\n");
        Directory.CreateDirectory(Path.Combine(_project, "ft", "user_data", "backtest_results"));
        Tradebook.Import.Tests.Freqtrade.BacktestResults.Write(Path.Combine(_project, "ft", "user_data", "backtest_results"));
        Tradebook.Import.Tests.Csv.Xlsx.Write(Path.Combine(_project, "exports", "Export Trade History.xlsx"),
            ["Date(UTC)", "Pair", "Side", "Price", "Executed", "Amount", "Fee"],
            ["2024-01-02 10:00:00", "BTCUSDT", "BUY", 42000.5, "0.01BTC", "420.005USDT", "0.00001BTC"]);
    }

    public void Dispose() => _workspace.Dispose();

    private static Dictionary<string, (string Action, string? Format, string Note)> Files(JsonElement output) =>
        Assert.Single(output.GetProperty("plan").EnumerateArray()).GetProperty("files").EnumerateArray().ToDictionary(
            f => f.GetProperty("relative_path").GetString()!,
            f => (f.GetProperty("action").GetString()!, f.GetProperty("format").GetString(), f.GetProperty("note").GetString()!));

    [Fact]
    public void a_dry_run_on_the_folder_shows_what_is_done_with_each_file_and_opens_no_database()
    {
        var result = _workspace.Run("import", _project, "--dry-run", "--json");

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.False(File.Exists(_workspace.DatabasePath));
        var files = Files(result.Json());
        Assert.Equal(12, files.Count);
        Assert.Equal(("import", "csv-trades", "a spreadsheet of trades, imported as its own batch"), files["exports/Export Trade History.xlsx"]);
        Assert.Equal(("consolidate", "sqlite-trades"), (files["var/grid.sqlite3"].Action, files["var/grid.sqlite3"].Format));
        Assert.Contains("worker/run/grid.sqlite3", files["var/grid.sqlite3"].Note, StringComparison.Ordinal);
        Assert.Equal("consolidate", files["worker/run/grid.sqlite3"].Action);
        Assert.Equal(("import", "sqlite-trades"), (files["var/scalper.sqlite3"].Action, files["var/scalper.sqlite3"].Format));
        Assert.Equal(("import", "freqtrade"), (files["ft/user_data/tradesv3.sqlite"].Action, files["ft/user_data/tradesv3.sqlite"].Format));
        Assert.Equal("skip", files["var/archive.db"].Action);
        Assert.Contains("not SQLite (gzip archive", files["var/archive.db"].Note, StringComparison.Ordinal);
        Assert.Equal("skip", files["var/sessions.db"].Action);
        Assert.Contains("no reader recognises (tables: kv)", files["var/sessions.db"].Note, StringComparison.Ordinal);
        Assert.Equal(("import", "csv-trades"), (files["exports/kraken-history.txt"].Action, files["exports/kraken-history.txt"].Format));
        Assert.Equal(("skip", "not a database or a CSV file of trades"), (files["exports/prices.csv"].Action, files["exports/prices.csv"].Note));
        Assert.Equal(("skip", "not a database or a CSV file of trades"), (files["settings.toml"].Action, files["settings.toml"].Note));
        Assert.Equal(("skip", "not a database or a CSV file of trades"), (files["NOTES.md"].Action, files["NOTES.md"].Note));
        var backtest = files["ft/user_data/backtest_results/backtest-result-2024-01-02_10-00-00.json"];
        Assert.Equal("skip", backtest.Action);
        Assert.Contains("a freqtrade backtest result", backtest.Note, StringComparison.Ordinal);
        Assert.Contains("tradebook import ft/user_data/backtest_results/backtest-result-2024-01-02_10-00-00.json", backtest.Note, StringComparison.Ordinal);
        Assert.Equal(5, result.Json().GetProperty("imports").GetArrayLength());
    }

    [Fact]
    public void with_backtests_the_folder_s_backtest_results_are_imported_each_run_a_bot_of_its_own()
    {
        var result = _workspace.Run("import", _project, "--backtests", "--json");

        Assert.True(result.ExitCode == 0, result.ToString());
        var backtest = Files(result.Json())["ft/user_data/backtest_results/backtest-result-2024-01-02_10-00-00.json"];
        Assert.Equal(("import", "freqtrade-backtest"), (backtest.Action, backtest.Format));
        var bots = _workspace.Run("bots", "list", "--json");
        Assert.Contains("freqtrade/SampleStrategy@backtest-", bots.Out, StringComparison.Ordinal);
    }

    [Fact]
    public void the_human_dry_run_lists_the_plan_before_what_would_be_imported()
    {
        var result = _workspace.Run("import", _project, "--dry-run");

        Assert.True(result.ExitCode == 0, result.ToString());
        var lines = result.Out.Split('\n');
        Assert.StartsWith($"{Path.GetFullPath(_project)}: a project folder; 6 of its 12 files are databases or CSV files of trades", lines[0], StringComparison.Ordinal);
        Assert.Contains(lines, l => l.Contains("var/archive.db", StringComparison.Ordinal) && l.Contains("skip", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.Contains("ft/user_data/tradesv3.sqlite", StringComparison.Ordinal) && l.Contains("import", StringComparison.Ordinal));
        Assert.True(Array.FindIndex(lines, l => l.Contains("would import", StringComparison.Ordinal)) > Array.FindIndex(lines, l => l.Contains("NOTES.md", StringComparison.Ordinal)));
    }

    [Fact]
    public void the_import_consolidates_the_copies_and_imports_the_other_databases_as_their_own_batches()
    {
        Assert.Equal(0, _workspace.Run("init").ExitCode);

        var result = _workspace.Run("import", _project, "--no-backup", "--json");

        Assert.True(result.ExitCode == 0, result.ToString());
        var output = result.Json();
        Assert.Equal(5, output.GetProperty("imports").GetArrayLength());
        var consolidation = Assert.Single(output.GetProperty("consolidations").EnumerateArray());
        Assert.Equal(["e3"], consolidation.GetProperty("conflicts").EnumerateArray().Select(c => c.GetProperty("key").GetString()));
        Assert.Equal(5, SqliteQuery.Rows(_workspace.DatabasePath, "SELECT id FROM import_batches").Count);

        // e1..e5 once each (the two copies' union), the other bot's two fills, the freqtrade trade's entry and exit,
        // the exported trade, the spreadsheet's trade (keyed by its values: it has no id).
        var fills = SqliteQuery.Rows(_workspace.DatabasePath, "SELECT external_id FROM fills ORDER BY external_id").Select(r => (string)r[0]!).ToList();
        Assert.Equal(11, fills.Count);
        Assert.Equal(["K1", "e1", "e2", "e3", "e4", "e5", "okx-1:fill", "okx-2:fill", "s1", "s2"], fills[..10]);
        Assert.Matches("^t[0-9a-z]+$", fills[10]);
        Assert.Equal("consolidate", Files(output)["var/grid.sqlite3"].Action);
    }

    [Fact]
    public void the_non_sqlite_file_named_one_by_one_still_stops_the_command_and_says_how_to_hand_over_the_folder()
    {
        var result = _workspace.Run("import", Path.Combine(_project, "var", "grid.sqlite3"), Path.Combine(_project, "var", "archive.db"), "--dry-run");

        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains("first bytes 1f 8b", result.Error, StringComparison.Ordinal);
        Assert.Contains("name its folder instead of its files", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void a_folder_without_any_database_a_reader_knows_is_one_error_naming_what_was_found()
    {
        var empty = Directory.CreateDirectory(Path.Combine(_workspace.Folder, "nothing")).FullName;
        File.WriteAllText(Path.Combine(empty, "a.txt"), "x");
        File.WriteAllBytes(Path.Combine(empty, "b.db"), [0x1f, 0x8b, 0x08, 0x00]);

        var result = _workspace.Run("import", empty, "--dry-run");

        Assert.NotEqual(0, result.ExitCode);
        var line = Assert.Single(result.Error.Split('\n', StringSplitOptions.RemoveEmptyEntries), l => l.StartsWith("error:", StringComparison.Ordinal));
        Assert.Contains("none of its 2 files is a database", line, StringComparison.Ordinal);
        Assert.Contains("not SQLite", line, StringComparison.Ordinal);
    }
}
