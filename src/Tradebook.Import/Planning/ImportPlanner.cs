using Tradebook.Core;
using Tradebook.Import.Doctor;
using Tradebook.Import.Sources;
using Tradebook.Import.Sources.Csv;
using Tradebook.Import.Sources.Freqtrade;

namespace Tradebook.Import.Planning;

/// <summary>
/// Turns what the user named into sources. A file, or a folder a reader recognises as a whole (a fragmented
/// portfolio, a folder of JSON files), is one source. Any other folder is a project folder: its databases and
/// CSV files of trades are found by their content, whatever their names; every other file is skipped with a note.
/// </summary>
public static class ImportPlanner
{
    /// <param name="paths">What the user named: files and folders.</param>
    /// <param name="detector">The readers, to recognise a source by its content.</param>
    /// <param name="format">A format forced on every named path.</param>
    /// <param name="backtests">
    /// Whether a folder's freqtrade backtest results are imported: each run is a bot of its own, so a hundred runs would
    /// otherwise become a hundred bots unasked; they are listed with the command that imports one.
    /// </param>
    public static ImportPlan Plan(IReadOnlyList<string> paths, SourceDetector detector, string? format = null, bool backtests = false)
    {
        ArgumentNullException.ThrowIfNull(paths);
        ArgumentNullException.ThrowIfNull(detector);
        var sources = new List<PlannedSource>();
        var folders = new List<ProjectFolderPlan>();
        foreach (var path in paths)
        {
            if (!Directory.Exists(path) || !string.IsNullOrWhiteSpace(format))
            {
                sources.Add(new PlannedSource(path, Named(path, detector, format, paths.Count), null));
                continue;
            }

            if (detector.Readers.FirstOrDefault(r => r.CanRead(path)) is { } whole)
            {
                sources.Add(new PlannedSource(path, whole, null));
                continue;
            }

            var folder = ProjectFolder(Path.GetFullPath(path), detector, backtests);
            if (!folder.Files.Any(f => f.Action == FileAction.Import))
            {
                throw new TradebookException(
                    ErrorCode.InvalidInput,
                    $"{Path.GetFullPath(path)}: no reader recognises the folder, and none of its {folder.Files.Count} files is a database or a CSV file of trades one recognises "
                    + $"({Summary(folder)})",
                    new Remedy(RemedyKind.ChooseSourceFormat, string.Join(", ", detector.Formats)));
            }

            folders.Add(folder);
            sources.AddRange(folder.Files.Where(f => f.Action == FileAction.Import).Select(f => new PlannedSource(f.Path, detector.Detect(f.Path, f.Format), folder.Folder)));
        }

        return new ImportPlan(sources, folders);
    }

    /// <summary>
    /// A source the user named is imported or the command fails: naming it says it matters. Among several, the
    /// error says how to have what is not a database skipped instead.
    /// </summary>
    private static ISourceReader Named(string path, SourceDetector detector, string? format, int count)
    {
        try
        {
            return detector.Detect(path, format);
        }
        catch (TradebookException e) when (count > 1 && e.Code == ErrorCode.InvalidInput && File.Exists(path))
        {
            throw new TradebookException(
                e.Code,
                $"{e.Message}; to import a project's databases and skip what is not one, name its folder instead of its files",
                e);
        }
    }

    /// <summary>Every file of the folder (build, dependency and VCS folders aside), with what the import does with it.</summary>
    private static ProjectFolderPlan ProjectFolder(string folder, SourceDetector detector, bool backtests)
    {
        var files = new List<PlannedFile>();
        var all = ProjectFileWalker.Files(folder, (_, _) => { }).ToList();
        var present = all.ToHashSet(StringComparer.Ordinal);
        foreach (var file in all)
        {
            var relative = Path.GetRelativePath(folder, file).Replace('\\', '/');
            files.Add(Classify(file, relative, present, detector, backtests));
        }

        return new ProjectFolderPlan(folder, files);
    }

    private static PlannedFile Classify(string file, string relative, HashSet<string> present, SourceDetector detector, bool backtests)
    {
        PlannedFile Skip(string note) => new(file, relative, FileAction.Skip, null, note);
        if (FileSignature.IsCompanion(file))
        {
            var main = Companions.MainOf(file);
            return present.Contains(main)
                ? new PlannedFile(file, relative, FileAction.Companion, null, $"belongs to {Path.GetFileName(main)}: read with it, never alone")
                : Skip("a SQLite companion file whose database is not here");
        }

        FileSignature signature;
        try
        {
            signature = FileSignature.Read(file);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return Skip($"cannot be read ({e.Message})");
        }

        if (!signature.IsSqlite)
        {
            // Text (or a spreadsheet) is read as a table of trades when its header names a trade's columns: an
            // exchange's export kept beside a bot's database. A price history or a log is not, and is skipped.
            return FileSignature.HasDatabaseExtension(file)
                ? Skip($"named like a database but not SQLite ({signature.LooksLike() ?? "unknown format"}, first bytes {signature.MagicHex})")
                : detector.Readers.OfType<CsvTradesReader>().FirstOrDefault(r => r.CanRead(file)) is { } csv
                ? new PlannedFile(file, relative, FileAction.Import, csv.Format, SpreadsheetRecords.Is(file) ? "a spreadsheet of trades" : HtmlTableRecords.Is(file) ? "a web page's table of trades" : "a CSV file of trades")
                : detector.Readers.OfType<FreqtradeBacktestReader>().FirstOrDefault(r => r.CanRead(file)) is { } backtest
                ? backtests
                    ? new PlannedFile(file, relative, FileAction.Import, backtest.Format, "a freqtrade backtest result (--backtests)")
                    : Skip($"a freqtrade backtest result: each run is a bot of its own, so it is imported only when named (tradebook import {relative}) or with --backtests")
                : Skip("not a database or a CSV file of trades");
        }

        var tables = Tables(file);
        if (tables is null)
        {
            return Skip("has a SQLite header but SQLite cannot read it (damaged or encrypted); the doctor says more about it");
        }

        if (tables.Contains("schema_migrations") && SqliteFiles.Satisfies(file, c => SqliteSchema.Load(c).HasAll("schema_migrations", "version", "checksum")))
        {
            return Skip("a Tradebook database (an import target or a backup of one), not a bot's data");
        }

        foreach (var reader in detector.Readers)
        {
            if (reader.CanRead(file))
            {
                return new PlannedFile(file, relative, FileAction.Import, reader.Format, $"a {reader.Format} database");
            }
        }

        return Skip(tables.Count == 0
            ? "a SQLite database without tables"
            : $"a SQLite database no reader recognises (tables: {string.Join(", ", tables.Take(12))}{(tables.Count > 12 ? ", …" : "")})");
    }

    private static List<string>? Tables(string file)
    {
        List<string>? tables = null;
        return SqliteFiles.Satisfies(file, c =>
        {
            tables = [.. SqliteFiles.Tables(c).Keys];
            return true;
        }) ? tables : null;
    }

    private static string Summary(ProjectFolderPlan folder) =>
        string.Join("; ", folder.Files.GroupBy(f => f.Note).OrderByDescending(g => g.Count()).Take(4).Select(g => $"{g.Count()} {(g.Count() == 1 ? "is" : "are")} {g.Key}"));
}

/// <summary>SQLite's companion files and the database each belongs to.</summary>
internal static class Companions
{
    public static string MainOf(string companion)
    {
        foreach (var suffix in new[] { "-wal", "-shm", "-journal" })
        {
            if (companion.EndsWith(suffix, StringComparison.Ordinal))
            {
                return companion[..^suffix.Length];
            }
        }

        return companion;
    }
}
