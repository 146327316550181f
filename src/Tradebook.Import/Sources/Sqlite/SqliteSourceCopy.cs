using Microsoft.Data.Sqlite;
using Tradebook.Storage.Sqlite;

namespace Tradebook.Import.Sources;

/// <summary>
/// A source SQLite database opened so that it is never touched. A WAL-mode file, or one with
/// <c>-wal</c>, <c>-shm</c> or <c>-journal</c> companions, is read through a private copy made with its
/// companions, so that data living only in the WAL is read: even a read-only open of such a file can
/// create, checkpoint or delete companion files. Any other file is opened in place read-only, which
/// SQLite never writes to, so that a large source is not copied again for every reader that looks at it.
/// The copy, if any, is deleted on dispose.
/// </summary>
public sealed class SqliteSourceCopy : IDisposable
{
    private static readonly string[] Companions = ["-wal", "-shm", "-journal"];

    private readonly string? _folder;

    private SqliteSourceCopy(string originalPath, string? folder, string copyPath, bool hadWal)
    {
        OriginalPath = originalPath;
        _folder = folder;
        CopyPath = copyPath;
        HadWal = hadWal;
    }

    public string OriginalPath { get; }

    /// <summary>The file that is read: the private copy, or the original when it is read in place.</summary>
    public string CopyPath { get; }

    /// <summary>True when the source is read through a private copy.</summary>
    public bool IsCopy => _folder is not null;

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
        if (!HeaderSaysWal(full) && !Companions.Any(s => File.Exists(full + s)))
        {
            return new SqliteSourceCopy(full, null, full, hadWal: false);
        }

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

    /// <summary>
    /// Opens the file to read. A copy is opened read-write so that SQLite applies the copied WAL (the
    /// original stays as it was); an original is opened read-only and query-only.
    /// </summary>
    public SqliteConnection Open()
    {
        var connection = new SqliteConnection(new SqliteConnectionStringBuilder
        {
            DataSource = CopyPath,
            Mode = IsCopy ? SqliteOpenMode.ReadWriteCreate : SqliteOpenMode.ReadOnly,
            Pooling = false,
        }.ToString());
        try
        {
            connection.Open();
            if (!IsCopy)
            {
                using var command = connection.CreateCommand();
                command.CommandText = "PRAGMA query_only = 1";
                command.ExecuteNonQuery();
            }
        }
        catch
        {
            connection.Dispose();
            throw;
        }

        return connection;
    }

    public void Dispose()
    {
        if (_folder is null)
        {
            return;
        }

        try
        {
            Directory.Delete(_folder, recursive: true);
        }
        catch (IOException)
        {
            // A temporary copy that cannot be removed now is left to the OS's temp cleaning.
        }
    }

    /// <summary>Bytes 18 and 19 of the header are 2 for a WAL-mode database.</summary>
    private static bool HeaderSaysWal(string path)
    {
        Span<byte> header = stackalloc byte[20];
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        return stream.ReadAtLeast(header, header.Length, throwOnEndOfStream: false) == header.Length && (header[18] == 2 || header[19] == 2);
    }
}
