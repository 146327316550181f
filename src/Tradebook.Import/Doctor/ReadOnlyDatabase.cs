using Microsoft.Data.Sqlite;
using Tradebook.Import.Sources;
using Tradebook.Storage.Sqlite;

namespace Tradebook.Import.Doctor;

/// <summary>
/// Opens a scanned database without any chance of changing it. A WAL-mode file, or one with companion
/// files beside it, is read through a private copy: even a read-only open of such a file can create,
/// checkpoint or delete its -wal/-shm. Other files are opened in place with Mode=ReadOnly.
/// </summary>
internal sealed class ReadOnlyDatabase : IDisposable
{
    private readonly SqliteSourceCopy? _copy;

    private ReadOnlyDatabase(SqliteConnection connection, SqliteSourceCopy? copy)
    {
        Connection = connection;
        _copy = copy;
    }

    public SqliteConnection Connection { get; }

    public bool FromCopy => _copy is not null;

    public static ReadOnlyDatabase Open(string path, bool headerSaysWal)
    {
        SqliteBootstrap.EnsureInitialized();
        var needsCopy = headerSaysWal || new[] { "-wal", "-shm", "-journal" }.Any(s => File.Exists(path + s));
        if (needsCopy)
        {
            var copy = SqliteSourceCopy.Create(path);
            try
            {
                return new ReadOnlyDatabase(copy.Open(), copy);
            }
            catch
            {
                copy.Dispose();
                throw;
            }
        }

        var connection = new SqliteConnection(new SqliteConnectionStringBuilder
        {
            DataSource = path,
            Mode = SqliteOpenMode.ReadOnly,
            Pooling = false,
        }.ToString());
        try
        {
            connection.Open();
            using var command = connection.CreateCommand();
            command.CommandText = "PRAGMA query_only = 1";
            command.ExecuteNonQuery();
        }
        catch
        {
            connection.Dispose();
            throw;
        }

        return new ReadOnlyDatabase(connection, null);
    }

    public void Dispose()
    {
        Connection.Dispose();
        _copy?.Dispose();
    }
}
