using Microsoft.Data.Sqlite;
using Tradebook.Cli.Tests.Support;

namespace Tradebook.Cli.Tests;

/// <summary>A database file the process may not write: exit 5, one line saying so, nothing written.</summary>
public sealed class ReadOnlyDatabaseTests : IDisposable
{
    private readonly TempWorkspace _workspace = new();

    public void Dispose() => _workspace.Dispose();

    [Fact]
    public void record_on_a_read_only_database_exits_5_and_says_it_is_read_only()
    {
        Assert.Equal(0, _workspace.Run("init").ExitCode);
        Assert.Equal(0, _workspace.Run("bots", "add", "alpha", "--mode", "paper").ExitCode);
        var file = _workspace.WriteFile("f.jsonl", Fills.Lines(Fills.Line("alpha", "f1", "BTC/USDT", "buy", 1, 100)));

        // Closing pooled connections checkpoints the WAL, so the file alone holds the data.
        SqliteConnection.ClearAllPools();
        using var readOnly = ReadOnlyFile.TryMake(_workspace.DatabasePath);
        if (readOnly is null)
        {
            // Neither permissions nor the immutable flag can stop this process writing: the condition
            // cannot be produced here, and faking it would test nothing.
            return;
        }

        var result = _workspace.Run("record", file);

        Assert.Equal(ExitCodes.ReadOnlyOrFull, result.ExitCode);
        var error = Assert.Single(result.Error.Split('\n', StringSplitOptions.RemoveEmptyEntries), l => l.StartsWith("error: ", StringComparison.Ordinal));
        Assert.Contains("read-only", error, StringComparison.Ordinal);

        var pnl = _workspace.Run("pnl", "--json");
        Assert.True(pnl.ExitCode == 0, pnl.ToString());
        Assert.Equal(0, pnl.Json().GetProperty("lines").GetArrayLength());
    }
}
