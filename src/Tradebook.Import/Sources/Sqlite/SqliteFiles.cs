using Microsoft.Data.Sqlite;
using Tradebook.Storage.Sqlite;

namespace Tradebook.Import.Sources;

/// <summary>Recognises SQLite files by their header and reads their shape, whatever they are named.</summary>
internal static class SqliteFiles
{
    /// <summary>True when the file starts with the 16-byte SQLite header.</summary>
    public static bool IsSqlite(string path) => SqliteFileChecks.HasSqliteHeader(path);

    /// <summary>
    /// Whether a SQLite file's content passes <paramref name="test"/>, read from a safe copy. A file that
    /// is not SQLite, or is damaged or encrypted, is not one a reader can read: false, never an error.
    /// </summary>
    public static bool Satisfies(string path, Func<SqliteConnection, bool> test)
    {
        ArgumentNullException.ThrowIfNull(test);
        if (!IsSqlite(path))
        {
            return false;
        }

        try
        {
            using var copy = SqliteSourceCopy.Create(path);
            using var connection = copy.Open();
            return test(connection);
        }
        catch (SqliteException)
        {
            return false;
        }
    }

    /// <summary>Throws a clear error when <paramref name="path"/> is missing or not a SQLite database.</summary>
    public static void EnsureSqlite(string path)
    {
        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"Source not found: {path}", path);
        }

        if (!IsSqlite(path))
        {
            using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
            var head = new byte[4];
            var read = stream.ReadAtLeast(head, head.Length, throwOnEndOfStream: false);
            var shown = read < head.Length ? "is shorter than a SQLite header" : "starts with bytes " + Convert.ToHexStringLower(head);
            throw new InvalidDataException($"{path} is not a SQLite database: the file {shown}, not \"SQLite format 3\".");
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
