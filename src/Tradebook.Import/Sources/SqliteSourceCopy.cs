using Microsoft.Data.Sqlite;
using Tradebook.Storage.Sqlite;

namespace Tradebook.Import.Sources;

/// <summary>
/// A private copy of a source SQLite database with its <c>-wal</c> and <c>-shm</c> companions, so that
/// data living only in the WAL is read and the source is never touched: even a read-only open of a
/// WAL-mode file can create or checkpoint companion files. Deleted on dispose.
/// </summary>
public sealed class SqliteSourceCopy : IDisposable
{
    private readonly string _folder;

    private SqliteSourceCopy(string originalPath, string folder, string copyPath, bool hadWal)
    {
        OriginalPath = originalPath;
        _folder = folder;
        CopyPath = copyPath;
        HadWal = hadWal;
    }

    public string OriginalPath { get; }

    public string CopyPath { get; }

    /// <summary>True when a non-empty <c>-wal</c> file sat beside the source.</summary>
    public bool HadWal { get; }

    public static SqliteSourceCopy Create(string path)
    {
        var full = Path.GetFullPath(path);
        if (!File.Exists(full))
        {
            throw new FileNotFoundException($"Source database not found: {full}", full);
        }

        SqliteBootstrap.EnsureInitialized();
        var folder = Directory.CreateTempSubdirectory("tradebook-source-").FullName;
        var copy = Path.Combine(folder, Path.GetFileName(full));
        File.Copy(full, copy);
        var hadWal = false;
        foreach (var suffix in new[] { "-wal", "-shm" })
        {
            var companion = full + suffix;
            if (File.Exists(companion))
            {
                File.Copy(companion, copy + suffix);
                hadWal |= suffix == "-wal" && new FileInfo(companion).Length > 0;
            }
        }

        return new SqliteSourceCopy(full, folder, copy, hadWal);
    }

    /// <summary>Opens the copy. Opening read-write lets SQLite apply the copied WAL; the original stays as it was.</summary>
    public SqliteConnection Open()
    {
        var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = CopyPath, Pooling = false }.ToString());
        connection.Open();
        return connection;
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(_folder, recursive: true);
        }
        catch (IOException)
        {
            // A temporary copy that cannot be removed now is left to the OS's temp cleaning.
        }
    }
}
