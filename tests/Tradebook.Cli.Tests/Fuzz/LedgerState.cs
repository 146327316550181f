using System.Globalization;
using Microsoft.Data.Sqlite;
using Tradebook.Cli.Tests.Import;
using Tradebook.Storage.Connection;
using Tradebook.Storage.Health;

namespace Tradebook.Cli.Tests.Fuzz;

/// <summary>What the fuzz tests compare before and after a command: contents, integrity, and derived rows against a replay.</summary>
public static class LedgerState
{
    private static readonly string[] DerivedTables = ["position_lots", "daily_rollups", "unconverted_fees", "product_checkpoints", "change_log", "bot_activity"];

    /// <summary>Row counts of every table a write touches and a hash of every fill: equal before and after means nothing was written.</summary>
    public static string Fingerprint(string database)
    {
        SqliteConnection.ClearAllPools();
        return SampleWorkspace.Fingerprint(database) + ";" + string.Join(';', Support.SqliteQuery.Rows(database, $"SELECT {string.Join(", ", DerivedTables.Select(t => $"(SELECT COUNT(*) FROM {t})"))}").Single());
    }

    /// <summary>
    /// SQLite's integrity check, on a connection that may write: a writer killed mid-commit leaves a hot
    /// journal that only such a connection can roll back (as Tradebook's own open does); read-only, the
    /// check failed with "attempt to write a readonly database" instead of looking at the file.
    /// </summary>
    public static string IntegrityCheck(string database)
    {
        Tradebook.Storage.Sqlite.SqliteBootstrap.EnsureInitialized();
        using var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = database, Mode = SqliteOpenMode.ReadWrite, Pooling = false }.ToString());
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA integrity_check";
        return Convert.ToString(command.ExecuteScalar(), CultureInfo.InvariantCulture)!;
    }

    /// <summary>Every derived row compared with a replay of the fills (what <c>doctor</c> checks); the differences found.</summary>
    public static IReadOnlyList<DerivedDifference> ReplayDifferences(string database)
    {
        using var opened = new TradebookDatabase(DatabaseTarget.Parse(database, "test", Path.GetDirectoryName(database)!), createIfMissing: false);
        var differences = LedgerAudit.Verify(opened, TimeProvider.System).Differences;
        SqliteConnection.ClearAllPools();
        return differences;
    }

    /// <summary>The ids of a bot's stored fills.</summary>
    public static HashSet<string> FillIds(string database, string bot) =>
        SupportQuery(database, $"SELECT f.external_id FROM fills f JOIN bots b ON b.id = f.bot_id WHERE b.name = '{bot}'");

    private static HashSet<string> SupportQuery(string database, string sql) =>
        [.. Support.SqliteQuery.Rows(database, sql).Select(r => Convert.ToString(r[0], CultureInfo.InvariantCulture)!)];
}
