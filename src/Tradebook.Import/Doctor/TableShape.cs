using System.Globalization;
using Microsoft.Data.Sqlite;

namespace Tradebook.Import.Doctor;

internal sealed record ColumnShape(string Name, string DeclaredType, int PrimaryKeyPosition);

/// <summary>A user table's name and columns, read from the schema.</summary>
internal sealed record TableShape(string Name, IReadOnlyList<ColumnShape> Columns)
{
    public IReadOnlyList<string> PrimaryKey =>
        Columns.Where(c => c.PrimaryKeyPosition > 0).OrderBy(c => c.PrimaryKeyPosition).Select(c => c.Name).ToList();

    public bool Has(string column) => Find(column) is not null;

    public ColumnShape? Find(string column) =>
        Columns.FirstOrDefault(c => string.Equals(c.Name, column, StringComparison.OrdinalIgnoreCase));

    /// <summary>User tables (SQLite's own <c>sqlite_*</c> tables aside), in name order.</summary>
    public static List<TableShape> ReadAll(SqliteConnection connection)
    {
        var names = SqliteQueries.Rows(
                connection,
                """
                SELECT name FROM sqlite_master
                WHERE type = 'table' AND name NOT LIKE 'sqlite\_%' ESCAPE '\'
                ORDER BY name
                """)
            .Select(r => (string)r[0]!)
            .ToList();
        var tables = new List<TableShape>();
        foreach (var name in names)
        {
            var columns = SqliteQueries.Rows(connection, $"PRAGMA table_info({SqliteQueries.Q(name)})")
                .Select(r => new ColumnShape(
                    (string)r[1]!,
                    r[2] as string ?? "",
                    Convert.ToInt32(r[5], CultureInfo.InvariantCulture)))
                .ToList();
            tables.Add(new TableShape(name, columns));
        }

        return tables;
    }
}
