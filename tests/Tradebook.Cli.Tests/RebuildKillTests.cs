using Microsoft.Data.Sqlite;
using Tradebook.Cli.Tests.Fuzz;
using Tradebook.Cli.Tests.Support;

namespace Tradebook.Cli.Tests;

/// <summary>
/// The real <c>tradebook rebuild</c> killed (SIGKILL) at moments spread over a run, on a ledger of 20,000 fills
/// whose derived rows were drifted on purpose: the rebuild is one transaction, so each kill leaves either the
/// old rows (the audit reports exactly the drift it reported before) or the new ones (they are what a replay
/// of the fills makes), and never a mixture; the fills themselves are untouched.
/// </summary>
public sealed class RebuildKillTests
{
    private const int Kills = 10;

    [Fact]
    public void a_rebuild_killed_at_any_moment_leaves_the_old_derived_rows_or_the_rebuilt_ones()
    {
        using var workspace = new TempWorkspace();
        KilledLedger.Write(workspace, fills: 20_000);
        Drift(workspace.DatabasePath);
        var baseline = Path.Combine(workspace.Folder, "baseline.db");
        KilledCli.CopyDatabase(workspace.DatabasePath, baseline);
        var drifted = Differences(baseline);
        Assert.NotEmpty(drifted);
        var fills = KilledLedger.Fills(baseline);

        var target = Path.Combine(workspace.Folder, "target.db");
        KilledCli.CopyDatabase(baseline, target);
        var duration = KilledCli.Timed("rebuild", "--db", target);
        Assert.Empty(Differences(target));

        var random = new Random(8180);
        var outcomes = new List<string>();
        for (var i = 0; i < Kills; i++)
        {
            KilledCli.CopyDatabase(baseline, target);
            KilledCli.Run(KilledCli.KillAt(i, Kills, duration, random), "rebuild", "--db", target);

            Assert.Equal("ok", LedgerState.IntegrityCheck(target));
            Assert.Equal(fills, KilledLedger.Fills(target));
            var now = Differences(target);
            Assert.True(now.Count == 0 || now.SequenceEqual(drifted), $"kill {i} left derived rows that are neither the old nor the rebuilt ones: {string.Join("; ", now.Take(5))}");
            outcomes.Add(now.Count == 0 ? "rebuilt" : "old");

            // doctor's derived check says the same as the audit.
            var doctor = TempWorkspace.RunOn(target, "doctor");
            Assert.True((doctor.ExitCode == ExitCodes.Ok) == (now.Count == 0), $"kill {i}: doctor disagrees with the audit ({outcomes[^1]}):\n{doctor}");
        }

        // Some kills landed before the commit, so "the old rows" was really exercised.
        Assert.True(outcomes.Contains("old"), $"every kill landed after the commit: {string.Join(", ", outcomes)}");
    }

    /// <summary>Derived rows changed behind the ledger's back, as a hand edit or an older Tradebook's bug leaves them.</summary>
    private static void Drift(string database)
    {
        using var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = database, Pooling = false }.ToString());
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = """
            UPDATE product_rollups SET realized_pnl = '12345.67' WHERE instrument_id = (SELECT MIN(instrument_id) FROM product_rollups);
            DELETE FROM daily_rollups WHERE rowid = (SELECT MAX(rowid) FROM daily_rollups);
            """;
        command.ExecuteNonQuery();
    }

    private static List<string> Differences(string database) => [.. LedgerState.ReplayDifferences(database).Select(d => d.ToString())];
}
