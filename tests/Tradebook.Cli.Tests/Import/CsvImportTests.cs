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
}
