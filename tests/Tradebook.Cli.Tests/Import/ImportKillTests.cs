using System.Globalization;
using Microsoft.Data.Sqlite;
using Tradebook.Cli.Tests.Fuzz;
using Tradebook.Cli.Tests.Support;
using Tradebook.Storage.Sqlite;

namespace Tradebook.Cli.Tests.Import;

/// <summary>
/// The real <c>tradebook</c> process importing a large trades table, killed (SIGKILL) at random moments: the
/// target is always a sound database holding either exactly what it held before or the whole batch.
/// </summary>
public sealed class ImportKillTests
{
    private const int Rows = 50_000;

    [Fact]
    public void an_import_killed_at_any_moment_leaves_the_target_as_before_or_with_the_whole_batch()
    {
        using var workspace = new SampleWorkspace();
        var source = Path.Combine(workspace.Folder, "fills.sqlite");
        WriteTradesTable(source);

        // The database before: already holding one small import, so "as before" is not just "empty".
        workspace.Import(workspace.Sample("real-dbs/ronmegini__Trading-Bot__tradesv3.sqlite"));
        var baseline = Path.Combine(workspace.Folder, "baseline.db");
        KilledCli.CopyDatabase(workspace.Database, baseline);
        var before = SampleWorkspace.Fingerprint(baseline);

        var complete = Path.Combine(workspace.Folder, "complete.db");
        KilledCli.CopyDatabase(baseline, complete);
        var duration = KilledCli.Timed("import", source, "--db", complete);
        var after = SampleWorkspace.Fingerprint(complete);
        Assert.NotEqual(before, after);

        // One kill at a random moment in each twelfth of the run, so that kills land early (reading,
        // writing) as well as late (after the commit), however fast the import has become.
        var random = new Random(4242);
        var outcomes = new List<string>();
        const int Kills = 12;
        for (var i = 0; i < Kills; i++)
        {
            var target = Path.Combine(workspace.Folder, $"target-{i}.db");
            KilledCli.CopyDatabase(baseline, target);
            var killAfter = KilledCli.KillAt(i, Kills, duration, random);
            KilledCli.Run(killAfter, "import", source, "--db", target);

            Assert.Equal("ok", LedgerState.IntegrityCheck(target));
            var now = SampleWorkspace.Fingerprint(target);
            Assert.True(now == before || now == after, $"kill {i} after {killAfter.TotalMilliseconds} ms left part of a batch: {now}");
            outcomes.Add(now == before ? "before" : "complete");
        }

        // Some kills landed before the commit, so "as before" was really exercised, not only "complete".
        Assert.True(outcomes.Contains("before"), $"every kill landed after the commit: {string.Join(", ", outcomes)}");
    }

    private static void WriteTradesTable(string path)
    {
        SqliteBootstrap.EnsureInitialized();
        using var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Pooling = false }.ToString());
        connection.Open();
        using var transaction = connection.BeginTransaction();
        using (var create = connection.CreateCommand())
        {
            create.Transaction = transaction;
            create.CommandText = "CREATE TABLE trades (id INTEGER PRIMARY KEY, trade_id TEXT, symbol TEXT, side TEXT, quantity TEXT, price TEXT, fee TEXT, executed_at TEXT)";
            create.ExecuteNonQuery();
        }

        using var insert = connection.CreateCommand();
        insert.Transaction = transaction;
        insert.CommandText = "INSERT INTO trades VALUES ($id, $trade, $symbol, $side, $quantity, $price, '0.01', $at)";
        var parameters = new[] { "$id", "$trade", "$symbol", "$side", "$quantity", "$price", "$at" }.Select(n => insert.Parameters.Add(n, SqliteType.Text)).ToArray();
        var random = new Random(7);
        var start = new DateTimeOffset(2024, 1, 1, 0, 0, 0, TimeSpan.Zero);
        for (var i = 0; i < Rows; i++)
        {
            parameters[0].Value = i;
            parameters[1].Value = $"t-{i}";
            parameters[2].Value = $"SYM{i % 20}-USD";
            parameters[3].Value = i % 2 == 0 ? "buy" : "sell";
            parameters[4].Value = (random.Next(1, 100_000) / 1000m).ToString(CultureInfo.InvariantCulture);
            parameters[5].Value = (random.Next(1_000, 100_000) / 100m).ToString(CultureInfo.InvariantCulture);
            parameters[6].Value = start.AddSeconds(i).ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
            insert.ExecuteNonQuery();
        }

        transaction.Commit();
    }
}
