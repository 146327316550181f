using System.Data.Common;
using Microsoft.Data.Sqlite;
using Tradebook.Storage.Connection;
using Tradebook.Storage.Sqlite;

namespace Tradebook.Import.Writing;

/// <summary>Checks on a SQLite Tradebook file: integrity, row counts, and when it was last written to.</summary>
internal static class SqliteFileChecks
{
    public static SqliteConnection OpenReadOnly(string path)
    {
        SqliteBootstrap.EnsureInitialized();
        var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Mode = SqliteOpenMode.ReadOnly, Pooling = false }.ToString());
        connection.Open();
        return connection;
    }

    /// <summary>Problems found in <paramref name="path"/>; with <paramref name="expectedCounts"/>, also every table whose count differs.</summary>
    public static List<string> Verify(string path, IReadOnlyDictionary<string, long>? expectedCounts)
    {
        var problems = new List<string>();
        try
        {
            using var connection = OpenReadOnly(path);
            using (var check = connection.CreateCommand())
            {
                check.CommandText = "PRAGMA integrity_check";
                var result = check.ExecuteScalar() as string;
                if (result != "ok")
                {
                    problems.Add($"integrity_check: {result}");
                    return problems;
                }
            }

            if (expectedCounts is not null)
            {
                var counts = RowCounts(connection, null);
                foreach (var (table, expected) in expectedCounts)
                {
                    var actual = counts.GetValueOrDefault(table, -1);
                    if (actual != expected)
                    {
                        problems.Add($"{table}: {actual} rows, expected {expected}");
                    }
                }
            }
        }
        catch (SqliteException e)
        {
            problems.Add(e.Message);
        }

        return problems;
    }

    public static Dictionary<string, long> RowCounts(DbConnection connection, DbTransaction? transaction)
    {
        var tables = new List<string>();
        using (var list = connection.Command(transaction, "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name"))
        using (var reader = list.ExecuteReader())
        {
            while (reader.Read())
            {
                tables.Add(reader.GetString(0));
            }
        }

        var counts = new Dictionary<string, long>(StringComparer.Ordinal);
        foreach (var table in tables)
        {
            using var count = connection.Command(transaction, $"SELECT COUNT(*) FROM \"{table.Replace("\"", "\"\"", StringComparison.Ordinal)}\"");
            counts[table] = Convert.ToInt64(count.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture);
        }

        return counts;
    }

    /// <summary>The newest recorded_at, import or migration in the file: when it was last written to by Tradebook.</summary>
    public static DateTimeOffset? LastActivity(string path)
    {
        using var connection = OpenReadOnly(path);
        var columns = new List<(string Table, string Column)>();
        using (var list = connection.CreateCommand())
        {
            list.CommandText = """
                SELECT m.name, p.name FROM sqlite_master m, pragma_table_info(m.name) p
                WHERE m.type = 'table' AND p.name IN ('recorded_at', 'applied_at', 'started_at', 'finished_at', 'created_at')
                """;
            using var reader = list.ExecuteReader();
            while (reader.Read())
            {
                columns.Add((reader.GetString(0), reader.GetString(1)));
            }
        }

        DateTimeOffset? newest = null;
        foreach (var (table, column) in columns)
        {
            using var max = connection.CreateCommand();
            max.CommandText = $"SELECT MAX(\"{column}\") FROM \"{table}\"";
            if (TradebookDatabase.ReadTimestampOrNull(max.ExecuteScalar()) is { } at && (newest is null || at > newest))
            {
                newest = at;
            }
        }

        return newest;
    }
}
