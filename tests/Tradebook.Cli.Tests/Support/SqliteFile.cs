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

    /// <summary>The version of the SQLite engine this process runs, asked of SQLite itself.</summary>
    public static string EngineVersion()
    {
        SqliteBootstrap.EnsureInitialized();
        using var connection = new SqliteConnection("Data Source=:memory:");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT sqlite_version()";
        return (string)command.ExecuteScalar()!;
    }

    /// <summary>
    /// Makes the header of <paramref name="path"/> say that SQLite <paramref name="versionNumber"/> wrote it
    /// last, as that version would have: offset 96 holds its number, offset 92 the change counter then.
    /// </summary>
    public static void MarkWrittenBy(string path, int versionNumber)
    {
        using var file = new FileStream(path, FileMode.Open, FileAccess.ReadWrite);
        Span<byte> header = stackalloc byte[100];
        file.ReadExactly(header);
        header[24..28].CopyTo(header[92..96]);
        System.Buffers.Binary.BinaryPrimitives.WriteInt32BigEndian(header[96..], versionNumber);
        file.Position = 0;
        file.Write(header);
    }
}
