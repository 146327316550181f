using Microsoft.Data.Sqlite;
using Tradebook.Cli.Tests.Fuzz;
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
        var duration = KilledCli.Timed("backup", "--db", workspace.DatabasePath);

        var random = new Random(5150);
        for (var i = 0; i < Kills; i++)
        {
            KilledCli.Run(KilledCli.KillAt(i, Kills, duration, random), "backup", "--db", workspace.DatabasePath);

            Assert.Equal("ok", LedgerState.IntegrityCheck(workspace.DatabasePath));
            Assert.Equal(before, SampleWorkspace.Fingerprint(workspace.DatabasePath));
            foreach (var file in Directory.GetFiles(Path.Combine(workspace.Folder, "backups")).Where(f => f.EndsWith(".db", StringComparison.Ordinal)))
            {
                // A kill may leave a .partial file, never a file under a backup's name that is not the whole database.
                Assert.Equal("ok", LedgerState.IntegrityCheck(file));
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
        KilledCli.CopyDatabase(workspace.DatabasePath, current);
        var before = SampleWorkspace.Fingerprint(current);
        Assert.NotEqual(before, restored);

        var target = Path.Combine(workspace.Folder, "target.db");
        KilledCli.CopyDatabase(current, target);
        var duration = KilledCli.Timed("restore", backup, "--force", "--db", target);

        var random = new Random(6160);
        var outcomes = new List<string>();
        for (var i = 0; i < Kills; i++)
        {
            KilledCli.CopyDatabase(current, target);
            KilledCli.Run(KilledCli.KillAt(i, Kills, duration, random), "restore", backup, "--force", "--db", target);

            Assert.Equal("ok", LedgerState.IntegrityCheck(target));
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
}
