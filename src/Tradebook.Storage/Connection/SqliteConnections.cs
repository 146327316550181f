using Microsoft.Data.Sqlite;
using Tradebook.Storage.Sqlite;

namespace Tradebook.Storage.Connection;

/// <summary>How Tradebook opens SQLite: the ledger's durability profile is set on every connection.</summary>
public static class SqliteConnections
{
    public static string ConnectionString(string path, bool readOnly = false) =>
        new SqliteConnectionStringBuilder
        {
            DataSource = path,
            Mode = readOnly ? SqliteOpenMode.ReadOnly : SqliteOpenMode.ReadWriteCreate,
            Pooling = true,
            // Microsoft.Data.Sqlite retries a busy statement until this many seconds pass (0 would mean
            // forever), on top of SQLite's own busy_timeout: round up so a short timeout stays short but finite.
            DefaultTimeout = Math.Max(1, (int)Math.Ceiling(BusyTimeout.Value.TotalSeconds)),
        }.ToString();

    /// <summary>
    /// Opens a connection with the ledger profile: WAL so that readers never block the writer,
    /// synchronous=FULL so that a committed fill survives a power loss, foreign keys enforced,
    /// and a busy timeout so that concurrent writers queue instead of failing.
    /// </summary>
    public static SqliteConnection Open(string connectionString)
    {
        SqliteBootstrap.EnsureInitialized();
        var connection = new SqliteConnection(connectionString);
        connection.Open();
        // The connection string's timeout (the busy timeout unless a caller set a shorter one) is also
        // SQLite's busy timeout, so that one setting bounds every wait on another process's lock.
        // A 64 MiB page cache (SQLite's default is 2 MiB) keeps a large import's indexes in memory: with
        // the default, a million-fill transaction spills and rewrites the same pages to the WAL (a third
        // slower, measured by `tradebook bench --import-only`). The cache is only filled as pages are read.
        // The checkpoint threshold is SQLite's default, set again because a pooled connection keeps what its
        // last user set (TradebookDatabase.CheckpointSeldom).
        var busyMs = new SqliteConnectionStringBuilder(connectionString).DefaultTimeout * 1000;
        using var pragmas = connection.CreateCommand();
        pragmas.CommandText = $"""
            PRAGMA busy_timeout = {busyMs};
            PRAGMA foreign_keys = ON;
            PRAGMA synchronous = FULL;
            PRAGMA cache_size = -65536;
            PRAGMA wal_autocheckpoint = 1000;
            """;
        pragmas.ExecuteNonQuery();
        if (new SqliteConnectionStringBuilder(connectionString).Mode != SqliteOpenMode.ReadOnly && JournalMode(connection) != "wal" && IsEmptyOrTradebook(connection))
        {
            // journal_mode is persistent in the file: it is set on Tradebook's own database (or an empty
            // one about to become it), never on another program's opened by mistake, even to read it.
            using var wal = connection.CreateCommand();
            wal.CommandText = "PRAGMA journal_mode = WAL;";
            wal.ExecuteScalar();
        }

        return connection;
    }

    private static string JournalMode(SqliteConnection connection)
    {
        using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA journal_mode";
        return (command.ExecuteScalar() as string ?? string.Empty).ToLowerInvariant();
    }

    /// <summary>A database without tables, or one with Tradebook's <c>schema_migrations</c>.</summary>
    private static bool IsEmptyOrTradebook(SqliteConnection connection)
    {
        using var command = connection.CreateCommand();
        command.CommandText = """
            SELECT count(*) = 0 OR sum(name = 'schema_migrations') > 0
            FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'
            """;
        return Convert.ToInt64(command.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture) != 0;
    }
}
