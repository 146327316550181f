using System.Globalization;
using Tradebook.Cli.Tests.Fuzz;
using Tradebook.Cli.Tests.Support;

namespace Tradebook.Cli.Tests;

/// <summary>
/// The real <c>tradebook migrate</c> killed (SIGKILL) at moments spread over a run, from version 1 to the
/// latest over a ledger of 20,000 fills: each migration commits whole or not at all, so the schema is
/// always exactly what the applied migrations make (never half a migration), its fills are all there,
/// and <c>migrate status</c>, a second <c>migrate</c> and <c>doctor</c> are clean afterwards.
/// </summary>
public sealed class MigrateKillTests
{
    private const int Kills = 10;

    [Fact]
    public void a_migration_killed_at_any_moment_leaves_a_whole_version_that_migrates_on_cleanly()
    {
        using var workspace = new TempWorkspace();
        KilledLedger.Write(workspace, fills: 20_000);
        Assert.Equal(0, workspace.Run("migrate", "down", "--to", "1").ExitCode);
        var baseline = Path.Combine(workspace.Folder, "baseline.db");
        KilledCli.CopyDatabase(workspace.DatabasePath, baseline);
        var fills = KilledLedger.Fills(baseline);
        var latest = Version(workspace.DatabasePath, "migrate", "status");

        var target = Path.Combine(workspace.Folder, "target.db");
        KilledCli.CopyDatabase(baseline, target);
        var duration = KilledCli.Timed("migrate", "--db", target);

        var random = new Random(7170);
        var versions = new List<int>();
        for (var i = 0; i < Kills; i++)
        {
            KilledCli.CopyDatabase(baseline, target);
            KilledCli.Run(KilledCli.KillAt(i, Kills, duration, random), "migrate", "--db", target);

            Assert.Equal("ok", LedgerState.IntegrityCheck(target));
            var version = CurrentVersion(target);
            versions.Add(version);
            Assert.InRange(version, 1, latest);
            var drift = TempWorkspace.RunOn(target, "migrate", "drift");
            Assert.True(drift.ExitCode == 0, $"kill {i} left version {version} with a schema between two versions:\n{drift}");
            var status = TempWorkspace.RunOn(target, "migrate", "status");
            Assert.True(status.ExitCode == 0, $"kill {i}:\n{status}");
            Assert.Equal(fills, KilledLedger.Fills(target));

            var again = TempWorkspace.RunOn(target, "migrate");
            Assert.True(again.ExitCode == 0, $"kill {i}: migrating on from version {version} failed:\n{again}");
            var doctor = TempWorkspace.RunOn(target, "doctor");
            Assert.True(doctor.ExitCode == 0, $"kill {i}: doctor after migrating on from version {version}:\n{doctor}");
        }

        // Some kills landed before the first migration committed, so "as it was" was really exercised.
        Assert.True(versions.Contains(1), $"every kill landed after a migration committed: {string.Join(", ", versions)}");
    }

    private static int Version(string database, params string[] args)
    {
        var status = TempWorkspace.RunOn(database, [.. args, "--json"]);
        Assert.True(status.ExitCode == 0, status.ToString());
        return status.Json().GetProperty("latest_version").GetInt32();
    }

    private static int CurrentVersion(string database) =>
        Convert.ToInt32(SqliteQuery.Rows(database, "SELECT COALESCE(MAX(version), 0) FROM schema_migrations").Single()[0], CultureInfo.InvariantCulture);
}
