using Microsoft.Data.Sqlite;
using Tradebook.Storage.Sqlite;

namespace Tradebook.Import.Sources;

/// <summary>
/// A source SQLite database opened so that it is never touched. A WAL-mode file, or one with
/// <c>-wal</c>, <c>-shm</c> or <c>-journal</c> companions, is read through a private copy made with its
/// companions, so that data living only in the WAL is read: even a read-only open of such a file can
/// create, checkpoint or delete companion files. Any other file is opened in place read-only, which
/// SQLite never writes to, so that a large source is not copied again for every reader that looks at it.
/// The copy, if any, is deleted on dispose; inside <see cref="Sharing"/>, when the sharing ends.
/// </summary>
public sealed class SqliteSourceCopy : IDisposable
{
    private static readonly string[] Companions = ["-wal", "-shm", "-journal"];
    private static readonly AsyncLocal<SharedCopies?> CurrentSharing = new();

    private readonly string? _folder;
    private readonly bool _ownsFolder;

    private SqliteSourceCopy(string originalPath, string? folder, string copyPath, bool hadWal, bool ownsFolder = true)
    {
        OriginalPath = originalPath;
        _folder = folder;
        _ownsFolder = ownsFolder;
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

        if (CurrentSharing.Value is { } sharing)
        {
            var (folder, copy, hadWal) = sharing.CopyOf(full);
            return new SqliteSourceCopy(full, folder, copy, hadWal, ownsFolder: false);
        }

        var made = MakeCopy(full);
        return new SqliteSourceCopy(full, made.Folder, made.Copy, made.HadWal);
    }

    /// <summary>
    /// Until the returned scope is disposed, every <see cref="Create"/> of an unchanged source (its file
    /// and companions of the same size and time) in this flow of execution reads the same private copy:
    /// detection asks each reader in turn whether it knows the source, and a large WAL-mode database
    /// would otherwise be copied once per reader and once more to be read. The copies go with the scope.
    /// </summary>
    public static IDisposable Sharing()
    {
        var sharing = new SharedCopies(CurrentSharing.Value);
        CurrentSharing.Value = sharing;
        return sharing;
    }

    private static (string Folder, string Copy, bool HadWal) MakeCopy(string full)
    {
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

        return (folder, copy, hadWal);
    }

    private static void DeleteFolder(string folder)
    {
        try
        {
            Directory.Delete(folder, recursive: true);
        }
        catch (IOException)
        {
            // A temporary copy that cannot be removed now is left to the OS's temp cleaning.
        }
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
            UntrustedFile.Configure(connection);
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
        if (_folder is not null && _ownsFolder)
        {
            DeleteFolder(_folder);
        }
    }

    /// <summary>Bytes 18 and 19 of the header are 2 for a WAL-mode database.</summary>
    private static bool HeaderSaysWal(string path)
    {
        Span<byte> header = stackalloc byte[20];
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        return stream.ReadAtLeast(header, header.Length, throwOnEndOfStream: false) == header.Length && (header[18] == 2 || header[19] == 2);
    }

    /// <summary>The copies made inside one <see cref="Sharing"/> scope, by source and its files' state.</summary>
    private sealed class SharedCopies(SharedCopies? outer) : IDisposable
    {
        private readonly Lock _lock = new();
        private readonly Dictionary<string, (string State, string Folder, string Copy, bool HadWal)> _copies = new(StringComparer.Ordinal);
        private readonly List<string> _retired = [];

        public (string Folder, string Copy, bool HadWal) CopyOf(string full)
        {
            lock (_lock)
            {
                var state = StateOf(full);
                if (_copies.TryGetValue(full, out var known) && known.State == state)
                {
                    return (known.Folder, known.Copy, known.HadWal);
                }

                // The source changed since it was copied (a bot still writes to it): copy it again. The
                // older copy stays until the scope ends, as a reader may still have it open.
                var (folder, copy, hadWal) = MakeCopy(full);
                if (_copies.TryGetValue(full, out var older))
                {
                    _retired.Add(older.Folder);
                }

                _copies[full] = (state, folder, copy, hadWal);
                return (folder, copy, hadWal);
            }
        }

        public void Dispose()
        {
            CurrentSharing.Value = outer;
            lock (_lock)
            {
                foreach (var folder in _copies.Values.Select(c => c.Folder).Concat(_retired))
                {
                    DeleteFolder(folder);
                }

                _copies.Clear();
                _retired.Clear();
            }
        }

        /// <summary>Size and last write time of the file and each companion, or "-" for one that is absent.</summary>
        private static string StateOf(string full) =>
            string.Join(
                "|",
                new[] { string.Empty, "-wal", "-shm" }.Select(suffix => new FileInfo(full + suffix) is { Exists: true } file
                    ? $"{file.Length}@{file.LastWriteTimeUtc.Ticks}"
                    : "-"));
    }
}
