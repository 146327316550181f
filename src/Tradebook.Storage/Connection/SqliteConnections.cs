using Microsoft.Data.Sqlite;
using Tradebook.Storage.Sqlite;

namespace Tradebook.Storage.Connection;

/// <summary>How Tradebook opens SQLite: the ledger's durability profile is set on every connection.</summary>
public static class SqliteConnections
{
    /// <summary>How long a writer waits for another process's transaction before giving up.</summary>
    public static readonly TimeSpan BusyTimeout = TimeSpan.FromSeconds(30);

    public static string ConnectionString(string path, bool readOnly = false) =>
        new SqliteConnectionStringBuilder
        {
            DataSource = path,
            Mode = readOnly ? SqliteOpenMode.ReadOnly : SqliteOpenMode.ReadWriteCreate,
            Pooling = true,
            DefaultTimeout = (int)BusyTimeout.TotalSeconds,
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
        // The connection string's timeout (BusyTimeout unless a caller set a shorter one) is also
        // SQLite's busy timeout, so that one setting bounds every wait on another process's lock.
        var busyMs = new SqliteConnectionStringBuilder(connectionString).DefaultTimeout * 1000;
        using var pragmas = connection.CreateCommand();
        pragmas.CommandText = $"""
            PRAGMA busy_timeout = {busyMs};
            PRAGMA foreign_keys = ON;
            PRAGMA synchronous = FULL;
            """;
        pragmas.ExecuteNonQuery();
        if (new SqliteConnectionStringBuilder(connectionString).Mode != SqliteOpenMode.ReadOnly)
        {
            // journal_mode is persistent in the file, but setting it needs a write lock only when it changes.
            using var wal = connection.CreateCommand();
            wal.CommandText = "PRAGMA journal_mode = WAL;";
            wal.ExecuteScalar();
        }

        return connection;
    }
}
