using System.Text.Json;
using Microsoft.Data.Sqlite;
using Tradebook.Cli.Tests.Support;
using Tradebook.Storage.Connection;
using Tradebook.Storage.Migrations;
using Tradebook.Storage.Sqlite;

namespace Tradebook.Cli.Tests;

/// <summary>
/// Which SQLite Tradebook runs on, which schema version it writes, and which SQLite last wrote a file,
/// as <c>--version</c> and <c>doctor</c> report them. Every expected figure is asked of SQLite, the
/// shipped migrations or the file's bytes, never of the code under test.
/// </summary>
public sealed class VersionTests : IDisposable
{
    private readonly TempWorkspace _workspace = new();

    public void Dispose() => _workspace.Dispose();

    private static int ShippedSchemaVersion => EmbeddedMigrationSource.Instance.Load(SqlEngine.Sqlite).Max(m => m.Version);

    private static CliResult Run(params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var exit = TradebookCli.Run(args, output, error);
        return new CliResult(exit, output.ToString(), error.ToString());
    }

    [Fact]
    public void version_names_the_sqlite_engine_and_the_schema_version_it_writes()
    {
        var result = Run("--version");

        Assert.True(result.ExitCode == 0, result.ToString());
        var lines = result.Out.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        Assert.StartsWith("tradebook ", lines[0], StringComparison.Ordinal);
        Assert.Contains($"SQLite {SqliteFile.EngineVersion()} (bundled)", lines);
        Assert.Contains($"schema version {ShippedSchemaVersion}", lines);
    }

    [Fact]
    public void version_json_carries_the_same_figures()
    {
        var result = Run("--version", "--json");

        Assert.True(result.ExitCode == 0, result.ToString());
        var json = result.Json();
        Assert.Equal(SqliteFile.EngineVersion(), json.GetProperty("sqlite").GetString());
        Assert.Equal(ShippedSchemaVersion, json.GetProperty("schema_version").GetInt32());
        Assert.False(string.IsNullOrEmpty(json.GetProperty("tradebook").GetString()));
    }

    [Fact]
    public void version_with_a_command_is_a_usage_error()
    {
        var result = Run("--version", "init");

        Assert.Equal(ExitCodes.Usage, result.ExitCode);
        Assert.Contains("--version", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void doctor_names_the_engine_the_schema_version_and_the_sqlite_that_last_wrote_the_file()
    {
        Assert.Equal(0, _workspace.Run("init").ExitCode);
        SqliteConnection.ClearAllPools();
        SqliteFile.MarkWrittenBy(_workspace.DatabasePath, 3_031_001);

        var human = _workspace.Run("doctor");
        var json = _workspace.Run("doctor", "--json").Json();

        Assert.True(human.ExitCode == 0, human.ToString());
        var engine = human.Out.Split('\n').Single(l => l.StartsWith("ok      engine ", StringComparison.Ordinal));
        Assert.Contains($"SQLite {SqliteFile.EngineVersion()}", engine, StringComparison.Ordinal);
        Assert.Contains("last written by SQLite 3.31.1", engine, StringComparison.Ordinal);
        Assert.Contains(human.Out.Split('\n'), l => l.StartsWith("ok      migrations", StringComparison.Ordinal) && l.Contains($"schema version {ShippedSchemaVersion} of {ShippedSchemaVersion}", StringComparison.Ordinal));

        Assert.Equal(SqliteFile.EngineVersion(), json.GetProperty("versions").GetProperty("sqlite").GetString());
        Assert.Equal(ShippedSchemaVersion, json.GetProperty("versions").GetProperty("schema_version").GetInt32());
        Assert.Equal(ShippedSchemaVersion, json.GetProperty("schema_version").GetInt32());
        Assert.Equal("3.31.1", json.GetProperty("written_by_sqlite").GetString());
    }

    [Fact]
    public void a_database_tradebook_writes_records_the_bundled_engine_in_its_header()
    {
        Assert.Equal(0, _workspace.Run("init").ExitCode);

        var json = _workspace.Run("doctor", "--json").Json();

        Assert.Equal(SqliteFile.EngineVersion(), json.GetProperty("written_by_sqlite").GetString());
    }

    [Fact]
    public void a_folder_scan_names_the_engine_and_for_each_legacy_file_the_sqlite_that_last_wrote_it()
    {
        var old = Path.Combine(_workspace.Folder, "bot", "old.sqlite");
        var newer = Path.Combine(_workspace.Folder, "bot", "newer.sqlite");
        Directory.CreateDirectory(Path.GetDirectoryName(old)!);
        foreach (var path in new[] { old, newer })
        {
            SqliteBootstrap.EnsureInitialized();
            using var connection = new SqliteConnection($"Data Source={path};Pooling=False");
            connection.Open();
            using var command = connection.CreateCommand();
            command.CommandText = "CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT); INSERT INTO notes (body) VALUES ('x');";
            command.ExecuteNonQuery();
        }

        SqliteFile.MarkWrittenBy(old, 3_027_002);
        SqliteFile.MarkWrittenBy(newer, 3_040_001);

        var human = Run("doctor", Path.Combine(_workspace.Folder, "bot"));
        var json = Run("doctor", Path.Combine(_workspace.Folder, "bot"), "--json").Json();

        Assert.Contains($"on SQLite {SqliteFile.EngineVersion()} (writes schema version {ShippedSchemaVersion})", human.Out, StringComparison.Ordinal);
        Assert.Contains(human.Out.Split('\n'), l => l.Contains("old.sqlite", StringComparison.Ordinal) && l.Contains("written by SQLite 3.27.2", StringComparison.Ordinal));
        Assert.Contains(human.Out.Split('\n'), l => l.Contains("newer.sqlite", StringComparison.Ordinal) && l.Contains("written by SQLite 3.40.1", StringComparison.Ordinal));

        Assert.Equal(SqliteFile.EngineVersion(), json.GetProperty("versions").GetProperty("sqlite").GetString());
        Assert.Equal(ShippedSchemaVersion, json.GetProperty("versions").GetProperty("schema_version").GetInt32());
        var databases = json.GetProperty("databases").EnumerateArray().ToDictionary(d => d.GetProperty("relative_path").GetString()!);
        Assert.Equal(("3.27.2", 3_027_002), Written(databases["old.sqlite"]));
        Assert.Equal(("3.40.1", 3_040_001), Written(databases["newer.sqlite"]));
    }

    private static (string?, int) Written(JsonElement database) =>
        (database.GetProperty("written_by_sqlite").GetString(), database.GetProperty("written_by_sqlite_number").GetInt32());
}
