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
    DatabaseReplaced,
    SchemaTooNew,
    SchemaNotInitialized,
    MigrationEdited,
    MigrationFailed,
    Drift,
    NotFound,
}

/// <summary>
/// An expected failure with a message a user can act on. Anything else is a bug. The message speaks of values
/// (a bot, a path, a version), never of one front end's flags or commands: what to do about it is the
/// <see cref="Remedy"/>, which the CLI and the server each word in their own terms.
/// </summary>
public sealed class TradebookException : Exception
{
    public TradebookException(ErrorCode code, string message, Exception? inner = null)
        : base(message, inner) => Code = code;

    public TradebookException(ErrorCode code, string message, Remedy remedy, Exception? inner = null)
        : base(message, inner) => (Code, Remedy) = (code, remedy);

    public ErrorCode Code { get; }

    /// <summary>What the user can do about it, when the failure has a remedy.</summary>
    public Remedy? Remedy { get; }
}
