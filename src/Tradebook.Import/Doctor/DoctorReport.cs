using System.Text.Json;
using System.Text.Json.Serialization;
using Tradebook.Storage;

namespace Tradebook.Import.Doctor;

/// <summary>Everything <c>tradebook doctor</c> learned about a project folder. Paths are full paths; <c>relative_path</c> fields are relative to the scanned root.</summary>
/// <param name="Versions">The Tradebook that scanned: its version, its SQLite engine and the schema version it writes.</param>
public sealed record DoctorReport(
    DateTimeOffset GeneratedAt,
    Versions Versions,
    IReadOnlyList<string> Roots,
    int FilesScanned,
    IReadOnlyList<DatabaseReport> Databases,
    IReadOnlyList<NonSqliteFile> NonSqliteFiles,
    IReadOnlyList<ConfigReference> ConfigReferences,
    IReadOnlyList<DatabaseGroup> Groups,
    IReadOnlyList<DoctorFinding> Findings)
{
    private static readonly JsonSerializerOptions JsonOptions = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        DictionaryKeyPolicy = null,
        WriteIndented = true,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.SnakeCaseLower) },
    };

    public string ToJson() => JsonSerializer.Serialize(this, JsonOptions);

    public static DoctorReport FromJson(string json) =>
        JsonSerializer.Deserialize<DoctorReport>(json, JsonOptions) ?? throw new JsonException("Empty doctor report.");

    public bool HasErrors => Findings.Any(f => f.Severity == FindingSeverity.Error);

    /// <summary>The findings counted by severity and code, in the order of <see cref="Findings"/>, with the files each concerns.</summary>
    public IReadOnlyList<FindingGroup> FindingGroups =>
        Findings.GroupBy(f => (f.Severity, f.Code))
            .Select(g => new FindingGroup(g.Key.Severity, g.Key.Code, g.Count(), g.Select(f => f.Path).Distinct(StringComparer.Ordinal).ToList()))
            .ToList();
}

/// <summary>Findings of one severity and code: how many, and the files they concern.</summary>
public sealed record FindingGroup(FindingSeverity Severity, string Code, int Count, IReadOnlyList<string> Paths);

/// <summary>A file beside a database that belongs to it (<c>-wal</c>, <c>-shm</c>, <c>-journal</c>).</summary>
public sealed record CompanionFile(string Suffix, string Path, long SizeBytes);

/// <summary>A file named like a database whose content is not SQLite.</summary>
/// <param name="MagicHex">The first four bytes in hex, to identify the format.</param>
/// <param name="LooksLike">A guess from the magic bytes (gdbm, zip, text...), when recognised.</param>
public sealed record NonSqliteFile(string Path, string RelativePath, long SizeBytes, string MagicHex, string? LooksLike);

/// <summary>What one SQLite database holds and how healthy it is.</summary>
/// <param name="WrittenBySqlite">The SQLite version that last wrote the file, from its header (e.g. 3.31.1); null when the header records none.</param>
/// <param name="WrittenBySqliteNumber">The same as SQLite numbers it (3031001), from offset 96 of the header; 0 when none is recorded.</param>
public sealed record DatabaseReport(
    string Path,
    string RelativePath,
    long SizeBytes,
    DateTimeOffset ModifiedAt,
    IReadOnlyList<CompanionFile> Companions,
    bool OpenedFromCopy,
    string? WrittenBySqlite,
    int WrittenBySqliteNumber,
    string? JournalMode,
    bool HeaderSaysWal,
    long PageSize,
    long PageCount,
    long FreePages,
    decimal FreePercent,
    IReadOnlyList<string> IntegrityErrors,
    long ForeignKeyViolations,
    SchemaGeneration Schema,
    IReadOnlyList<TableReport> Tables,
    IReadOnlyList<OrphanReference> Orphans,
    DateTimeOffset? LastActivity,
    string? Error)
{
    public long WalBytes => Companions.Where(c => c.Suffix == "-wal").Sum(c => c.SizeBytes);

    public bool IntegrityOk => Error is null && IntegrityErrors.Count == 0;
}

