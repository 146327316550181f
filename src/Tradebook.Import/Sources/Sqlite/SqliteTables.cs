using Microsoft.Data.Sqlite;

namespace Tradebook.Import.Sources;

/// <summary>A table (or view) of a SQLite database as its schema describes it.</summary>
internal sealed record TableSchema(string Name, bool IsView, bool HasRowId, IReadOnlyList<ColumnSchema> Columns)
{
    /// <summary>
    /// The column of that name in any case; failing that, the one whose name is the same words run together or
    /// in camel case (<c>feeCurrency</c>, <c>FeeCurrency</c> and <c>feecurrency</c> for <c>fee_currency</c>), as
    /// JavaScript bots and exchanges' exports name them.
    /// </summary>
    public ColumnSchema? Column(string name) =>
        Columns.FirstOrDefault(c => string.Equals(c.Name, name, StringComparison.OrdinalIgnoreCase))
        ?? Columns.FirstOrDefault(c => string.Equals(Words(c.Name), Words(name), StringComparison.OrdinalIgnoreCase));

    private static string Words(string name) => name.Replace("_", string.Empty, StringComparison.Ordinal);

    public IEnumerable<string> ColumnNames => Columns.Select(c => c.Name);

    /// <summary>True when <paramref name="column"/> is the table's INTEGER PRIMARY KEY, i.e. its row id and no natural key.</summary>
    public bool IsRowIdAlias(string column) =>
        !IsView
        && Columns.Count(c => c.PrimaryKeyOrdinal > 0) == 1
        && Column(column) is { PrimaryKeyOrdinal: > 0 } c
        && string.Equals(c.DeclaredType.Trim(), "INTEGER", StringComparison.OrdinalIgnoreCase);
}

internal sealed record ColumnSchema(string Name, string DeclaredType, int PrimaryKeyOrdinal);

internal sealed record ForeignKey(string FromColumn, string ToTable, string? ToColumn);

/// <summary>Reads a database's schema through SQLite's own pragmas, so that shapes are detected, not assumed.</summary>
internal static class SqliteTables
{
    public static IReadOnlyList<TableSchema> Tables(SqliteConnection connection)
    {
        var found = new List<(string Name, string Type, string? Sql)>();
        using (var command = connection.CreateCommand())
        {
            command.CommandText = """
                SELECT name, type, sql FROM sqlite_master
                WHERE type IN ('table', 'view') AND name NOT LIKE 'sqlite\_%' ESCAPE '\'
                ORDER BY name
                """;
            using var reader = command.ExecuteReader();
            while (reader.Read())
            {
                found.Add((reader.GetString(0), reader.GetString(1), reader.IsDBNull(2) ? null : reader.GetString(2)));
            }
        }

        var tables = new List<TableSchema>(found.Count);
        foreach (var (name, type, sql) in found)
        {
            var isView = type == "view";
            var withoutRowId = sql?.Contains("WITHOUT ROWID", StringComparison.OrdinalIgnoreCase) == true;
            tables.Add(new TableSchema(name, isView, !isView && !withoutRowId, Columns(connection, name)));
        }

        return tables;
    }

    public static IReadOnlyList<ForeignKey> ForeignKeys(SqliteConnection connection, string table)
    {
        using var command = connection.CreateCommand();
        command.CommandText = """SELECT "from", "table", "to" FROM pragma_foreign_key_list($table)""";
        command.Parameters.AddWithValue("$table", table);
        using var reader = command.ExecuteReader();
        var keys = new List<ForeignKey>();
        while (reader.Read())
        {
            keys.Add(new ForeignKey(reader.GetString(0), reader.GetString(1), reader.IsDBNull(2) ? null : reader.GetString(2)));
        }

        return keys;
    }

    private static List<ColumnSchema> Columns(SqliteConnection connection, string table)
    {
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT name, type, pk FROM pragma_table_info($table)";
        command.Parameters.AddWithValue("$table", table);
        using var reader = command.ExecuteReader();
        var columns = new List<ColumnSchema>();
        while (reader.Read())
        {
            columns.Add(new ColumnSchema(reader.GetString(0), reader.IsDBNull(1) ? "" : reader.GetString(1), reader.GetInt32(2)));
        }

        return columns;
    }
}
