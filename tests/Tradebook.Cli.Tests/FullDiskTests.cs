using Microsoft.Data.Sqlite;
using Tradebook.Cli.Tests.Support;

namespace Tradebook.Cli.Tests;

/// <summary>A disk that fills up during a write: exit 5, one line saying so, nothing half-written, and the database usable once space is freed.</summary>
public sealed class FullDiskTests : IDisposable
{
    private readonly string _folder = Directory.CreateDirectory(Path.Combine(SmallDisk.Folder ?? Path.GetTempPath(), $"tradebook-full-{Guid.NewGuid():N}")).FullName;

    private string Database => Path.Combine(_folder, "tradebook.db");

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        Directory.Delete(_folder, recursive: true);
    }

    [SmallDiskFact]
    public void recording_more_than_the_disk_holds_exits_5_and_keeps_nothing_of_the_batch()
    {
        Assert.Equal(0, TempWorkspace.RunOn(Database, "init").ExitCode);
        Assert.Equal(0, TempWorkspace.RunOn(Database, "bots", "add", "alpha", "--mode", "paper").ExitCode);
        // About 4 MB of fills in one transaction, on a 2 MiB filesystem. The input lives elsewhere.
        var input = InputFile(Enumerable.Range(0, 20_000).Select(i => Fills.Line("alpha", $"f{i}", $"P{i % 50}/USDT", i % 3 == 0 ? "sell" : "buy", 1, 100 + (i % 7), minute: i % 60)).ToArray());
        try
        {
            var result = TempWorkspace.RunOn(Database, "record", input);

            Assert.True(result.ExitCode == ExitCodes.ReadOnlyOrFull, result.ToString());
            var error = Assert.Single(result.Error.Split('\n', StringSplitOptions.RemoveEmptyEntries), l => l.StartsWith("error: ", StringComparison.Ordinal));
            Assert.Contains("is full", error, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(input);
        }

        // Closing the connections checkpoints and removes the WAL, which gives the space back.
        SqliteConnection.ClearAllPools();
        using (var connection = new SqliteConnection($"Data Source={Database}"))
        {
            connection.Open();
            using var check = connection.CreateCommand();
            check.CommandText = "PRAGMA integrity_check";
            Assert.Equal("ok", check.ExecuteScalar());
            check.CommandText = "SELECT (SELECT COUNT(*) FROM fills) + (SELECT COUNT(*) FROM positions) + (SELECT COUNT(*) FROM instruments)";
            Assert.Equal(0L, check.ExecuteScalar());
        }

        SqliteConnection.ClearAllPools();
        var after = InputFile(Fills.Line("alpha", "after", "BTC/USDT", "buy", 1, 100));
        try
        {
            var small = TempWorkspace.RunOn(Database, "record", after);
            Assert.True(small.ExitCode == 0, small.ToString());
            Assert.Equal(1, TempWorkspace.RunOn(Database, "pnl", "--json").Json().GetProperty("lines").GetArrayLength());
        }
        finally
        {
            File.Delete(after);
        }
    }

    private static string InputFile(params string[] lines)
    {
        var path = Path.Combine(Path.GetTempPath(), $"tradebook-full-{Guid.NewGuid():N}.jsonl");
        File.WriteAllText(path, Fills.Lines(lines));
        return path;
    }
}
