using Microsoft.Data.Sqlite;

namespace Tradebook.Import.Sources;

/// <summary>The tables of an open SQLite database and each table's columns with their declared types.</summary>
internal sealed class SqliteSchema
{
    private readonly Dictionary<string, Dictionary<string, string>> _tables;

    private SqliteSchema(Dictionary<string, Dictionary<string, string>> tables) => _tables = tables;

    public static SqliteSchema Load(SqliteConnection connection)
    {
        var tables = new Dictionary<string, Dictionary<string, string>>(StringComparer.OrdinalIgnoreCase);
        var names = new List<string>();
        using (var command = connection.CreateCommand())
        {
            command.CommandText = """SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'""";
            using var reader = command.ExecuteReader();
            while (reader.Read())
            {
                names.Add(reader.GetString(0));
            }
        }

        foreach (var name in names)
        {
            var columns = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
            using var command = connection.CreateCommand();
            command.CommandText = """SELECT name, type FROM pragma_table_info($table)""";
            command.Parameters.AddWithValue("$table", name);
            using var reader = command.ExecuteReader();
            while (reader.Read())
            {
                columns[reader.GetString(0)] = reader.IsDBNull(1) ? string.Empty : reader.GetString(1);
            }

            tables[name] = columns;
        }

        return new SqliteSchema(tables);
    }

    public bool HasTable(string table) => _tables.ContainsKey(table);

    public bool Has(string table, string column) => _tables.TryGetValue(table, out var columns) && columns.ContainsKey(column);

    public bool HasAll(string table, params string[] columns) => columns.All(c => Has(table, c));

    /// <summary>The declared type of a column, upper case, or null when the column does not exist.</summary>
    public string? DeclaredType(string table, string column) =>
        _tables.TryGetValue(table, out var columns) && columns.TryGetValue(column, out var type) ? type.ToUpperInvariant() : null;

    /// <summary>A column's name quoted for SQL when it exists, otherwise <c>NULL</c>: older schemas lack newer columns.</summary>
    public string ColumnOrNull(string table, string column) => Has(table, column) ? $"\"{column}\"" : "NULL";
}
