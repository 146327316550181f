using System.Globalization;
using Microsoft.Data.Sqlite;
using Tradebook.Core;
using Tradebook.Storage.Sqlite;
using Tradebook.Storage.Connection;
using Tradebook.Storage.Migrations;

namespace Tradebook.Storage.Backups;

public static partial class BackupService
{
    /// <summary>
    /// Replaces the database with <paramref name="backup"/>, which must be a sound Tradebook database
    /// (not an empty file, not another program's database). Refused when the database has activity newer
    /// than the backup's, unless <paramref name="force"/>: restoring would lose it. The database replaced
    /// is kept beside it (<c>NAME.replaced-STAMP</c>), and put back if the restored file does not verify.
    /// </summary>
    public static RestoreResult Restore(TradebookDatabase database, string backup, bool force, DateTimeOffset? now = null)
    {
        ArgumentNullException.ThrowIfNull(database);
        var target = SqlitePath(database, "restore");
        var source = Path.GetFullPath(backup);
        if (!File.Exists(source))
        {
            throw new TradebookException(ErrorCode.NotFound, $"backup not found: {source}");
        }

        var shipped = new Migrator(database).Migrations;
        if (SqliteFileChecks.NotTradebook(source, shipped) is { } notOurs)
        {
            throw new TradebookException(ErrorCode.InvalidInput, $"{source} is not a Tradebook backup: {notOurs}; nothing was restored");
        }

        var problems = SqliteFileChecks.Verify(source, null);
        if (problems.Count > 0)
        {
            throw new TradebookException(ErrorCode.DatabaseCorrupt, $"{source} is not a sound database ({string.Join("; ", problems)}); nothing was restored");
        }

        var exists = File.Exists(target) && new FileInfo(target).Length > 0;
        if (exists && SqliteFileChecks.ForeignTables(target) is { Count: > 0 } foreign)
        {
            // Tradebook's own database, an empty one or a damaged one (which is what a restore is for) is replaced; another program's never.
            throw new TradebookException(ErrorCode.SchemaNotInitialized, $"{target} holds no Tradebook schema but another program's tables ({string.Join(", ", foreign.Take(5))}); restore never replaces another program's database; nothing was restored", new Remedy(RemedyKind.ChooseOwnDatabase));
        }

        var backupActivity = SqliteFileChecks.LastActivity(source);
        DateTimeOffset? targetActivity = null;
        if (exists)
        {
            try
            {
                targetActivity = SqliteFileChecks.LastActivity(target);
            }
            catch (SqliteException e) when (!force)
            {
                throw new TradebookException(ErrorCode.DatabaseCorrupt, $"{target} cannot be read to compare its activity with the backup's ({e.Message})", new Remedy(RemedyKind.ForceRestore), e);
            }
            catch (SqliteException)
            {
            }
        }

        if (!force && targetActivity is { } current && (backupActivity is null || current > backupActivity))
        {
            throw new TradebookException(ErrorCode.Conflict, $"{target} has activity at {current:u}, newer than the backup's last ({backupActivity?.ToString("u", CultureInfo.InvariantCulture) ?? "none"}); restoring would lose it", new Remedy(RemedyKind.BackUpThenForceRestore));
        }

        // A process with the database open would go on working on the replaced file, unseen by everything that
        // reads the restored one: two databases under one name.
        if (exists && SqliteFileChecks.OpenElsewhere(target))
        {
            throw new TradebookException(ErrorCode.DatabaseLocked, $"{target} is open in another process (a server, a bot or a script); it would go on using the database the restore replaces, apart from everything else; stop it, then restore; nothing was restored");
        }

        var sourceCounts = Counts(source);

        // Copy into a temporary file beside the target and check it before anything of the target changes.
        var temporary = target + ".restoring";
        File.Delete(temporary);
        using (var connection = SqliteFileChecks.OpenReadOnly(source))
        {
            using var vacuum = connection.CreateCommand();
            vacuum.CommandText = "VACUUM INTO @target";
            vacuum.Parameters.AddWithValue("@target", temporary);
            vacuum.ExecuteNonQuery();
        }

        var copyProblems = SqliteFileChecks.Verify(temporary, sourceCounts);
        if (copyProblems.Count > 0)
        {
            File.Delete(temporary);
            throw new TradebookException(ErrorCode.DatabaseCorrupt, $"the copy of {source} did not verify ({string.Join("; ", copyProblems)}); nothing was restored");
        }

        var replaced = exists ? KeepReplaced(database, target, now ?? DateTimeOffset.UtcNow) : null;

        // One rename swaps the copy in, so the database is never half-restored. A stale -wal file beside
        // the new database would be replayed into it: the target's WAL was folded in and kept above.
        File.Move(temporary, target, overwrite: true);
        File.Delete(target + "-wal");
        File.Delete(target + "-shm");
        var restoredProblems = SqliteFileChecks.Verify(target, sourceCounts);
        if (restoredProblems.Count > 0)
        {
            if (replaced is not null)
            {
                File.Copy(replaced, target, overwrite: true);
            }

            throw new TradebookException(ErrorCode.DatabaseCorrupt, $"the restored {target} did not verify ({string.Join("; ", restoredProblems)}); {(replaced is null ? "it was left as restored" : "the database it replaced was put back")}");
        }

        return new RestoreResult(target, source, backupActivity, targetActivity, replaced);
    }

    /// <summary>
    /// A copy of the database about to be replaced, beside it, made after its WAL is folded into the file
    /// (or, when that fails on a damaged database, with its WAL and shared-memory files copied too).
    /// </summary>
    private static string KeepReplaced(TradebookDatabase database, string target, DateTimeOffset now)
    {
        var kept = $"{target}.replaced-{now.UtcDateTime.ToString("yyyyMMdd-HHmmss", CultureInfo.InvariantCulture)}";
        for (var n = 2; File.Exists(kept); n++)
        {
            kept = $"{target}.replaced-{now.UtcDateTime.ToString("yyyyMMdd-HHmmss", CultureInfo.InvariantCulture)}-{n}";
        }

        var folded = true;
        try
        {
            using var connection = database.Open();
            using var checkpoint = connection.CreateCommand();
            checkpoint.CommandText = "PRAGMA wal_checkpoint(TRUNCATE)";
            checkpoint.ExecuteNonQuery();
        }
        catch (Exception e) when (e is SqliteException or TradebookException)
        {
            folded = false;
        }

        SqliteConnection.ClearAllPools();
        File.Copy(target, kept);
        foreach (var companion in new[] { "-wal", "-shm" })
        {
            if (!folded && File.Exists(target + companion))
            {
                File.Copy(target + companion, kept + companion);
            }
        }

        return kept;
    }

    private static Dictionary<string, long> Counts(string path)
    {
        using var connection = SqliteFileChecks.OpenReadOnly(path);
        return SqliteFileChecks.RowCounts(connection, null);
    }
}
