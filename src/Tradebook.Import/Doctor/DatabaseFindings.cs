using System.Globalization;

namespace Tradebook.Import.Doctor;

/// <summary>Turns what was learned about one database into findings with advice.</summary>
internal static class DatabaseFindings
{
    /// <summary>Free space worth reclaiming: a quarter of the file and at least a megabyte.</summary>
    private const decimal BloatPercent = 25m;
    private const long BloatBytes = 1024 * 1024;

    public static IEnumerable<DoctorFinding> For(DatabaseReport db, FileSignature signature)
    {
        var name = db.RelativePath;
        if (Truncation(db, signature) is { } truncated)
        {
            yield return new DoctorFinding(FindingSeverity.Error, FindingCodes.Truncated, db.Path,
                $"{name} is {truncated}: the file was cut short (an interrupted copy or a full disk). Look for a complete copy; "
                + "salvage what remains with `sqlite3 <copy> .recover` on a copy, never on the original.");
        }

        if (db.Error is not null)
        {
            yield return new DoctorFinding(FindingSeverity.Error, FindingCodes.IntegrityFailed, db.Path,
                $"{name} has a SQLite header but SQLite cannot read it ({db.Error}). Restore it from a backup, or salvage "
                + "what remains with `sqlite3 <copy> .recover` on a copy.");
            yield break;
        }

        if (db.IntegrityErrors.Count > 0)
        {
            yield return new DoctorFinding(FindingSeverity.Error, FindingCodes.IntegrityFailed, db.Path,
                $"{name} fails PRAGMA integrity_check: {string.Join("; ", db.IntegrityErrors.Take(3))}"
                + $"{(db.IntegrityErrors.Count > 3 ? $" (and {db.IntegrityErrors.Count - 3} more)" : "")}. "
                + "Work from a copy; `sqlite3 <copy> .recover` can rebuild readable rows.");
        }

        if (db.WalBytes > 0)
        {
            var frames = db.PageSize > 0 ? Math.Max(0, (db.WalBytes - 32) / (db.PageSize + 24)) : 0;
            yield return new DoctorFinding(FindingSeverity.Warning, FindingCodes.WalPresent, db.Path,
                $"{name} has {db.WalBytes} bytes (about {frames} pages) of writes in {name}-wal that are not yet in the main file. "
                + $"Copy {name}, {name}-wal and {name}-shm together; a tool that reads {name} alone sees older data, and opening "
                + "it read-write merges and deletes the WAL.");
        }

        if (db.Tables.Count == 0)
        {
            yield return new DoctorFinding(FindingSeverity.Info, FindingCodes.EmptyDatabase, db.Path,
                $"{name} is a valid SQLite database without any tables; nothing to import from it.");
        }

        if (db.Schema.Family is not ("unknown" or "empty"))
        {
            yield return new DoctorFinding(FindingSeverity.Info, FindingCodes.SchemaRecognised, db.Path,
                $"{name} is a {db.Schema.Family} database{(db.Schema.Generation is null ? "" : $" ({db.Schema.Generation})")}.");
        }

        long declaredOrphans = 0;
        foreach (var orphan in db.Orphans.Where(o => o.OrphanRows > 0))
        {
            if (orphan.Declared)
            {
                declaredOrphans += orphan.OrphanRows;
            }

            var values = string.Join(", ", orphan.MissingValues) + (orphan.DistinctMissing > orphan.MissingValues.Count ? ", ..." : "");
            yield return new DoctorFinding(FindingSeverity.Warning, FindingCodes.OrphanRows, db.Path,
                $"{name}: {orphan.OrphanRows} rows of {orphan.Table} have a {orphan.Column} with no matching {orphan.ParentTable}.{orphan.ParentColumn} "
                + $"({orphan.DistinctMissing} missing values: {values}; {(orphan.Declared ? "declared foreign key" : "undeclared reference")}). "
                + $"The missing {orphan.ParentTable} rows may live in another copy of this database; find them before importing.");
        }

        if (db.ForeignKeyViolations > declaredOrphans)
        {
            yield return new DoctorFinding(FindingSeverity.Warning, FindingCodes.FkViolations, db.Path,
                $"{name}: PRAGMA foreign_key_check reports {db.ForeignKeyViolations} violations "
                + $"({db.ForeignKeyViolations - declaredOrphans} not explained by the single-column references above). "
                + "Run it on a copy to list them.");
        }

        foreach (var table in db.Tables.Where(t => t.DuplicateRows > 0))
        {
            var ignored = table.PrimaryKey.Count == 0 ? "every column" : $"every column but {string.Join(", ", table.PrimaryKey)}";
            yield return new DoctorFinding(FindingSeverity.Warning, FindingCodes.DuplicateRows, db.Path,
                $"{name}: {table.DuplicateRows} rows of {table.Name} are exact copies of another row ({ignored} equal). "
                + (table.NaturalKey is null
                    ? "Count them once when importing."
                    : $"Count them once when importing: {table.Name}.{table.NaturalKey} identifies a row."));
        }

        var freeBytes = db.FreePages * db.PageSize;
        if (db.FreePercent >= BloatPercent && freeBytes >= BloatBytes)
        {
            yield return new DoctorFinding(FindingSeverity.Info, FindingCodes.Bloat, db.Path,
                $"{name}: {db.FreePages} of {db.PageCount} pages are free ({db.FreePercent.ToString(CultureInfo.InvariantCulture)}%, "
                + $"{freeBytes / 1024} KiB). VACUUM it (after a backup, with the application stopped) to reclaim the space.");
        }
    }

    /// <summary>The file is shorter than the pages its header counts, or not a whole number of pages.</summary>
    private static string? Truncation(DatabaseReport db, FileSignature signature)
    {
        var pageSize = signature.PageSize;
        if (pageSize < 512 || pageSize > 65536 || (pageSize & (pageSize - 1)) != 0)
        {
            return $"{db.SizeBytes} bytes with an invalid page size ({pageSize}) in its header";
        }

        if (signature.HeaderPageCount > 0 && db.SizeBytes < signature.HeaderPageCount * pageSize)
        {
            return $"{db.SizeBytes} bytes but its header counts {signature.HeaderPageCount} pages of {pageSize} bytes";
        }

        return db.SizeBytes % pageSize != 0 ? $"{db.SizeBytes} bytes, not a whole number of {pageSize}-byte pages" : null;
    }
}
