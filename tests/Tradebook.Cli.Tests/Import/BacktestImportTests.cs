using Tradebook.Cli.Tests.Support;
using Tradebook.Import.Tests.Freqtrade;

namespace Tradebook.Cli.Tests.Import;

/// <summary>
/// <c>tradebook import</c> of a freqtrade backtest's result: its strategies become backtest bots whose P&amp;L agrees
/// with freqtrade's own for every closed trade, and importing it again adds nothing.
/// </summary>
public sealed class BacktestImportTests : IDisposable
{
    private readonly TempWorkspace _workspace = new();

    public void Dispose() => _workspace.Dispose();

    [Fact]
    public void a_backtest_result_imports_as_backtest_bots_whose_pnl_agrees_with_freqtrade_s()
    {
        var result = BacktestResults.Write(_workspace.Folder, zipped: true);

        var first = _workspace.Run("import", result, "--json");
        var again = _workspace.Run("import", result, "--json");
        var pnl = _workspace.Run("pnl", "--by", "bot", "--json");

        Assert.True(first.ExitCode == 0, first.ToString());
        Assert.True(again.ExitCode == 0, again.ToString());
        Assert.Contains("freqtrade-backtest", first.Out, StringComparison.Ordinal);
        var report = first.Json().GetProperty("imports")[0].GetProperty("reconciliation");
        Assert.Equal(0, report.GetProperty("overall").GetProperty("differing").GetInt32());
        Assert.Equal(
            [("freqtrade/OlderStrategy@backtest-result-2024-01-02_10-00-00", 10m), ("freqtrade/SampleStrategy@backtest-20240102-100000", 104.65m)],
            pnl.Json().GetProperty("lines").EnumerateArray()
                .Select(t => (t.GetProperty("bot").GetString(), t.GetProperty("realized_pnl").GetDecimal())).OrderBy(t => t.Item1, StringComparer.Ordinal));
        Assert.Equal(7L, SqliteQuery.Rows(_workspace.DatabasePath, "SELECT COUNT(*) FROM fills").Single()[0]);
        Assert.Equal(["backtest"], SqliteQuery.Rows(_workspace.DatabasePath, "SELECT DISTINCT mode FROM bots").Select(r => (string)r[0]!));
    }
}
