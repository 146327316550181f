using Microsoft.Data.Sqlite;
using Tradebook.Storage.Sqlite;

namespace Tradebook.Cli.Tests.Support;

/// <summary>Builds a SQLite file from a SQL script: the other programs' databases a test imports.</summary>
public static class SqliteScript
{
    public static string Create(string path, string sql)
    {
        SqliteBootstrap.EnsureInitialized();
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        using (var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Pooling = false }.ToString()))
        {
            connection.Open();
            using var command = connection.CreateCommand();
            command.CommandText = sql;
            command.ExecuteNonQuery();
        }

        return path;
    }
}