/// <summary>One table of a database.</summary>
/// <param name="LastActivity">The latest instant in a timestamp-like column, ignoring values in the future.</param>
/// <param name="DuplicateRows">Rows identical to another row in every column but the primary key (extra copies only).</param>
/// <param name="NaturalKey">A text column whose values identify a row across copies (order ids, uuids), when one is found.</param>
public sealed record TableReport(
    string Name,
    long Rows,
    IReadOnlyList<string> Columns,
    IReadOnlyList<string> PrimaryKey,
    DateTimeOffset? LastActivity,
    string? LastActivityColumn,
    long DuplicateRows,
    string? NaturalKey,
    long? DistinctKeys);

/// <summary>Rows whose reference to another table finds nothing there.</summary>
/// <param name="Declared">True for a declared FOREIGN KEY; false for a reference inferred from a <c>&lt;table&gt;_id</c> column name.</param>
/// <param name="MissingValues">Up to 20 of the referenced values that do not exist.</param>
public sealed record OrphanReference(
    string Table,
    string Column,
    string ParentTable,
    string ParentColumn,
    bool Declared,
    long OrphanRows,
    long DistinctMissing,
    IReadOnlyList<string> MissingValues);

/// <summary>The bot software a schema belongs to, and which generation of it.</summary>
/// <param name="Family">freqtrade, hummingbot, tradebook, unknown or empty.</param>
public sealed record SchemaGeneration(string Family, string? Generation, IReadOnlyList<string> Evidence);

/// <summary>A reference to a database found in a configuration file.</summary>
/// <param name="DatabasePath">The path named by the value (the part after <c>sqlite:///</c> for URLs).</param>
/// <param name="AnchoredToCode">True when the line builds the path from the code's own folder (<c>__file__</c>, <c>BASE_DIR</c>), so the working directory does not matter.</param>
/// <param name="Resolutions">Where the path lands from each plausible working directory.</param>
public sealed record ConfigReference(
    string File,
    string RelativeFile,
    int Line,
    string? Key,
    string Value,
    string DatabasePath,
    bool IsRelative,
    bool AnchoredToCode,
    IReadOnlyList<PathResolution> Resolutions);

/// <summary>Where a relative database path lands when the process starts in <paramref name="WorkingDirectory"/>.</summary>
public sealed record PathResolution(string WorkingDirectory, string ResolvedPath, bool Exists, bool IsSqlite);

/// <summary>Databases holding the same kind of data (similar tables and columns): copies of one another.</summary>
/// <param name="Freshest">The member with the latest activity; the others are stale relative to it.</param>
public sealed record DatabaseGroup(
    IReadOnlyList<string> Members,
    string Freshest,
    decimal Similarity,
    IReadOnlyList<GroupMember> Details,
    IReadOnlyList<KeyOverlap> Overlaps,
    IReadOnlyList<SchemaDifference> SchemaDifferences);

public sealed record GroupMember(
    string Path,
    string RelativePath,
    DateTimeOffset? LastActivity,
    DateTimeOffset ModifiedAt,
    IReadOnlyDictionary<string, long> RowCounts,
    bool Stale);

/// <summary>How the natural keys of one table compare between two copies.</summary>
/// <param name="Differing">Keys present in both whose rows disagree on a shared column (primary keys aside).</param>
public sealed record KeyOverlap(
    string Table,
    string KeyColumn,
    string A,
    string B,
    long InBoth,
    long OnlyInA,
    long OnlyInB,
    long Differing,
    IReadOnlyList<string> DifferingSample);

/// <summary>How one copy's schema differs from the freshest copy's.</summary>
public sealed record SchemaDifference(
    string Path,
    string ComparedTo,
    IReadOnlyList<string> MissingTables,
    IReadOnlyList<string> ExtraTables,
    IReadOnlyList<string> MissingColumns,
    IReadOnlyList<string> ExtraColumns);
