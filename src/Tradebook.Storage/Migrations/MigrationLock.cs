using System.Data.Common;
using Tradebook.Storage.Connection;

namespace Tradebook.Storage.Migrations;

/// <summary>
/// The lock held for a whole migration run. PostgreSQL: a session advisory lock keyed by the schema,
/// released by the server if the process dies. SQLite needs none here: each step takes the write lock
/// itself (BEGIN IMMEDIATE), and SQLite releases it when a killed process's file handles close.
/// </summary>
internal sealed class MigrationLock : IDisposable
{
    private readonly DbConnection? _connection;
    private readonly long _key;

    private MigrationLock(DbConnection? connection, long key)
    {
        _connection = connection;
        _key = key;
    }

    public static MigrationLock Acquire(DbConnection connection, SqlEngine engine)
    {
        if (engine == SqlEngine.Sqlite)
        {
            return new MigrationLock(null, 0);
        }

        // One key per schema, so that migrating one schema never waits on another's.
        using var keyCommand = connection.Command(null, "SELECT hashtextextended('tradebook.migrate.' || current_schema(), 0)");
        var key = Convert.ToInt64(keyCommand.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture);
        using var lockCommand = connection.Command(null, "SELECT pg_advisory_lock(@key)");
        lockCommand.Add("@key", key);
        lockCommand.CommandTimeout = 0;
        lockCommand.ExecuteNonQuery();
        return new MigrationLock(connection, key);
    }

    public void Dispose()
    {
        if (_connection is null)
        {
            return;
        }

        using var unlock = _connection.Command(null, "SELECT pg_advisory_unlock(@key)");
        unlock.Add("@key", _key);
        unlock.ExecuteNonQuery();
    }
}
