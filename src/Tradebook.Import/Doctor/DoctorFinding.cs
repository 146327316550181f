using Tradebook.Core;

namespace Tradebook.Import.Doctor;

/// <summary>How urgently a finding needs the user's attention.</summary>
public enum FindingSeverity
{
    Error,
    Warning,
    Info,
}

/// <summary>One problem (or notable fact) the doctor found, with a message the user can act on.</summary>
/// <param name="Code">A stable identifier from <see cref="FindingCodes"/>; scripts match on it, never on the message.</param>
/// <param name="Path">The full path of the file the finding is about.</param>
/// <param name="Remedy">What carries the fix out, when one thing does; the front end words it as its own command.</param>
public sealed record DoctorFinding(FindingSeverity Severity, string Code, string Path, string Message, Remedy? Remedy = null);

/// <summary>The stable codes of <see cref="DoctorFinding"/>.</summary>
public static class FindingCodes
{
    public const string SplitBrain = "split_brain";
    public const string StaleCopy = "stale_copy";
    public const string SchemaDrift = "schema_drift";
    public const string RelativeDbPath = "relative_db_path";
    public const string MissingDbPath = "missing_db_path";
    public const string NotSqlite = "not_sqlite";
    public const string WalPresent = "wal_present";
    public const string OrphanRows = "orphan_rows";
    public const string FkViolations = "fk_violations";
    public const string IntegrityFailed = "integrity_failed";
    public const string Truncated = "truncated";
    public const string DuplicateRows = "duplicate_rows";
    public const string Bloat = "bloat";
    public const string EmptyDatabase = "empty_database";
    public const string Unreadable = "unreadable";
    public const string PathNotFound = "path_not_found";
    public const string SchemaRecognised = "schema_recognised";
}
