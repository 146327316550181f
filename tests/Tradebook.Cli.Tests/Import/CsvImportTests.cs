using Tradebook.Cli.Tests.Support;

namespace Tradebook.Cli.Tests.Import;

/// <summary><c>tradebook import</c> of a CSV file of trades: recognised by content, recorded once, and refused whole when it is not CSV.</summary>
public sealed class CsvImportTests : IDisposable
{
    private readonly TempWorkspace _workspace = new();

    public void Dispose() => _workspace.Dispose();

    [Fact]
    public void a_csv_of_trades_imports_its_fills_and_importing_it_again_adds_nothing()
    {
        var csv = _workspace.WriteFile("grid-bot-trades.csv", """
            Trade ID,Symbol,Side,Quantity,Price,Fee,Fee Currency,Time
            t1,BTC/USDT,buy,0.5,64000,0.01,USDT,2026-01-02T10:00:00Z
            t2,BTC/USDT,sell,0.5,65000,0.01,USDT,2026-01-02T11:00:00Z

            """);

        var first = _workspace.Run("import", csv, "--mode", "paper", "--json");
        var again = _workspace.Run("import", csv, "--mode", "paper", "--json");
        var pnl = _workspace.Run("pnl", "--bot", "grid-bot-trades", "--json");

        Assert.True(first.ExitCode == 0, first.ToString());
        Assert.True(again.ExitCode == 0, again.ToString());
        Assert.Contains("csv-trades", first.Out, StringComparison.Ordinal);
        Assert.Equal(499.98m, pnl.Json().GetProperty("totals")[0].GetProperty("realized_pnl").GetDecimal());
        Assert.Equal(2L, SqliteQuery.Rows(_workspace.DatabasePath, "SELECT COUNT(*) FROM fills").Single()[0]);
    }

    [Fact]
    public void a_csv_with_a_quote_left_open_is_one_error_line_naming_the_file_and_nothing_is_imported()
    {
        Assert.Equal(0, _workspace.Run("init").ExitCode);
        var csv = _workspace.WriteFile("trades.csv", "symbol,side,qty,price,time\nBTC/USDT,buy,1,64000,2026-01-02T10:00:00Z\nBTC/USDT,\"buy,1,64000,2026-01-02T11:00:00Z\n");

        var result = _workspace.Run("import", csv, "--format", "csv-trades", "--no-backup");

        Assert.Equal(2, result.ExitCode);
        var error = Assert.Single(result.Error.Split('\n', StringSplitOptions.RemoveEmptyEntries), l => l.StartsWith("error: ", StringComparison.Ordinal));
        Assert.Contains("trades.csv", error, StringComparison.Ordinal);
        Assert.Equal(0L, SqliteQuery.Rows(_workspace.DatabasePath, "SELECT COUNT(*) FROM fills").Single()[0]);
    }

    [Fact]
    public void date_order_reads_dates_that_never_show_their_order_as_the_user_says()
    {
        var csv = _workspace.WriteFile("eu-trades.csv", """
            id,symbol,side,qty,price,time
            t1,BTC/USDT,buy,0.5,64000,02/01/2026 10:00
            t2,BTC/USDT,sell,0.5,65000,03/01/2026 10:00

            """);

        var assumed = _workspace.Run("import", csv, "--dry-run", "--json");
        var told = _workspace.Run("import", csv, "--date-order", "day_first", "--mode", "paper", "--json");

        Assert.True(assumed.ExitCode == 0, assumed.ToString());
        Assert.Contains("--date-order day_first", assumed.Out, StringComparison.Ordinal);
        Assert.True(told.ExitCode == 0, told.ToString());
        Assert.DoesNotContain("--date-order", told.Out, StringComparison.Ordinal);
        Assert.Equal(
            ["2026-01-02", "2026-01-03"],
            SqliteQuery.Rows(_workspace.DatabasePath, "SELECT substr(ts, 1, 10) FROM fills ORDER BY ts").Select(r => (string)r[0]!));
    }

    [Theory]
    [InlineData("--date-order", "dd/mm", "day_first")]
    [InlineData("--mode", "bogus", "paper")]
    public void an_unknown_choice_is_one_error_line_and_nothing_is_imported(string option, string value, string named)
    {
        // An unknown --mode ended the import with an unhandled exception and its stack trace.
        Assert.Equal(0, _workspace.Run("init").ExitCode);
        var csv = _workspace.WriteFile("trades.csv", "symbol,side,qty,price,time\nBTC/USDT,buy,1,64000,02/01/2026\n");

        var result = _workspace.Run("import", csv, option, value, "--no-backup");

        Assert.Equal(2, result.ExitCode);
        var error = Assert.Single(result.Error.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith($"error: {option} '{value}' is not valid", error, StringComparison.Ordinal);
        Assert.Contains(named, error, StringComparison.Ordinal);
        Assert.Equal(0L, SqliteQuery.Rows(_workspace.DatabasePath, "SELECT COUNT(*) FROM fills").Single()[0]);
    }

    [Fact]
    public void rolling_back_a_batch_that_is_not_there_is_refused_before_any_backup_is_taken()
    {
        // A mistyped batch number took a full backup of the database before it was refused.
        Assert.Equal(0, _workspace.Run("init").ExitCode);

        var result = _workspace.Run("import", "--rollback", "42");

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("no import batch 42", result.Error, StringComparison.Ordinal);
        Assert.False(Directory.Exists(Path.Combine(_workspace.Folder, "backups")) && Directory.EnumerateFiles(Path.Combine(_workspace.Folder, "backups")).Any());
    }
}
