using System.Diagnostics;
using Microsoft.Data.Sqlite;
using Tradebook.Cli.Tests.Support;
using Tradebook.Storage.Connection;
using Tradebook.Storage.Sqlite;

namespace Tradebook.Cli.Tests;

/// <summary>Another process holds the write lock: record waits the busy timeout, then fails with exit 4 and writes nothing.</summary>
public sealed class LockedDatabaseTests : IDisposable
{
    private readonly TempWorkspace _workspace = new();

    public void Dispose() => _workspace.Dispose();

    [Fact]
    public void record_on_a_database_locked_by_another_writer_exits_4_and_writes_nothing()
    {
        Assert.Equal(0, _workspace.Run("init").ExitCode);
        Assert.Equal(0, _workspace.Run("bots", "add", "alpha", "--mode", "paper").ExitCode);
        var file = _workspace.WriteFile("f.jsonl", Fills.Lines(Fills.Line("alpha", "f1", "BTC/USDT", "buy", 1, 100)));

        // Only lock contention reads this variable, and no other test contends for its own database.
        var previous = Environment.GetEnvironmentVariable(BusyTimeout.Variable);
        Environment.SetEnvironmentVariable(BusyTimeout.Variable, "1000");
        CliResult result;
        var watch = Stopwatch.StartNew();
        try
        {
            SqliteBootstrap.EnsureInitialized();
            using var holder = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = _workspace.DatabasePath, Pooling = false }.ToString());
            holder.Open();
            using (var begin = holder.CreateCommand())
            {
                begin.CommandText = "BEGIN IMMEDIATE";
                begin.ExecuteNonQuery();
            }

            watch.Restart();
            result = _workspace.Run("record", file);
            watch.Stop();

            using var rollback = holder.CreateCommand();
            rollback.CommandText = "ROLLBACK";
            rollback.ExecuteNonQuery();
        }
        finally
        {
            Environment.SetEnvironmentVariable(BusyTimeout.Variable, previous);
        }

        Assert.Equal(ExitCodes.Locked, result.ExitCode);
        var error = Assert.Single(result.Error.Split('\n', StringSplitOptions.RemoveEmptyEntries), l => l.StartsWith("error: ", StringComparison.Ordinal));
        Assert.Contains("is locked", error, StringComparison.Ordinal);
        Assert.Contains("nothing was written", error, StringComparison.Ordinal);
        Assert.Equal(string.Empty, result.Out);

        // It waited for the lock (about the busy timeout), and not the default half a minute.
        Assert.InRange(watch.Elapsed, TimeSpan.FromMilliseconds(900), TimeSpan.FromSeconds(15));

        Assert.Equal(0, _workspace.Run("pnl", "--json").Json().GetProperty("lines").GetArrayLength());
        var after = _workspace.Run("record", file, "--json");
        Assert.Equal(1, after.Json().GetProperty("kinds").GetProperty("fills").GetProperty("inserted").GetInt32());
    }

    [Fact]
    public void reading_pnl_is_not_blocked_by_another_writer()
    {
        Assert.Equal(0, _workspace.Run("init").ExitCode);

        SqliteBootstrap.EnsureInitialized();
        using var holder = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = _workspace.DatabasePath, Pooling = false }.ToString());
        holder.Open();
        using var begin = holder.CreateCommand();
        begin.CommandText = "BEGIN IMMEDIATE";
        begin.ExecuteNonQuery();

        // WAL: readers never wait for the writer.
        var result = _workspace.Run("pnl", "--json");

        Assert.True(result.ExitCode == 0, result.ToString());
    }
}
