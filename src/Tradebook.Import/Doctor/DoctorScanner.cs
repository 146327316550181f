using Tradebook.Import.Sources;
using Tradebook.Storage;

namespace Tradebook.Import.Doctor;

/// <summary>
/// The engine behind <c>tradebook doctor</c>: scans project folders for SQLite databases, database-like
/// files that are not SQLite, and configuration naming databases, and reports what is wrong with them.
/// It never modifies what it scans: databases are read through private copies or read-only.
/// </summary>
public static class DoctorScanner
{
    public static DoctorReport Scan(IReadOnlyList<string> paths, TimeProvider clock)
    {
        ArgumentNullException.ThrowIfNull(paths);
        ArgumentNullException.ThrowIfNull(clock);

        // Each database is looked at by several checks: one private copy of a WAL-mode file serves them all.
        using var sharing = SqliteSourceCopy.Sharing();
        var now = clock.GetUtcNow();
        var findings = new List<DoctorFinding>();
        var roots = new List<string>();
        var files = new List<(string Root, string File)>();
        var seen = new HashSet<string>(StringComparer.Ordinal);

        foreach (var given in paths)
        {
            var full = Path.GetFullPath(given);
            if (Directory.Exists(full))
            {
                roots.Add(full);
                foreach (var file in ProjectFileWalker.Files(full, (folder, e) => findings.Add(Unreadable(folder, e))))
                {
                    if (seen.Add(file))
                    {
                        files.Add((full, file));
                    }
                }
            }
            else if (File.Exists(full) || new FileInfo(full).LinkTarget is not null)
            {
                var root = Path.GetDirectoryName(full)!;
                roots.Add(root);
                if (seen.Add(full))
                {
                    files.Add((root, full));
                }
            }
            else
            {
                findings.Add(new DoctorFinding(FindingSeverity.Error, FindingCodes.PathNotFound, full, $"{given} does not exist."));
            }
        }

        var display = new Dictionary<string, string>(StringComparer.Ordinal);
        var rootOf = new Dictionary<string, string>(StringComparer.Ordinal);
        var databases = new List<InspectedDatabase>();
        var signatures = new Dictionary<string, FileSignature>(StringComparer.Ordinal);
        var nonSqlite = new List<NonSqliteFile>();
        var raw = new List<RawReference>();
        foreach (var (root, file) in files)
        {
            var relative = Relative(root, file);
            display[file] = relative;
            rootOf[file] = root;
            if (FileSignature.IsCompanion(file))
            {
                continue;
            }

            try
            {
                var signature = FileSignature.Read(file);
                if (signature.IsSqlite)
                {
                    signatures[file] = signature;
                    databases.Add(DatabaseInspector.Inspect(file, relative, signature, now));
                }
                else if (FileSignature.HasDatabaseExtension(file))
                {
                    nonSqlite.Add(new NonSqliteFile(file, relative, signature.Length, signature.MagicHex, signature.LooksLike()));
                }

                if (ConfigScanner.IsConfigFile(file) && !signature.IsSqlite)
                {
                    raw.AddRange(ConfigScanner.Read(file));
                }
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                findings.Add(Unreadable(file, e));
            }
        }

        foreach (var db in databases)
        {
            findings.AddRange(DatabaseFindings.For(db.Report, signatures[db.Report.Path]));
        }

        foreach (var file in nonSqlite)
        {
            findings.Add(new DoctorFinding(FindingSeverity.Warning, FindingCodes.NotSqlite, file.Path,
                $"{file.RelativePath} is named like a database but is not SQLite (first bytes {file.MagicHex}"
                + $"{(file.LooksLike is null ? "" : $", looks like {file.LooksLike}")}). Tradebook cannot import it: importing the folder skips it, naming it as a source fails."));
        }

        var sqlitePaths = databases.Select(d => d.Report.Path).ToHashSet(StringComparer.Ordinal);
        var references = ConfigReferences.Resolve(raw, rootOf, display, sqlitePaths, findings);

        var groups = DatabaseGrouper.Group(databases);
        foreach (var group in groups)
        {
            findings.AddRange(GroupFindings.For(group, p => display.GetValueOrDefault(p, p), p => rootOf.GetValueOrDefault(p, Path.GetDirectoryName(p)!)));
        }

        // The split brain comes first, with its remedy: every other finding is read in its light.
        var ordered = findings
            .OrderBy(f => f.Code == FindingCodes.SplitBrain ? 0 : 1)
            .ThenBy(f => f.Severity)
            .ThenBy(f => f.Code, StringComparer.Ordinal)
            .ThenBy(f => f.Path, StringComparer.Ordinal)
            .ToList();
        return new DoctorReport(now, Versions.Current, roots, files.Count, databases.Select(d => d.Report).ToList(), nonSqlite, references, groups, ordered);
    }

    private static string Relative(string root, string file) => Path.GetRelativePath(root, file).Replace('\\', '/');

    private static DoctorFinding Unreadable(string path, Exception e) =>
        new(FindingSeverity.Warning, FindingCodes.Unreadable, path,
            $"{path} could not be read ({e.Message}); it was skipped. Check its permissions, or whether it is a broken link.");
}
