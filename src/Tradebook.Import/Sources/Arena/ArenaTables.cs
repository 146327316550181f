using Microsoft.Data.Sqlite;
using Tradebook.Import.Sources.Fragmented;

namespace Tradebook.Import.Sources.Arena;

/// <summary>
/// The relational side of an arena database, recognised by columns: the bots table (rows keyed by the
/// state's bot ids), the provider table (rows holding an API key), users and the balance snapshots.
/// </summary>
internal sealed class ArenaTables
{
    public Dictionary<string, Dictionary<string, object?>> BotRows { get; } = new(StringComparer.Ordinal);

    public Dictionary<string, Dictionary<string, object?>> ProviderRows { get; } = new(StringComparer.Ordinal);

    public Dictionary<string, string> UserNames { get; } = new(StringComparer.Ordinal);

    public Dictionary<string, string> SystemSettings { get; } = new(StringComparer.Ordinal);

    public List<string> EmptyTables { get; } = [];

    public string? SnapshotTable { get; private set; }

    public static ArenaTables Read(SqliteConnection connection, string stateTable, ISet<string> botIds)
    {
        var result = new ArenaTables();
        foreach (var (table, columns) in SqliteFiles.Tables(connection))
        {
            if (string.Equals(table, stateTable, StringComparison.OrdinalIgnoreCase))
            {
                continue;
            }

            if (SqliteFiles.Count(connection, table) == 0)
            {
                result.EmptyTables.Add(table);
                continue;
            }

            if (IsSnapshotTable(columns))
            {
                result.SnapshotTable ??= table;
                continue;
            }

            if (columns.Contains("id") && columns.Any(SecretRedactor.IsSecretKey) && !columns.Contains("username"))
            {
                foreach (var row in Rows(connection, table))
                {
                    result.ProviderRows[Convert.ToString(row["id"], System.Globalization.CultureInfo.InvariantCulture) ?? ""] = row;
                }

                continue;
            }

            if (columns.Contains("id") && columns.Contains("username"))
            {
                foreach (var row in Rows(connection, table))
                {
                    if (row["id"] is string id && row["username"] is string name)
                    {
                        result.UserNames[id] = name;
                    }
                }

                continue;
            }

            if (columns.Count == 2 && columns.Contains("key") && columns.Contains("value"))
            {
                foreach (var row in Rows(connection, table))
                {
                    if (row["key"] is string key)
                    {
                        result.SystemSettings[key] = Convert.ToString(row["value"], System.Globalization.CultureInfo.InvariantCulture) ?? "";
                    }
                }

                continue;
            }

            if (columns.Contains("id") && columns.Contains("name"))
            {
                var rows = Rows(connection, table);
                if (rows.Any(r => r["id"] is string id && botIds.Contains(id)))
                {
                    foreach (var row in rows)
                    {
                        if (row["id"] is string id)
                        {
                            result.BotRows[id] = row;
                        }
                    }
                }
            }
        }

        return result;
    }

    /// <summary>A table with a bot reference, a time and an equity-like figure: periodic balance snapshots.</summary>
    public static bool IsSnapshotTable(IReadOnlyCollection<string> columns) =>
        columns.Contains("bot_id")
        && columns.Any(c => c is "timestamp" or "time" or "created_at" or "ts")
        && columns.Any(c => c is "total_value" or "equity" or "balance" or "value");

    public static List<Dictionary<string, object?>> Rows(SqliteConnection connection, string table)
    {
        using var command = connection.CreateCommand();
        command.CommandText = $"SELECT * FROM {SqliteFiles.Quote(table)}";
        using var reader = command.ExecuteReader();
        var rows = new List<Dictionary<string, object?>>();
        while (reader.Read())
        {
            var row = new Dictionary<string, object?>(StringComparer.OrdinalIgnoreCase);
            for (var i = 0; i < reader.FieldCount; i++)
            {
                row[reader.GetName(i)] = reader.IsDBNull(i) ? null : reader.GetValue(i);
            }

            rows.Add(row);
        }

        return rows;
    }
}
