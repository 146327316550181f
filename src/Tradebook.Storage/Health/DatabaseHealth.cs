using System.Data.Common;
using System.Globalization;
using Tradebook.Storage.Connection;

namespace Tradebook.Storage.Health;

/// <summary>The outcome of an integrity check: ok, or the first problems the engine reported.</summary>
public sealed record IntegrityResult(bool Ok, IReadOnlyList<string> Problems, bool Checked);

/// <summary>What an operator asks of the database in use: is it whole, which engine, how large, how much room is left.</summary>
public static class DatabaseHealth
{
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

        return database.Run(connection =>
        {
            using var command = connection.Command(null, "PRAGMA quick_check(20)");
            using var reader = command.ExecuteReader();
            var rows = new List<string>();
            while (reader.Read())
            {
                rows.Add(reader.GetString(0));
            }

            var ok = rows is ["ok"];
            return new IntegrityResult(ok, ok ? [] : rows, true);
        });
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
