using Microsoft.Data.Sqlite;
using Tradebook.Cli.Tests.Support;

namespace Tradebook.Cli.Tests.Fuzz;

/// <summary>The kill tests' own checks, on the states a killed writer really leaves.</summary>
public sealed class LedgerStateTests
{
    /// <summary>
    /// A process killed while it switches a file to WAL (or writes it in rollback mode) leaves a hot
    /// journal: only a connection that may write can roll it back, as Tradebook's own open does. A
    /// read-only integrity check failed there with "attempt to write a readonly database".
    /// </summary>
    [Fact]
    public void the_integrity_check_rolls_back_the_hot_journal_a_killed_writer_left()
    {
        using var workspace = new TempWorkspace();
        var original = SqliteScript.Create(Path.Combine(workspace.Folder, "original.db"), """
            PRAGMA journal_mode = DELETE;
            CREATE TABLE t (v TEXT NOT NULL);
            WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 2000)
            INSERT INTO t SELECT 'before' || zeroblob(500) FROM n;
            """);
        using var writer = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = original, Pooling = false }.ToString());
        writer.Open();
        using (var smallCache = writer.CreateCommand())
        {
            // A change larger than the page cache spills: the journal is made hot and the file is written.
            smallCache.CommandText = "PRAGMA cache_size = 10";
            smallCache.ExecuteNonQuery();
        }

        using var transaction = writer.BeginTransaction();
        using (var update = writer.CreateCommand())
        {
            update.Transaction = transaction;
            update.CommandText = "UPDATE t SET v = 'during'";
            update.ExecuteNonQuery();
        }

        // The files as they are on disk at this moment are what a SIGKILL would leave.
        var killed = Path.Combine(workspace.Folder, "killed.db");
        File.Copy(original, killed);
        File.Copy(original + "-journal", killed + "-journal");

        Assert.Equal("ok", LedgerState.IntegrityCheck(killed));
        Assert.False(File.Exists(killed + "-journal"));
        Assert.Equal(["before"], SqliteQuery.Rows(killed, "SELECT DISTINCT substr(v, 1, 6) FROM t").Select(r => r[0]));
    }
}
