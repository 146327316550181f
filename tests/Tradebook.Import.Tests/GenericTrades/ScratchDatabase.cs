using Microsoft.Data.Sqlite;
using Tradebook.Storage.Sqlite;

namespace Tradebook.Import.Tests.GenericTrades;

/// <summary>A throwaway SQLite database built by a test, deleted with its folder.</summary>
internal sealed class ScratchDatabase : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("tradebook-test-").FullName;

    public ScratchDatabase(string schemaAndRows)
    {
        Path = System.IO.Path.Combine(_folder, "bot.db");
        Execute(schemaAndRows);
    }

    public string Path { get; }

    public string Folder => _folder;

    public void Execute(string sql)
    {
        SqliteBootstrap.EnsureInitialized();
        using var connection = Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }

    public SqliteConnection Open()
    {
        SqliteBootstrap.EnsureInitialized();
        var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = Path, Pooling = false }.ToString());
        connection.Open();
        return connection;
    }

    public string WriteFile(string name, string text)
    {
        var file = System.IO.Path.Combine(_folder, name);
        File.WriteAllText(file, text);
        return file;
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(_folder, recursive: true);
        }
        catch (IOException)
        {
            // Left to the OS's temp cleaning.
        }
    }
}
