using System.Globalization;
using Tradebook.Core;
using Tradebook.Storage.Sqlite;
using Tradebook.Storage.Connection;
using Tradebook.Storage.Migrations;

namespace Tradebook.Storage.Backups;

/// <summary>
/// Copies of a SQLite Tradebook database, taken with <c>VACUUM INTO</c> (a consistent snapshot even
/// while others write) and verified by opening the copy; and restoring one of them. A copy is written
/// under a temporary name and only given its backup name once verified, so a failed backup leaves no
/// file, and a file under a backup name is a backup that was verified.
/// </summary>
public static partial class BackupService
{
    public const int DefaultKeep = 10;
    private const string Prefix = "tradebook-";

    /// <summary>The default folder: <c>backups</c> beside the database.</summary>
    public static string DefaultFolder(TradebookDatabase database) =>
        Path.Combine(Path.GetDirectoryName(SqlitePath(database, "back up"))!, "backups");

    public static BackupResult Backup(TradebookDatabase database, string? destinationFolder = null, int keep = DefaultKeep, DateTimeOffset? now = null)
    {
        ArgumentNullException.ThrowIfNull(database);
        var source = SqlitePath(database, "back up");
        if (!File.Exists(source))
        {
            throw new TradebookException(ErrorCode.NotFound, $"no database to back up at {source}");
        }

        if (keep < 1)
        {
            throw new TradebookException(ErrorCode.InvalidInput, $"the number of backups to keep must be at least 1 (got {keep})");
        }

        var folder = Path.GetFullPath(destinationFolder ?? DefaultFolder(database));
        Directory.CreateDirectory(folder);
        var stamp = (now ?? DateTimeOffset.UtcNow).UtcDateTime.ToString("yyyyMMdd-HHmmss", CultureInfo.InvariantCulture);
        var target = Path.Combine(folder, $"{Prefix}{stamp}.db");
        for (var n = 2; File.Exists(target); n++)
        {
            target = Path.Combine(folder, $"{Prefix}{stamp}-{n}.db");
        }

        // Not matched by the backup pattern: retention never counts a copy that is not finished.
        var partial = Path.Combine(folder, $".{Path.GetFileNameWithoutExtension(target)}.partial");
        File.Delete(partial);
        Dictionary<string, long> sourceCounts;
        try
        {
            using var connection = database.Open();

            // VACUUM INTO cannot run inside a transaction; it reads one consistent snapshot of its own.
            // A write landing between the counts and the copy shows up as a count mismatch below.
            sourceCounts = SqliteFileChecks.RowCounts(connection, null);
            using var vacuum = connection.Command(null, "VACUUM INTO @target");
            vacuum.Add("@target", partial);
            vacuum.ExecuteNonQuery();
        }
        catch (Exception e)
        {
            File.Delete(partial);
            if (database.Translate(e) is not TradebookException translated)
            {
                throw;
            }

            throw translated.Code == ErrorCode.DatabaseCorrupt
                ? new TradebookException(ErrorCode.DatabaseCorrupt, $"cannot back up {source}: it is damaged ({translated.InnerException?.Message ?? translated.Message}); no backup was written; restore an earlier backup", Remedy.CheckForDamage(source), e)
                : translated;
        }

        var problems = SqliteFileChecks.Verify(partial, sourceCounts);
        if (problems.Count > 0)
        {
            File.Delete(partial);
            throw new TradebookException(ErrorCode.DatabaseCorrupt, $"the backup of {source} did not verify ({string.Join("; ", problems)}); no backup was written");
        }

        File.Move(partial, target);
        var removed = Prune(folder, keep, new Migrator(database).Migrations);
        return new BackupResult(target, new FileInfo(target).Length, sourceCounts, removed);
    }

    /// <summary>
    /// Keeps the newest <paramref name="keep"/> backups that are Tradebook databases. Empty files under a
    /// backup name (left by a failed backup of an older Tradebook) are deleted; anything else that is not
    /// a Tradebook database is neither counted nor deleted.
    /// </summary>
    private static List<string> Prune(string folder, int keep, IReadOnlyList<Migration> shipped)
    {
        var removed = new List<string>();
        var kept = 0;
        foreach (var file in NewestFirst(folder))
        {
            if (new FileInfo(file).Length == 0)
            {
                File.Delete(file);
                removed.Add(file);
            }
            else if (SqliteFileChecks.NotTradebook(file, shipped) is null && ++kept > keep)
            {
                File.Delete(file);
                removed.Add(file);
            }
        }

        return removed;
    }

    /// <summary>The newest backup in the default folder that is a Tradebook database, or null: what to restore from.</summary>
    public static string? Newest(TradebookDatabase database)
    {
        ArgumentNullException.ThrowIfNull(database);
        var folder = DefaultFolder(database);
        if (!Directory.Exists(folder))
        {
            return null;
        }

        var shipped = new Migrator(database).Migrations;
        return NewestFirst(folder).FirstOrDefault(file => SqliteFileChecks.NotTradebook(file, shipped) is null);
    }

    private static IEnumerable<string> NewestFirst(string folder) =>
        Directory.GetFiles(folder, $"{Prefix}*.db")
            .Select(file => (File: file, Key: Order(file)))
            .OrderByDescending(f => f.Key.Stamp, StringComparer.Ordinal)
            .ThenByDescending(f => f.Key.Number)
            .Select(f => f.File);

    /// <summary>A backup's time and its number within that second (<c>tradebook-STAMP-2.db</c> is taken after <c>tradebook-STAMP.db</c>).</summary>
    private static (string Stamp, int Number) Order(string file)
    {
        var name = Path.GetFileNameWithoutExtension(file)[Prefix.Length..];
        var dash = name.LastIndexOf('-');
        return dash > "yyyyMMdd".Length && int.TryParse(name[(dash + 1)..], NumberStyles.None, CultureInfo.InvariantCulture, out var number) && name[..dash].Contains('-', StringComparison.Ordinal)
            ? (name[..dash], number)
            : (name, 1);
    }

    private static string SqlitePath(TradebookDatabase database, string verb) =>
        database.Engine == SqlEngine.Sqlite
            ? database.Target.FilePath!
            : throw new TradebookException(ErrorCode.InvalidInput, $"Tradebook cannot {verb} a PostgreSQL database yet; use pg_dump / pg_restore (e.g. `pg_dump -Fc -f tradebook.dump DBNAME`)");
}

/// <summary>A verified backup: where it is and the rows of each table it holds.</summary>
public sealed record BackupResult(string Path, long Bytes, IReadOnlyDictionary<string, long> RowCounts, IReadOnlyList<string> Removed);

/// <summary>What a restore replaced, the last activity of each side, and where the replaced database is kept.</summary>
public sealed record RestoreResult(string Target, string Backup, DateTimeOffset? BackupActivity, DateTimeOffset? ReplacedActivity, string? ReplacedKeptAt = null);
