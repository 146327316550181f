using Microsoft.Data.Sqlite;
using Tradebook.Cli.Tests.Support;
using Tradebook.Storage.Sqlite;

namespace Tradebook.Cli.Tests;

/// <summary>
/// A database that is not Tradebook's is never changed, not even its journal mode; a path that does not
/// exist is never created by a command that does not create databases; a damaged migration history is
/// reported, not a crash.
/// </summary>
public sealed class ForeignAndMissingDatabaseTests : IDisposable
{
    private readonly TempWorkspace _workspace = new();

    public void Dispose() => _workspace.Dispose();

    /// <summary>Another program's database: one table, rollback journal, as most programs leave theirs.</summary>
    private string ForeignDatabase()
    {
        SqliteBootstrap.EnsureInitialized();
        var path = Path.Combine(_workspace.Folder, "other-program.sqlite");
        using (var connection = new SqliteConnection($"Data Source={path};Pooling=False"))
        {
            connection.Open();
            using var create = connection.CreateCommand();
            create.CommandText = "PRAGMA journal_mode = DELETE; CREATE TABLE notes (id INTEGER PRIMARY KEY, text TEXT); INSERT INTO notes (text) VALUES ('mine');";
            create.ExecuteNonQuery();
        }

        return path;
    }

    private static string JournalMode(string path)
    {
        SqliteConnection.ClearAllPools();
        using var connection = new SqliteConnection($"Data Source={path};Mode=ReadOnly;Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA journal_mode";
        return (string)command.ExecuteScalar()!;
    }

    public static TheoryData<string[]> CommandsOnAForeignDatabase => new()
    {
        new[] { "init" },
        new[] { "migrate" },
        new[] { "migrate", "status" },
        new[] { "migrate", "validate" },
        new[] { "migrate", "drift" },
        new[] { "pnl" },
        new[] { "positions" },
        new[] { "trades" },
        new[] { "bots", "list" },
        new[] { "bots", "add", "alpha", "--mode", "paper" },
        new[] { "doctor" },
        new[] { "import", "--list" },
    };

    [Theory]
    [MemberData(nameof(CommandsOnAForeignDatabase))]
    public void a_command_on_another_programs_database_changes_nothing_not_even_its_journal_mode(string[] args)
    {
        var foreign = ForeignDatabase();
        var before = File.ReadAllBytes(foreign);

        var result = TempWorkspace.RunOn(foreign, args);

        SqliteConnection.ClearAllPools();
        Assert.Equal(before, File.ReadAllBytes(foreign));
        Assert.False(File.Exists(foreign + "-wal"), result.ToString());
        Assert.False(File.Exists(foreign + "-writers"), result.ToString());
        Assert.Equal("delete", JournalMode(foreign));
        Assert.Equal(["notes"], SqliteFile.Tables(foreign));
    }

    [Fact]
    public void init_refuses_another_programs_database_with_one_error_line()
    {
        var foreign = ForeignDatabase();

        var result = TempWorkspace.RunOn(foreign, "init");

        Assert.Equal(ExitCodes.Schema, result.ExitCode);
        var error = Assert.Single(result.Error.Split('\n', StringSplitOptions.RemoveEmptyEntries), l => l.StartsWith("error: ", StringComparison.Ordinal));
        Assert.Contains("notes", error, StringComparison.Ordinal);
        Assert.Contains("another program", error, StringComparison.Ordinal);
    }

    [Fact]
    public void a_refused_import_into_another_programs_database_leaves_it_in_its_journal_mode()
    {
        var foreign = ForeignDatabase();
        var source = Path.Combine(_workspace.Folder, "source.sqlite");
        File.Copy(Path.Combine(AppContext.BaseDirectory, "TestData", "samples", "real-dbs", "ronmegini__Trading-Bot__tradesv3.sqlite"), source);
        var before = File.ReadAllBytes(foreign);

        var result = TempWorkspace.RunOn(foreign, "import", source, "--no-backup");

        Assert.Equal(ExitCodes.Schema, result.ExitCode);
        SqliteConnection.ClearAllPools();
        Assert.Equal(before, File.ReadAllBytes(foreign));
        Assert.Equal("delete", JournalMode(foreign));
    }

    public static TheoryData<string[]> ReadingCommands => new()
    {
        new[] { "pnl" },
        new[] { "positions" },
        new[] { "trades" },
        new[] { "bots", "list" },
        new[] { "bots", "add", "alpha", "--mode", "paper" },
        new[] { "migrate", "validate" },
        new[] { "migrate", "drift" },
        new[] { "migrate", "down", "--to", "0" },
        new[] { "migrate", "baseline" },
        new[] { "import", "--list" },
        new[] { "import", "--rollback", "1" },
        new[] { "backup" },
        new[] { "record", "-" },
    };

    [Theory]
    [MemberData(nameof(ReadingCommands))]
    public void a_mistyped_path_is_never_created_by_a_command_that_does_not_create_databases(string[] args)
    {
        var missing = Path.Combine(_workspace.Folder, "typo", "deeper", "tradebook.db");

        var result = TempWorkspace.RunOn(missing, args);

        Assert.False(Directory.Exists(Path.Combine(_workspace.Folder, "typo")), result.ToString());
        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains("error: ", result.Error + result.Out, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("doctor")]
    [InlineData("migrate", "--dry-run")]
    [InlineData("migrate", "status")]
    public void a_check_or_a_dry_run_on_a_mistyped_path_reports_it_and_creates_nothing(params string[] args)
    {
        var missing = Path.Combine(_workspace.Folder, "typo", "deeper", "tradebook.db");

        var result = TempWorkspace.RunOn(missing, args);

        Assert.False(Directory.Exists(Path.Combine(_workspace.Folder, "typo")), result.ToString());
        Assert.Contains("does not exist", result.Out + result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void reading_a_missing_database_says_where_it_looked_and_how_to_create_one()
    {
        var missing = Path.Combine(_workspace.Folder, "typo", "tradebook.db");

        var result = TempWorkspace.RunOn(missing, "pnl");

        Assert.Equal(ExitCodes.Schema, result.ExitCode);
        Assert.Contains(missing, result.Error, StringComparison.Ordinal);
        Assert.Contains("tradebook init", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void init_still_creates_the_folder_and_the_database()
    {
        var fresh = Path.Combine(_workspace.Folder, "new", "place", "tradebook.db");

        Assert.Equal(0, TempWorkspace.RunOn(fresh, "init").ExitCode);
        Assert.True(File.Exists(fresh));
    }

    [Theory]
    [InlineData("migrate", "status")]
    [InlineData("migrate", "validate")]
    [InlineData("pnl")]
    [InlineData("doctor")]
    public void a_damaged_short_checksum_in_the_history_is_reported_not_a_crash(params string[] args)
    {
        Assert.Equal(0, _workspace.Run("init").ExitCode);
        SqliteConnection.ClearAllPools();
        using (var connection = new SqliteConnection($"Data Source={_workspace.DatabasePath};Pooling=False"))
        {
            connection.Open();
            using var tamper = connection.CreateCommand();
            tamper.CommandText = "UPDATE schema_migrations SET checksum = 'abc' WHERE version = 1";
            Assert.Equal(1, tamper.ExecuteNonQuery());
        }

        var result = _workspace.Run(args);

        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains("checksum abc in the database", result.Error + result.Out, StringComparison.Ordinal);
    }
}
