using System.Data.Common;
using System.Globalization;
using Microsoft.Data.Sqlite;
using Npgsql;
using SQLitePCL;
using Tradebook.Core;

namespace Tradebook.Storage.Connection;

/// <summary>
/// One Tradebook database on either engine: opens connections with the ledger's profile, converts
/// the few values whose storage differs between engines, and turns engine errors into actionable ones.
/// </summary>
public sealed class TradebookDatabase : IDisposable
{

    private readonly NpgsqlDataSource? _postgres;
    private readonly string? _sqliteExisting;
    private HeldSqliteFile? _held;
    private volatile bool _replaced;

    /// <param name="createIfMissing">
    /// Whether opening a SQLite file that does not exist creates it (and its folder). Commands that only
    /// read, or that need a database with Tradebook's schema, pass false: a mistyped path is an error,
    /// not a new empty database.
    /// </param>
    public TradebookDatabase(DatabaseTarget target, bool createIfMissing = true)
    {
        ArgumentNullException.ThrowIfNull(target);
        Target = target;
        CreateIfMissing = createIfMissing;
        if (target.Engine == SqlEngine.Postgres)
        {
            _postgres = NpgsqlDataSource.Create(target.ConnectionString);
        }
        else if (!createIfMissing)
        {
            // Not created even when the file goes away between the check in Open and SQLite's open.
            _sqliteExisting = new SqliteConnectionStringBuilder(target.ConnectionString) { Mode = SqliteOpenMode.ReadWrite }.ToString();
        }
    }

    public DatabaseTarget Target { get; }

    /// <summary>Whether opening creates a missing SQLite file; see the constructor.</summary>
    public bool CreateIfMissing { get; }

    /// <summary>Whether this is a SQLite file that does not exist (and will not be created by opening it).</summary>
    public bool IsMissingFile => Target.FilePath is { } path && !File.Exists(path);

    public SqlEngine Engine => Target.Engine;

    /// <summary>
    /// Holds this SQLite database's file open until disposed, for a process that serves it for long (the
    /// server): from the moment another file takes its path (moved or copied over with <c>mv</c>, or the file
    /// deleted), every open and every transaction is refused, and the pooled connections are closed, rather
    /// than reading the new file through the old one's WAL. Nothing on PostgreSQL.
    /// </summary>
    public void HoldFile()
    {
        if (Target.FilePath is { } path && _held is null)
        {
            try
            {
                _held = HeldSqliteFile.Open(path);
            }
            catch (Exception e)
            {
                throw Translate(e);
            }
        }
    }

    public DbConnection Open()
    {
        try
        {
            if (_postgres is not null)
            {
                return _postgres.OpenConnection();
            }

            EnsureFileHeld();
            var path = Target.FilePath!;
            if (_sqliteExisting is not null)
            {
                return File.Exists(path) ? SqliteConnections.Open(_sqliteExisting) : throw Missing();
            }

            var folder = Path.GetDirectoryName(path);
            if (folder is not null && !Directory.Exists(folder))
            {
                Directory.CreateDirectory(folder);
            }

            return SqliteConnections.Open(Target.ConnectionString);
        }
        catch (Exception e)
        {
            throw Translate(e);
        }
    }

    /// <summary>Runs <paramref name="work"/> on a new connection, translating engine errors.</summary>
    public T Run<T>(Func<DbConnection, T> work)
    {
        using var connection = Open();
        try
        {
            return work(connection);
        }
        catch (Exception e)
        {
            throw Translate(e);
        }
    }

    /// <summary>
    /// Runs the reads of <paramref name="work"/> on one snapshot of the database, on a new connection, translating
    /// engine errors. A page merged from one query per product, or a bot listed with its P&amp;L and its equity,
    /// then cannot mix what was there before a commit with what came after it. On SQLite the snapshot also
    /// spares each statement its own read lock on the WAL index (two system calls a statement: a page across
    /// fifty products made a hundred). Begun in SQL, not through the connection, so that the commands of the
    /// work need no transaction object; work that writes must use <see cref="InTransaction{T}(Func{DbConnection, DbTransaction, T})"/>.
    /// </summary>
    public T Read<T>(Func<DbConnection, T> work)
    {
        using var connection = Open();
        try
        {
            Execute(connection, Engine == SqlEngine.Postgres ? "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY" : "BEGIN");
            var result = work(connection);
            Execute(connection, "COMMIT");
            return result;
        }
        catch (Exception e)
        {
            try
            {
                Execute(connection, "ROLLBACK");
            }
            catch (DbException)
            {
                // No transaction was open (BEGIN itself failed), or the connection is lost with it.
            }

            throw Translate(e);
        }
    }

    private static void Execute(DbConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }

