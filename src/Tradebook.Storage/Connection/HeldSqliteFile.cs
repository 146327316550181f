using System.Runtime.InteropServices;
using Microsoft.Data.Sqlite;
using SQLitePCL;

namespace Tradebook.Storage.Connection;

/// <summary>
/// The SQLite file a long-running process (the server) opened, held open on a connection of its own so that
/// it can tell when that file is no longer the one at its path: moved or copied over with <c>mv</c>, or
/// deleted. SQLite pairs a database with its WAL by name, so a connection opened after such a swap reads the
/// new file through the old file's WAL, and a checkpoint copies the old file's pages into the new one (rows
/// of bots the file does not have). A process that has seen the swap opens nothing more on that path.
/// </summary>
internal sealed class HeldSqliteFile : IDisposable
{
    /// <summary>SQLITE_FCNTL_HAS_MOVED: whether the file is no longer at the path it was opened on (SQLite's own check, a stat of the path).</summary>
    private const int HasMovedOperation = 20;

    private readonly SqliteConnection _connection;
    private readonly Lock _lock = new();

    private HeldSqliteFile(SqliteConnection connection) => _connection = connection;

    /// <summary>Opens <paramref name="path"/> on a connection outside the pool, held until disposed.</summary>
    public static HeldSqliteFile Open(string path)
    {
        var connectionString = new SqliteConnectionStringBuilder(SqliteConnections.ConnectionString(path)) { Mode = SqliteOpenMode.ReadWrite, Pooling = false }.ToString();
        return new HeldSqliteFile(SqliteConnections.Open(connectionString));
    }

    /// <summary>Whether the file at the path is another one than this connection holds, or there is none.</summary>
    public bool Moved
    {
        get
        {
            lock (_lock)
            {
                if (_connection.Handle is null)
                {
                    return true;
                }

                var moved = 0;
                var result = NativeMethods.sqlite3_file_control(_connection.Handle.DangerousGetHandle(), "main", HasMovedOperation, ref moved);
                return result == raw.SQLITE_OK && moved != 0;
            }
        }
    }

    /// <summary>
    /// Copies what the WAL holds into the file this connection holds (the one moved away), and empties the
    /// WAL. SQLite does neither when a moved file's last connection closes, and leaves the WAL beside the
    /// new file, which would read the old file's pages from it as its own. Waits for reads in flight.
    /// </summary>
    public void EmptyWalIntoHeldFile()
    {
        lock (_lock)
        {
            if (_connection.Handle is null)
            {
                return;
            }

            using var checkpoint = _connection.CreateCommand();
            checkpoint.CommandText = "PRAGMA wal_checkpoint(TRUNCATE)";
            checkpoint.ExecuteNonQuery();
        }
    }

    public void Dispose()
    {
        lock (_lock)
        {
            _connection.Dispose();
        }
    }

    /// <summary>SQLitePCLRaw binds no <c>sqlite3_file_control</c>: it is called in the same library SQLitePCLRaw loaded.</summary>
    private static class NativeMethods
    {
        [DllImport("e_sqlite3", CallingConvention = CallingConvention.Cdecl)]
        public static extern int sqlite3_file_control(IntPtr db, [MarshalAs(UnmanagedType.LPUTF8Str)] string name, int operation, ref int argument);
    }
}
