using Microsoft.Data.Sqlite;
using Tradebook.Storage.Sqlite;

namespace Tradebook.Cli.Tests.Support;

/// <summary>Looks into a SQLite file directly, to check what a command did or did not write.</summary>
public static class SqliteFile
{
    public static IReadOnlyList<string> Tables(string path)
    {
        if (!File.Exists(path))
        {
            return [];
        }

        SqliteBootstrap.EnsureInitialized();
        using var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Mode = SqliteOpenMode.ReadOnly, Pooling = false }.ToString());
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name";
        using var reader = command.ExecuteReader();
        var names = new List<string>();
        while (reader.Read())
        {
            names.Add(reader.GetString(0));
        }

        return names;
    }
}