    /// <summary>Runs <paramref name="work"/> in one transaction: all of it commits, or none of it.</summary>
    public T InTransaction<T>(Func<DbConnection, DbTransaction, T> work)
    {
        using var connection = Open();
        return RunTransaction(connection, work);
    }

    /// <summary>
    /// Runs <paramref name="work"/> in one transaction on a connection the caller keeps open from one
    /// transaction to the next (a writer that commits again and again, and keeps what it loaded). On SQLite,
    /// <paramref name="lockWait"/>, when given, bounds the wait for another writer's lock instead of the busy
    /// timeout: for a writer that must answer its callers sooner (the server's, through <see cref="LockWaits"/>).
    /// </summary>
    public T InTransaction<T>(DbConnection connection, Func<DbConnection, DbTransaction, T> work, TimeSpan? lockWait = null) => RunTransaction(connection, work, lockWait);

    /// <summary>
    /// Like <see cref="InTransaction{T}(Func{DbConnection, DbTransaction, T})"/>, for a transaction that writes much of the database (an import).
    /// SQLite copies the WAL back into the database file after a commit, on the committing thread; for a
    /// large transaction that copy is a good part of the commit. Here the commit leaves it, and the copy
    /// runs on another thread as <c>Checkpoint</c>, so that the caller's next work (reading back what it
    /// wrote) overlaps it. What was committed is durable in the WAL either way; a copy that fails is
    /// retried by SQLite after the next commit.
    /// </summary>
    public (T Result, Task Checkpoint) InLargeTransaction<T>(Func<DbConnection, DbTransaction, T> work)
    {
        if (Engine != SqlEngine.Sqlite)
        {
            return (InTransaction(work), Task.CompletedTask);
        }

        T result;
        using (var connection = Open())
        {
            var automatic = Pragma(connection, "PRAGMA wal_autocheckpoint");
            Pragma(connection, "PRAGMA wal_autocheckpoint = 0");
            try
            {
                result = RunTransaction(connection, work);
            }
            finally
            {
                // The connection goes back to the pool: later commits on it must checkpoint again.
                Pragma(connection, $"PRAGMA wal_autocheckpoint = {automatic}");
            }
        }

        return (result, Task.Run(Checkpoint));
    }

    /// <summary>How many WAL pages a <see cref="CheckpointSeldom"/> connection lets build up before it copies them back.</summary>
    public const int SeldomCheckpointPages = 16_384;

    /// <summary>
    /// For a connection that commits small transactions back to back for as long as it is open (the server's
    /// group commit): its commits copy the WAL back into the database file once the WAL holds
    /// <see cref="SeldomCheckpointPages"/> pages (64 MiB at SQLite's 4 KiB pages) rather than SQLite's 1,000. Each
    /// commit of many bots' fills changes a leaf of each index per product (about four pages a fill); at 1,000 pages
    /// the copy ran every 17 commits and wrote most of those leaves back each time, where a page changed by many
    /// commits is now written back once for them all: 13-16% more requests a second under 32 clients
    /// (docs/benchmarks.md). The WAL file keeps the size it grew to. Until the connection is opened again
    /// (<see cref="SqliteConnections.Open"/> sets the default); nothing on PostgreSQL.
    /// </summary>
    public void CheckpointSeldom(DbConnection connection)
    {
        if (Engine == SqlEngine.Sqlite)
        {
            Pragma(connection, $"PRAGMA wal_autocheckpoint = {SeldomCheckpointPages}");
        }
    }

    /// <summary>Copies what the WAL holds into the database file, without waiting for readers or writers.</summary>
    private void Checkpoint()
    {
        try
        {
            using var connection = Open();
            Pragma(connection, "PRAGMA wal_checkpoint(PASSIVE)");
        }
        catch (Exception e) when (e is DbException or TradebookException)
        {
            // Nothing is lost: the committed pages stay in the WAL until a later checkpoint copies them.
        }
    }

    private static long Pragma(DbConnection connection, string pragma)
    {
        using var command = connection.CreateCommand();
        command.CommandText = pragma;
        return Convert.ToInt64(command.ExecuteScalar(), CultureInfo.InvariantCulture);
    }

    private T RunTransaction<T>(DbConnection connection, Func<DbConnection, DbTransaction, T> work, TimeSpan? lockWait = null)
    {
        // Writers of one SQLite file take the write lock in the order they asked for it (see SqliteWriteQueue).
        var wait = lockWait is { } bound && bound < BusyTimeout.Value ? bound : BusyTimeout.Value;
        using var turn = Target.FilePath is { } path && !OperatingSystem.IsMacOS() ? SqliteWriteQueue.For(path).Enter(wait, Target.Display) : null;
        EnsureFileHeld();
        DbTransaction transaction;
        try
        {
            // On SQLite this is BEGIN IMMEDIATE: the write lock is taken up front, so two writers queue
            // on the busy timeout instead of deadlocking on a read-to-write upgrade.
            transaction = wait < BusyTimeout.Value && connection is SqliteConnection sqlite ? BeginWithin(sqlite, wait, Target.Display) : connection.BeginTransaction();
        }
        catch (Exception e)
        {
            throw Translate(e);
        }

        using (transaction)
        {
            try
            {
                var result = work(connection, transaction);
                transaction.Commit();
                return result;
            }
            catch (Exception e)
            {
                RollBack(connection, transaction);
                throw Translate(e);
            }
        }
    }

