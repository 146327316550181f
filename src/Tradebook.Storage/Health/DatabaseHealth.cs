using System.Data.Common;
using System.Globalization;
using System.Text.RegularExpressions;
using Tradebook.Core;
using Tradebook.Storage.Connection;
using Tradebook.Storage.Sqlite;

namespace Tradebook.Storage.Health;

/// <summary>The outcome of an integrity check: ok, or the first problems the engine reported.</summary>
public sealed record IntegrityResult(bool Ok, IReadOnlyList<string> Problems, bool Checked);

/// <summary>A SQLite database's condition (null when it cannot be read at all), the objects its damage lies in, its WAL's size, and why it could not be read.</summary>
public sealed record SqliteExamination(SqliteCondition? Condition, IReadOnlyList<string> DamagedObjects, long WalBytes, string? Unreadable);

/// <summary>What an operator asks of the database in use: is it whole, which engine, how large, how much room is left.</summary>
public static partial class DatabaseHealth
{
    [GeneratedRegex(@"^Tree (\d+) ")]
    private static partial Regex TreeRoot();

    /// <summary>
    /// SQLite's <c>PRAGMA quick_check</c>: every page and index entry is well formed (it skips the slower
    /// cross-check of indexes against tables). PostgreSQL checks its own pages as it reads them; there is
    /// nothing comparable to run without an extension, so it is reported as not checked.
    /// </summary>
    public static IntegrityResult QuickCheck(TradebookDatabase database)
    {
        ArgumentNullException.ThrowIfNull(database);
        if (database.Engine != SqlEngine.Sqlite)
        {
            return new IntegrityResult(true, [], false);
        }

        var problems = database.Run(SqliteCondition.QuickProblemsOf);
        return new IntegrityResult(problems.Count == 0, problems, true);
    }

    /// <summary>The engine's own version: <c>SQLite 3.x.y</c> or PostgreSQL's version line.</summary>
    public static string EngineVersion(TradebookDatabase database)
    {
        ArgumentNullException.ThrowIfNull(database);
        return database.Run(connection => database.Engine == SqlEngine.Sqlite
            ? "SQLite " + Scalar(connection, "SELECT sqlite_version()")
            : Scalar(connection, "SELECT version()"));
    }

    /// <summary>Bytes the database takes: its file and WAL on SQLite, <c>pg_database_size</c> on PostgreSQL.</summary>
    public static long SizeBytes(TradebookDatabase database)
    {
        ArgumentNullException.ThrowIfNull(database);
        if (database.Engine == SqlEngine.Sqlite)
        {
            var path = database.Target.FilePath!;
            return new[] { path, path + "-wal" }.Where(File.Exists).Sum(p => new FileInfo(p).Length);
        }

        return database.Run(connection => long.Parse(Scalar(connection, "SELECT pg_database_size(current_database())"), CultureInfo.InvariantCulture));
    }

    /// <summary>Free bytes on the disk that holds a SQLite database; null on PostgreSQL, whose disk is the server's.</summary>
    public static long? FreeDiskBytes(TradebookDatabase database)
    {
        ArgumentNullException.ThrowIfNull(database);
        if (database.Engine != SqlEngine.Sqlite)
        {
            return null;
        }

        var folder = Path.GetDirectoryName(Path.GetFullPath(database.Target.FilePath!))!;
        return new DriveInfo(folder).AvailableFreeSpace;
    }

    /// <summary>
    /// What <c>doctor</c> reports of a SQLite database's condition: integrity, foreign keys, pages, and the
    /// tables and indexes the damage lies in. A SQLite file too damaged to open or read still gets an answer (a file that is not SQLite at all is refused as before):
    /// <see cref="SqliteExamination.Unreadable"/> says what SQLite said. Null on PostgreSQL.
    /// </summary>
    public static SqliteExamination? ExamineSqlite(TradebookDatabase database)
    {
        ArgumentNullException.ThrowIfNull(database);
        if (database.Engine != SqlEngine.Sqlite)
        {
            return null;
        }

        var path = database.Target.FilePath!;
        var wal = File.Exists(path + "-wal") ? new FileInfo(path + "-wal").Length : 0;
        try
        {
            return database.Run(connection =>
            {
                var condition = SqliteCondition.Examine(connection);
                return new SqliteExamination(condition, condition.Whole ? [] : DamagedObjects(connection, condition.IntegrityProblems), wal, null);
            });
        }
        catch (TradebookException e) when (e.Code == ErrorCode.DatabaseCorrupt && SqliteFileChecks.HasSqliteHeader(path))
        {
            return new SqliteExamination(null, [], wal, e.InnerException?.Message ?? e.Message);
        }
    }

    /// <summary>
    /// The tables and indexes whose b-trees <c>integrity_check</c> names ("Tree 12 page 40 …" is the object
    /// whose root page is 12), when the schema itself can still be read.
    /// </summary>
    private static IReadOnlyList<string> DamagedObjects(DbConnection connection, IReadOnlyList<string> problems)
    {
        var roots = new HashSet<long>();
        foreach (var problem in problems)
        {
            if (TreeRoot().Match(problem) is { Success: true } tree)
            {
                roots.Add(long.Parse(tree.Groups[1].Value, CultureInfo.InvariantCulture));
            }
        }

        try
        {
            using var command = connection.Command(null, "SELECT type, name, rootpage FROM sqlite_master WHERE rootpage > 0");
            using var reader = command.ExecuteReader();
            var named = new List<string>();
            while (reader.Read())
            {
                if (roots.Contains(reader.GetInt64(2)))
                {
                    named.Add($"{reader.GetString(0)} {reader.GetString(1)}");
                }
            }

            return named;
        }
        catch (DbException)
        {
            return ["the schema itself (sqlite_master cannot be read)"];
        }
    }

    /// <summary>The database answers a query.</summary>
    public static void Ping(TradebookDatabase database)
    {
        ArgumentNullException.ThrowIfNull(database);
        database.Run(connection => Scalar(connection, "SELECT 1"));
    }

    private static string Scalar(DbConnection connection, string sql)
    {
        using var command = connection.Command(null, sql);
        return Convert.ToString(command.ExecuteScalar(), CultureInfo.InvariantCulture) ?? string.Empty;
    }
}
