using Microsoft.Data.Sqlite;
using Npgsql;
using Tradebook.Core;
using Tradebook.Core.Domain;

namespace Tradebook.Storage.Connection;

/// <summary>
/// Turns engine errors into <see cref="TradebookException"/>s that say what to do, keyed by SQLite
/// result codes and PostgreSQL SQLSTATEs, never by message text.
/// </summary>
public static class DatabaseErrors
{
    private const int SqliteBusy = 5;
    private const int SqliteLocked = 6;
    private const int SqliteReadOnly = 8;
    private const int SqliteIoErr = 10;
    private const int SqliteCorrupt = 11;
    private const int SqliteFull = 13;
    private const int SqliteCantOpen = 14;
    private const int SqliteConstraint = 19;
    private const int SqliteNotADb = 26;

    public static Exception Translate(Exception error, string database) => error switch
    {
        TradebookException => error,
        SqliteException e => FromSqlite(e, database),
        PostgresException e => FromPostgres(e, database),
        NpgsqlException e when e.InnerException is System.Net.Sockets.SocketException or TimeoutException =>
            new TradebookException(ErrorCode.CannotOpen, $"cannot reach PostgreSQL at {database}: {e.InnerException.Message}", e),
        IOException e when IsDiskFull(e) =>
            new TradebookException(ErrorCode.DiskFull, $"the disk holding {database} is full; free space and run the command again (nothing was written)", e),
        UnauthorizedAccessException e =>
            new TradebookException(ErrorCode.DatabaseReadOnly, $"no permission to write {database}: {e.Message}", e),

        // Each recorded amount is bounded (docs/record-format.md), but a sum over what is already stored
        // (a position, a rollup, a replay of an old product) can still pass decimal's ±7.9e28.
        OverflowException e =>
            new TradebookException(ErrorCode.InvalidInput, $"the amounts add up beyond what a decimal holds (±7.9E+28) in a position, rollup or P&L of {database}; check the units of the input (nothing was written)", e),
        _ => error,
    };

    private static TradebookException FromSqlite(SqliteException e, string database) => (e.SqliteErrorCode & 0xFF) switch
    {
        SqliteBusy or SqliteLocked => new(ErrorCode.DatabaseLocked, $"{database} is locked by another process and stayed locked for {BusyTimeout.Value.TotalSeconds:0} s; stop the process holding it or try again (nothing was written)", e),
        SqliteReadOnly => new(ErrorCode.DatabaseReadOnly, $"{database} is read-only: check the permissions of the file and its folder (SQLite needs to create -wal/-shm files beside it); nothing was written", e),
        SqliteFull => new(ErrorCode.DiskFull, $"the disk holding {database} is full; free space and run the command again (nothing was written)", e),
        SqliteCorrupt or SqliteNotADb => new(ErrorCode.DatabaseCorrupt, $"{database} is not a valid SQLite database or is damaged ({e.Message}); restore a backup", Remedy.CheckForDamage(database), e),
        SqliteCantOpen or SqliteIoErr => new(ErrorCode.CannotOpen, $"cannot open {database}: check that its folder exists and is writable ({e.Message})", e),
        SqliteConstraint => new(ErrorCode.ConstraintViolation, $"the database refused the write: {e.Message.Replace("SQLite Error 19: ", string.Empty, StringComparison.Ordinal)}; nothing was written", e),
        _ => new(ErrorCode.CannotOpen, $"SQLite error on {database}: {e.Message}", e),
    };

    private static TradebookException FromPostgres(PostgresException e, string database) => e.SqlState switch
    {
        PostgresErrorCodes.UniqueViolation or PostgresErrorCodes.ForeignKeyViolation or PostgresErrorCodes.CheckViolation or PostgresErrorCodes.NotNullViolation =>
            new(ErrorCode.ConstraintViolation, $"the database refused the write: {e.MessageText} ({e.ConstraintName}); nothing was written", e),
        // SQLite keeps a NUL character in text; PostgreSQL's text cannot hold one: the input is refused, not the database.
        PostgresErrorCodes.CharacterNotInRepertoire or PostgresErrorCodes.UntranslatableCharacter =>
            new(ErrorCode.InvalidInput, $"PostgreSQL cannot store a text of this input ({e.MessageText}): remove NUL characters (\\u0000) from names, ids and notes; nothing was written", e),
        // A value too large to index (a key over about 2,700 bytes): the input is refused, not the database.
        PostgresErrorCodes.ProgramLimitExceeded =>
            new(ErrorCode.InvalidInput, $"PostgreSQL cannot keep a value of this input ({e.MessageText}); names, ids and keys are at most {NameLength.Max} characters; nothing was written", e),
        PostgresErrorCodes.DiskFull => new(ErrorCode.DiskFull, $"the PostgreSQL server's disk is full ({database}); nothing was written", e),
        PostgresErrorCodes.ReadOnlySqlTransaction or PostgresErrorCodes.InsufficientPrivilege =>
            new(ErrorCode.DatabaseReadOnly, $"{database} refuses writes: {e.MessageText}", e),
        PostgresErrorCodes.LockNotAvailable or PostgresErrorCodes.DeadlockDetected =>
            new(ErrorCode.DatabaseLocked, $"{database} is locked: {e.MessageText}; try again", e),
        PostgresErrorCodes.InvalidCatalogName or PostgresErrorCodes.InvalidPassword or PostgresErrorCodes.InvalidAuthorizationSpecification =>
            new(ErrorCode.CannotOpen, $"cannot open {database}: {e.MessageText}", e),
        _ => new(ErrorCode.CannotOpen, $"PostgreSQL error on {database}: {e.MessageText} ({e.SqlState})", e),
    };

    private static bool IsDiskFull(IOException e) => (e.HResult & 0xFFFF) == 28 || e.HResult == unchecked((int)0x80070070);
}
