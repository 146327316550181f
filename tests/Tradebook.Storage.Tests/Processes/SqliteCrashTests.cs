using System.Globalization;
using System.Text.RegularExpressions;
using Microsoft.Data.Sqlite;
using Tradebook.Storage.Tests.Infrastructure;
using Xunit.Abstractions;

namespace Tradebook.Storage.Tests.Processes;

/// <summary>
/// Real processes writing one SQLite file: killed at random moments (SIGKILL, mid-transaction),
/// or four at once. After each kill the file must be intact, every fill the child reported as
/// committed must be there, and the rollups must equal a replay of the stored fills.
/// </summary>
public sealed partial class SqliteCrashTests(ITestOutputHelper output) : IDisposable
{
    private readonly TestDatabase _db = StorageEngine.Sqlite.CreateDatabase();

    private string Path => _db.Target.FilePath!;

    private static int Kills => Environment.GetEnvironmentVariable("TRADEBOOK_SOAK") is { Length: > 0 } soak ? int.Parse(soak, CultureInfo.InvariantCulture) : 50;

    [Fact]
    public void a_writer_killed_at_random_moments_never_loses_a_committed_fill_nor_breaks_the_rollups()
    {
        var random = new Random(4242);
        var reported = new HashSet<string>(StringComparer.Ordinal);
        var killed = 0;
        for (var run = 0; killed < Kills; run++)
        {
            Assert.True(run < Kills * 3, $"only {killed} kills in {run} runs: the child keeps finishing before it is killed");

            // The same seed each time: a restarted child re-sends its whole history, which idempotency makes safe.
            using var child = ChildProcess.Start("record", "--sqlite", Path, "--seed", "7", "--fills", "20000", "--bots", "crash-a,crash-b,crash-c", "--prefix", "c");

            // Every other kill lands at a random moment after the child's first committed batch, not after
            // its start: on a busy machine starting a process can take longer than the whole random delay,
            // and the kills must still hit transactions in flight, not only start-ups and migrations.
            if (run % 2 == 1)
            {
                child.WaitForOutput(TimeSpan.FromSeconds(30));
            }

            Thread.Sleep(random.Next(50, 401));
            var finished = child.HasExited;
            if (!finished)
            {
                child.Kill();
                killed++;
            }

            Assert.True(child.WaitForExit(TimeSpan.FromSeconds(30)));
            Assert.True(!finished || child.ExitCode == 0, $"the child failed with exit code {child.ExitCode}: {child.Errors}");
            Assert.Equal(string.Empty, child.Errors);
            reported.UnionWith(child.Output.Where(line => FillId().IsMatch(line)));

            AssertIntact(reported);
        }

        output.WriteLine($"{killed} kills, {reported.Count} fills reported committed");
        Assert.True(reported.Count > 0, "no batch was ever committed before a kill");
    }

    [Fact]
    public void four_processes_recording_at_once_all_succeed_and_every_fill_is_kept()
    {
        _db.Migrated();
        var at = DateTimeOffset.UtcNow.AddMilliseconds(1500).ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture);
        // Two processes share a bot (its rollups are updated by both), two have their own.
        string[] bots = ["shared", "shared", "solo-2", "solo-3"];
        var children = bots.Select((bot, i) => ChildProcess.Start("record", "--sqlite", Path, "--seed", (100 + i).ToString(CultureInfo.InvariantCulture), "--fills", "500", "--bots", bot, "--prefix", $"p{i}-", "--at", at)).ToList();
        try
        {
            foreach (var child in children)
            {
                Assert.True(child.WaitForExit(TimeSpan.FromSeconds(120)), "a recording process did not finish");
                Assert.True(child.ExitCode == 0, $"exit code {child.ExitCode}: {child.Errors}");
                Assert.Equal(string.Empty, child.Errors);
                Assert.Equal(500, child.Output.Count);
            }

            Assert.Equal(2000, _db.Count("fills"));
            AssertIntact(children.SelectMany(c => c.Output).ToHashSet(StringComparer.Ordinal));
        }
        finally
        {
            children.ForEach(c => c.Dispose());
        }
    }

    public void Dispose() => _db.Dispose();

    private void AssertIntact(IReadOnlySet<string> reported)
    {
        // A connection of its own, unpooled: it must see the file as a new process would after the crash.
        using var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = Path, Pooling = false }.ToString());
        connection.Open();
        using (var check = connection.CreateCommand())
        {
            check.CommandText = "PRAGMA integrity_check";
            Assert.Equal("ok", check.ExecuteScalar());
        }

        if (reported.Count == 0)
        {
            return;
        }

        var stored = new HashSet<string>(StringComparer.Ordinal);
        using (var ids = connection.CreateCommand())
        {
            ids.CommandText = "SELECT external_id FROM fills";
            using var reader = ids.ExecuteReader();
            while (reader.Read())
            {
                stored.Add(reader.GetString(0));
            }
        }

        var missing = reported.Except(stored).ToList();
        Assert.True(missing.Count == 0, $"{missing.Count} reported fills are missing, e.g. {string.Join(", ", missing.Take(5))}");
        StoredLedger.AssertMatchesReplay(connection);
    }

    [GeneratedRegex(@"^[a-z0-9-]+\d{6}$")]
    private static partial Regex FillId();
}
