using System.Globalization;
using Microsoft.Data.Sqlite;
using Tradebook.Storage;
using Tradebook.Storage.Connection;
using Tradebook.Storage.Sqlite;

namespace Tradebook.Import.Writing;

/// <summary>
/// Copies of a SQLite Tradebook database, taken with <c>VACUUM INTO</c> (a consistent snapshot even
/// while others write) and verified by opening the copy; and restoring one of them.
/// </summary>
public static class BackupService
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
            throw new TradebookException(ErrorCode.InvalidInput, $"--keep must be at least 1 (got {keep})");
        }

        var folder = Path.GetFullPath(destinationFolder ?? DefaultFolder(database));
        Directory.CreateDirectory(folder);
        var stamp = (now ?? DateTimeOffset.UtcNow).UtcDateTime.ToString("yyyyMMdd-HHmmss", CultureInfo.InvariantCulture);
        var target = Path.Combine(folder, $"{Prefix}{stamp}.db");
        for (var n = 2; File.Exists(target); n++)
        {
            target = Path.Combine(folder, $"{Prefix}{stamp}-{n}.db");
        }

        Dictionary<string, long> sourceCounts;
        using (var connection = database.Open())
        {
            // VACUUM INTO cannot run inside a transaction; it reads one consistent snapshot of its own.
            // A write landing between the counts and the copy shows up as a count mismatch below.
            sourceCounts = SqliteFileChecks.RowCounts(connection, null);
            using var vacuum = connection.Command(null, "VACUUM INTO @target");
            vacuum.Add("@target", target);
            vacuum.ExecuteNonQuery();
        }

        var problems = SqliteFileChecks.Verify(target, sourceCounts);
        if (problems.Count > 0)
        {
            File.Delete(target);
            throw new TradebookException(ErrorCode.DatabaseCorrupt, $"the backup did not verify ({string.Join("; ", problems)}); it was removed");
        }

        var removed = Prune(folder, keep);
        return new BackupResult(target, new FileInfo(target).Length, sourceCounts, removed);
    }

    /// <summary>
    /// Replaces the database with <paramref name="backup"/>. Refused when the database has activity
    /// newer than the backup's, unless <paramref name="force"/>: restoring would lose it.
    /// </summary>
    public static RestoreResult Restore(TradebookDatabase database, string backup, bool force)
    {
        ArgumentNullException.ThrowIfNull(database);
        var target = SqlitePath(database, "restore");
        var source = Path.GetFullPath(backup);
        if (!File.Exists(source))
        {
            throw new TradebookException(ErrorCode.NotFound, $"backup not found: {source}");
        }

        var problems = SqliteFileChecks.Verify(source, null);
        if (problems.Count > 0)
        {
            throw new TradebookException(ErrorCode.DatabaseCorrupt, $"{source} is not a sound database ({string.Join("; ", problems)}); nothing was restored");
        }

        var backupActivity = SqliteFileChecks.LastActivity(source);
        DateTimeOffset? targetActivity = File.Exists(target) ? SqliteFileChecks.LastActivity(target) : null;
        if (!force && targetActivity is { } current && (backupActivity is null || current > backupActivity))
        {
            throw new TradebookException(ErrorCode.Conflict, $"{target} has activity at {current:u}, newer than the backup's last ({backupActivity?.ToString("u", CultureInfo.InvariantCulture) ?? "none"}); restoring would lose it. Back it up first with `tradebook backup`, then restore with --force");
        }

        // Copy into a temporary file beside the target, then swap it in with one rename, so the
        // database is never half-restored. The target's WAL is folded in and closed first: a stale
        // -wal file beside the new database would be replayed into it.
        var temporary = target + ".restoring";
        File.Delete(temporary);
        using (var connection = SqliteFileChecks.OpenReadOnly(source))
        {
            using var vacuum = connection.CreateCommand();
            vacuum.CommandText = "VACUUM INTO @target";
            vacuum.Parameters.AddWithValue("@target", temporary);
            vacuum.ExecuteNonQuery();
        }

        if (File.Exists(target))
        {
            using (var connection = database.Open())
            {
                using var checkpoint = connection.CreateCommand();
                checkpoint.CommandText = "PRAGMA wal_checkpoint(TRUNCATE)";
                checkpoint.ExecuteNonQuery();
            }

            SqliteConnection.ClearAllPools();
        }

        File.Move(temporary, target, overwrite: true);
        File.Delete(target + "-wal");
        File.Delete(target + "-shm");
        return new RestoreResult(target, source, backupActivity, targetActivity);
    }

    private static List<string> Prune(string folder, int keep)
    {
        var old = Directory.GetFiles(folder, $"{Prefix}*.db")
            .OrderByDescending(Path.GetFileName, StringComparer.Ordinal)
            .Skip(keep)
            .ToList();
        foreach (var file in old)
        {
            File.Delete(file);
        }

        return old;
    }

    private static string SqlitePath(TradebookDatabase database, string verb) =>
        database.Engine == SqlEngine.Sqlite
            ? database.Target.FilePath!
            : throw new TradebookException(ErrorCode.InvalidInput, $"tradebook cannot {verb} a PostgreSQL database yet; use pg_dump / pg_restore (e.g. `pg_dump -Fc -f tradebook.dump DBNAME`)");
}

/// <summary>A verified backup: where it is and the rows of each table it holds.</summary>
public sealed record BackupResult(string Path, long Bytes, IReadOnlyDictionary<string, long> RowCounts, IReadOnlyList<string> Removed);

/// <summary>What a restore replaced, and the last activity of each side.</summary>
public sealed record RestoreResult(string Target, string Backup, DateTimeOffset? BackupActivity, DateTimeOffset? ReplacedActivity);