    /// <summary>
    /// BEGIN IMMEDIATE waiting at most <paramref name="wait"/> (a second at least: Microsoft.Data.Sqlite counts its
    /// retries in seconds) for another writer's lock; the connection's own timeouts are set back after it.
    /// </summary>
    private static DbTransaction BeginWithin(SqliteConnection connection, TimeSpan wait, string database)
    {
        var seconds = Math.Max(1, (int)Math.Ceiling(wait.TotalSeconds));
        var (busyMs, retrySeconds) = (Pragma(connection, "PRAGMA busy_timeout"), connection.DefaultTimeout);
        Pragma(connection, $"PRAGMA busy_timeout = {seconds * 1000}");
        connection.DefaultTimeout = seconds;
        try
        {
            return connection.BeginTransaction();
        }
        catch (SqliteException e) when ((e.SqliteErrorCode & 0xFF) is 5 or 6)
        {
            // SQLITE_BUSY or SQLITE_LOCKED, after this wait rather than the busy timeout.
            throw new TradebookException(ErrorCode.DatabaseLocked,
                $"{database} is still locked by another process after {seconds} s more; stop the process holding it or try again (nothing was written)", e);
        }
        finally
        {
            Pragma(connection, $"PRAGMA busy_timeout = {busyMs}");
            connection.DefaultTimeout = retrySeconds;
        }
    }

    /// <summary>
    /// Rolls back after a failure. SQLite undoes the whole transaction itself after some errors (a full
    /// disk, an I/O error); Microsoft.Data.Sqlite does not notice, and its ROLLBACK would then fail with
    /// "no transaction is active", hiding the error that matters. An empty transaction is opened for it
    /// to close. A rollback that fails otherwise (a broken PostgreSQL connection) is left to the server,
    /// which drops the transaction with the connection; the original error is what the user sees.
    /// </summary>
    private static void RollBack(DbConnection connection, DbTransaction transaction)
    {
        try
        {
            if (connection is SqliteConnection sqlite && sqlite.Handle is { } handle && raw.sqlite3_get_autocommit(handle) != 0)
            {
                raw.sqlite3_exec(handle, "BEGIN");
            }

            transaction.Rollback();
        }
        catch (DbException)
        {
        }
        catch (InvalidOperationException)
        {
        }
    }

    public Exception Translate(Exception error) => DatabaseErrors.Translate(error, Target.Display);

    /// <summary>The error for a SQLite file that does not exist and is not to be created.</summary>
    public TradebookException Missing() =>
        new(ErrorCode.SchemaNotInitialized, $"there is no database at {Target.Display} (from {Target.Rule})", new Remedy(RemedyKind.CreateDatabase));

    /// <summary>A timestamp as a parameter value: ISO-8601 UTC text on SQLite, timestamptz on PostgreSQL.</summary>
    public object Timestamp(DateTimeOffset value) => StoredTime.Parameter(Engine, value);

    /// <summary>Refuses to go on once the held file is no longer the one at its path (see <see cref="HoldFile"/>).</summary>
    private void EnsureFileHeld()
    {
        if (!_replaced && _held is not { Moved: true })
        {
            return;
        }

        if (!_replaced)
        {
            _replaced = true;
            if (Interlocked.Exchange(ref _held, null) is { } held)
            {
                try
                {
                    held.EmptyWalIntoHeldFile();
                }
                catch (SqliteException)
                {
                    // A reader held on past the busy timeout: what the WAL keeps stays there, as SQLite leaves it.
                }

                held.Dispose();
            }

            // The connections that were open on the old file close as they come back to the pool.
            SqliteConnection.ClearPool(new SqliteConnection(Target.ConnectionString));
            if (_sqliteExisting is not null)
            {
                SqliteConnection.ClearPool(new SqliteConnection(_sqliteExisting));
            }
        }

        throw new TradebookException(ErrorCode.DatabaseReplaced,
            $"the database file {Target.Display} was moved, replaced or deleted while Tradebook had it open; nothing more is read from it or written to it",
            new Remedy(RemedyKind.OpenDatabaseAgain, Target.Display));
    }

    public void Dispose()
    {
        _postgres?.Dispose();
        Interlocked.Exchange(ref _held, null)?.Dispose();
    }

}
