using Microsoft.Data.Sqlite;
using Tradebook.Import.Sources;

namespace Tradebook.Import.Doctor;

/// <summary>
/// A scanned database opened without any chance of changing it, the way a source is opened for import
/// (<see cref="SqliteSourceCopy"/>): a WAL-mode file, or one with companion files beside it, through a
/// private copy, because even a read-only open of such a file can create, checkpoint or delete its
/// -wal/-shm; any other file in place, read-only.
/// </summary>
internal sealed class ReadOnlyDatabase : IDisposable
{
    private readonly SqliteSourceCopy _source;

    private ReadOnlyDatabase(SqliteSourceCopy source, SqliteConnection connection)
    {
        _source = source;
        Connection = connection;
    }

    public SqliteConnection Connection { get; }

    public bool FromCopy => _source.IsCopy;

    public static ReadOnlyDatabase Open(string path)
    {
        var source = SqliteSourceCopy.Create(path);
        try
        {
            return new ReadOnlyDatabase(source, source.Open());
        }
        catch
        {
            source.Dispose();
            throw;
        }
    }

    public void Dispose()
    {
        Connection.Dispose();
        _source.Dispose();
    }
}
