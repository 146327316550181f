using System.Diagnostics;
using Microsoft.Data.Sqlite;
using Tradebook.Cli.Tests.Import;
using Tradebook.Cli.Tests.Support;

namespace Tradebook.Cli.Tests;

/// <summary>
/// The real <c>tradebook</c> process running <c>backup</c> and <c>restore</c>, killed (SIGKILL) at moments spread
/// over a run: the database is always sound and either as it was or wholly restored, and every file under a
/// backup's name is a verified backup, whatever moment the kill hit.
/// </summary>
public sealed class BackupRestoreKillTests
{
    private const int Kills = 10;

    [Fact]
    public void a_backup_killed_at_any_moment_leaves_the_database_as_it_was_and_no_unverified_backup()
    {
        using var workspace = new TempWorkspace();
        Ledger(workspace, fills: 20_000);
        var before = SampleWorkspace.Fingerprint(workspace.DatabasePath);
        var duration = Timed(() => Assert.Equal(0, RunChild(null, "backup", "--db", workspace.DatabasePath)));

        var random = new Random(5150);
        for (var i = 0; i < Kills; i++)
        {
            RunChild(KillAt(i, duration, random), "backup", "--db", workspace.DatabasePath);

            Assert.Equal("ok", IntegrityCheck(workspace.DatabasePath));
            Assert.Equal(before, SampleWorkspace.Fingerprint(workspace.DatabasePath));
            foreach (var file in Directory.GetFiles(Path.Combine(workspace.Folder, "backups")).Where(f => f.EndsWith(".db", StringComparison.Ordinal)))
            {
                // A kill may leave a .partial file, never a file under a backup's name that is not the whole database.
                Assert.Equal("ok", IntegrityCheck(file));
                Assert.Equal(before, SampleWorkspace.Fingerprint(file));
            }
        }
    }

    [Fact]
    public void a_restore_killed_at_any_moment_leaves_the_database_as_it_was_or_wholly_restored()
    {
        using var workspace = new TempWorkspace();
        Ledger(workspace, fills: 20_000);
        Assert.Equal(0, workspace.Run("backup").ExitCode);
        var backup = Directory.GetFiles(Path.Combine(workspace.Folder, "backups"), "tradebook-*.db").Single();
        var restored = SampleWorkspace.Fingerprint(backup);
        Assert.Equal(0, workspace.Run("record", workspace.WriteFile("later.jsonl", Fills.Lines(Fills.Line("alpha", "later", "BTC/USDT", "buy", 1, 100)))).ExitCode);
        SqliteConnection.ClearAllPools();
        var current = Path.Combine(workspace.Folder, "current.db");
        Copy(workspace.DatabasePath, current);
        var before = SampleWorkspace.Fingerprint(current);
        Assert.NotEqual(before, restored);

        var target = Path.Combine(workspace.Folder, "target.db");
        Copy(current, target);
        var duration = Timed(() => Assert.Equal(0, RunChild(null, "restore", backup, "--force", "--db", target)));

        var random = new Random(6160);
        var outcomes = new List<string>();
        for (var i = 0; i < Kills; i++)
        {
            foreach (var old in Directory.GetFiles(workspace.Folder, "target.db*"))
            {
                File.Delete(old);
            }

            Copy(current, target);
            RunChild(KillAt(i, duration, random), "restore", backup, "--force", "--db", target);

            Assert.Equal("ok", IntegrityCheck(target));
            var now = SampleWorkspace.Fingerprint(target);
            Assert.True(now == before || now == restored, $"kill {i} left a database that is neither the one replaced nor the backup: {now}");
            outcomes.Add(now == before ? "before" : "restored");
        }

        Assert.Contains("before", outcomes);
    }

    private static void Ledger(TempWorkspace workspace, int fills)
    {
        Assert.Equal(0, workspace.Run("init").ExitCode);
        Assert.Equal(0, workspace.Run("bots", "add", "alpha", "--mode", "paper").ExitCode);
        var lines = Enumerable.Range(0, fills).Select(i => Fills.Line("alpha", $"f{i}", i % 2 == 0 ? "BTC/USDT" : "ETH/USDT", "buy", 1, 100 + (i % 7), minute: i % 60));
        Assert.Equal(0, workspace.Run("record", workspace.WriteFile("fills.jsonl", Fills.Lines([.. lines]))).ExitCode);
        SqliteConnection.ClearAllPools();
    }

    /// <summary>One kill in each tenth of a run, at a random moment in it, so that kills land early and late.</summary>
    private static TimeSpan KillAt(int i, TimeSpan duration, Random random)
    {
        var slice = duration.TotalMilliseconds / Kills;
        return TimeSpan.FromMilliseconds((i * slice) + (random.NextDouble() * slice));
    }

    private static TimeSpan Timed(Action run)
    {
        var watch = Stopwatch.StartNew();
        run();
        return watch.Elapsed;
    }

    /// <summary>Runs <c>dotnet tradebook.dll ARGS</c>; kills it (SIGKILL) after <paramref name="killAfter"/> unless it ended.</summary>
    private static int RunChild(TimeSpan? killAfter, params string[] args)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var arg in new[] { Path.Combine(AppContext.BaseDirectory, "tradebook.dll") }.Concat(args))
        {
            start.ArgumentList.Add(arg);
        }

        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        if (killAfter is { } wait && !process.WaitForExit(wait))
        {
            process.Kill(entireProcessTree: true);
        }

        process.WaitForExit();
        Assert.True(killAfter is not null || process.ExitCode == 0, error.Result + output.Result);
        return process.ExitCode;
    }

    /// <summary>A consistent copy, WAL included.</summary>
    private static void Copy(string from, string to)
    {
        using var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = from, Pooling = false }.ToString());
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "VACUUM INTO $to";
        command.Parameters.AddWithValue("$to", to);
        command.ExecuteNonQuery();
    }

    private static string IntegrityCheck(string database)
    {
        using var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = database, Pooling = false }.ToString());
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA integrity_check";
        return (string)command.ExecuteScalar()!;
    }
}
