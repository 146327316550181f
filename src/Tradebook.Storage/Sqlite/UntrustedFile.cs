using Microsoft.Data.Sqlite;
using SQLitePCL;

namespace Tradebook.Storage.Sqlite;

/// <summary>
/// A file someone else wrote, read defensively: no SQL can write the schema or shadow tables; its views
/// and triggers cannot call functions with side effects; cell sizes are checked as pages are read. It is
/// read with the dialect the engine that wrote it accepted: the bundled SQLite is built without
/// double-quoted string literals, so a view or trigger with <c>side = "sell"</c>, which SQLite's default
/// build (Python's, the previous bundle) accepts, would no longer parse.
/// </summary>
public static class UntrustedFile
{
    public static void Configure(SqliteConnection connection)
    {
        ArgumentNullException.ThrowIfNull(connection);
        var handle = connection.Handle ?? throw new InvalidOperationException("The connection is not open.");
        foreach (var (option, value) in new[]
        {
            (raw.SQLITE_DBCONFIG_DEFENSIVE, 1),
            (raw.SQLITE_DBCONFIG_TRUSTED_SCHEMA, 0),
            (raw.SQLITE_DBCONFIG_DQS_DDL, 1),
            (raw.SQLITE_DBCONFIG_DQS_DML, 1),
        })
        {
            SqliteException.ThrowExceptionForRC(raw.sqlite3_db_config(handle, option, value, out _), handle);
        }

        using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA cell_size_check = ON";
        command.ExecuteNonQuery();
    }
}
