using Microsoft.Data.Sqlite;

namespace Tradebook.Import.Sources.Fragmented;

/// <summary>Recognises SQLite files by their header and reads their shape, whatever they are named.</summary>
internal static class SqliteFiles
{
    private static readonly byte[] Header = "SQLite format 3\0"u8.ToArray();

    /// <summary>True when the file starts with the 16-byte SQLite header.</summary>
    public static bool IsSqlite(string path)
    {
        try
        {
            using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
            Span<byte> buffer = stackalloc byte[16];
            return stream.ReadAtLeast(buffer, 16, throwOnEndOfStream: false) == 16 && buffer.SequenceEqual(Header);
        }
        catch (IOException)
        {
            return false;
        }
        catch (UnauthorizedAccessException)
        {
            return false;
        }
    }

    /// <summary>User tables and their columns (lower-case names), in schema order.</summary>
    public static Dictionary<string, List<string>> Tables(SqliteConnection connection)
    {
        var tables = new Dictionary<string, List<string>>(StringComparer.OrdinalIgnoreCase);
        using (var command = connection.CreateCommand())
        {
            command.CommandText = """
                SELECT name FROM sqlite_master
                WHERE type = 'table' AND name NOT LIKE 'sqlite\_%' ESCAPE '\'
                ORDER BY rowid
                """;
            using var reader = command.ExecuteReader();
            while (reader.Read())
            {
                tables[reader.GetString(0)] = [];
            }
        }

        foreach (var (table, columns) in tables)
        {
            using var command = connection.CreateCommand();
            command.CommandText = "SELECT name FROM pragma_table_info($table)";
            command.Parameters.AddWithValue("$table", table);
            using var reader = command.ExecuteReader();
            while (reader.Read())
            {
                columns.Add(reader.GetString(0).ToLowerInvariant());
            }
        }

        return tables;
    }

    public static long Count(SqliteConnection connection, string table)
    {
        using var command = connection.CreateCommand();
        command.CommandText = $"SELECT COUNT(*) FROM {Quote(table)}";
        return (long)command.ExecuteScalar()!;
    }

    /// <summary>Quotes an identifier read from the schema itself; identifiers cannot be SQL parameters.</summary>
    public static string Quote(string identifier) => "\"" + identifier.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";
}
