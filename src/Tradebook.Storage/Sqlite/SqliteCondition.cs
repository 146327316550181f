using System.Data.Common;
using System.Globalization;
using Tradebook.Storage.Connection;

namespace Tradebook.Storage.Sqlite;

/// <summary>
/// What SQLite says of a database file's condition: the problems <c>integrity_check</c> found (none when
/// whole), rows violating a foreign key, its journal mode and its pages. The one integrity check of
/// Tradebook, for its own database (<c>doctor</c>, backups) and for the legacy files doctor scans.
/// </summary>
public sealed record SqliteCondition(IReadOnlyList<string> IntegrityProblems, long ForeignKeyViolations, string JournalMode, long PageSize, long PageCount, long FreePages)
{
    /// <summary>Where the rows violating a foreign key are: "fills → bots (60)", the largest first.</summary>
    public IReadOnlyList<string> ForeignKeyTables { get; init; } = [];

    /// <summary>How many integrity problems SQLite is asked to list at most.</summary>
    public const int ProblemsListed = 20;

    public bool Whole => IntegrityProblems.Count == 0;

    public decimal FreePercent => PageCount == 0 ? 0m : Math.Round(100m * FreePages / PageCount, 1);

    /// <summary>Examines the database behind <paramref name="connection"/> (foreign keys only when it is whole); a file too damaged to read throws the engine's error.</summary>
    public static SqliteCondition Examine(DbConnection connection)
    {
        ArgumentNullException.ThrowIfNull(connection);
        var problems = IntegrityProblemsOf(connection);

        // Checking foreign keys reads every row: in a damaged file it would fail on the damage already listed.
        var violations = problems.Count == 0 ? ForeignKeyViolationsOf(connection) : [];
        return new SqliteCondition(
            problems,
            violations.Sum(v => v.Rows),
            Convert.ToString(Scalar(connection, "PRAGMA journal_mode"), CultureInfo.InvariantCulture) ?? string.Empty,
            Convert.ToInt64(Scalar(connection, "PRAGMA page_size"), CultureInfo.InvariantCulture),
            Convert.ToInt64(Scalar(connection, "PRAGMA page_count"), CultureInfo.InvariantCulture),
            Convert.ToInt64(Scalar(connection, "PRAGMA freelist_count"), CultureInfo.InvariantCulture))
        {
            ForeignKeyTables = violations.Select(v => $"{v.Table} → {v.Parent} ({v.Rows})").ToList(),
        };
    }

    /// <summary>How many rows of each table name a row its parent table does not have, the largest first.</summary>
    private static List<(string Table, string Parent, long Rows)> ForeignKeyViolationsOf(DbConnection connection)
    {
        using var command = connection.Command(null, """
            SELECT "table", parent, count(*) FROM pragma_foreign_key_check
            GROUP BY "table", parent ORDER BY count(*) DESC, "table", parent
            """);
        using var reader = command.ExecuteReader();
        var violations = new List<(string, string, long)>();
        while (reader.Read())
        {
            violations.Add((reader.GetString(0), reader.GetString(1), reader.GetInt64(2)));
        }

        return violations;
    }

    /// <summary>The problems <c>PRAGMA integrity_check</c> lists, at most <see cref="ProblemsListed"/>; none when the file is whole.</summary>
    public static IReadOnlyList<string> IntegrityProblemsOf(DbConnection connection)
    {
        ArgumentNullException.ThrowIfNull(connection);
        return Problems(connection, $"PRAGMA integrity_check({ProblemsListed})");
    }

    // SQLite may answer in one row of several lines, headed by the database's name.
    private static List<string> Problems(DbConnection connection, string pragma) =>
        Rows(connection, pragma)
            .SelectMany(row => row.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            .Where(line => line != "ok" && !line.StartsWith("*** in database ", StringComparison.Ordinal))
            .ToList();

    /// <summary>
    /// The problems <c>PRAGMA quick_check</c> lists, at most <see cref="ProblemsListed"/>: every page and index
    /// entry well formed, without the slower cross-check of indexes against tables (a health probe's check).
    /// </summary>
    public static IReadOnlyList<string> QuickProblemsOf(DbConnection connection)
    {
        ArgumentNullException.ThrowIfNull(connection);
        return Problems(connection, $"PRAGMA quick_check({ProblemsListed})");
    }

    private static object? Scalar(DbConnection connection, string sql)
    {
        using var command = connection.Command(null, sql);
        return command.ExecuteScalar();
    }

    private static List<string> Rows(DbConnection connection, string sql)
    {
        using var command = connection.Command(null, sql);
        using var reader = command.ExecuteReader();
        var rows = new List<string>();
        while (reader.Read())
        {
            rows.Add(Convert.ToString(reader.GetValue(0), CultureInfo.InvariantCulture) ?? string.Empty);
        }

        return rows;
    }
}
