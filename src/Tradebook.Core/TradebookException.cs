namespace Tradebook.Core;

/// <summary>Stable codes for the failures a user can act on; the CLI maps them to exit codes and JSON.</summary>
public enum ErrorCode
{
    InvalidInput,
    UnknownBot,
    UnknownOrder,
    Conflict,
    ModeMismatch,
    ConstraintViolation,
    DatabaseLocked,
    DatabaseReadOnly,
    DiskFull,
    DatabaseCorrupt,
    CannotOpen,
    SchemaTooNew,
    SchemaNotInitialized,
    MigrationEdited,
    MigrationFailed,
    Drift,
    NotFound,
}

/// <summary>An expected failure with a message a user can act on. Anything else is a bug.</summary>
public sealed class TradebookException(ErrorCode code, string message, Exception? inner = null) : Exception(message, inner)
{
    public ErrorCode Code { get; } = code;
}
