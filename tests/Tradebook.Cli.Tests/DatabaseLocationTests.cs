using Tradebook.Cli.Tests.Support;
using Tradebook.Core;
using Tradebook.Storage.Connection;

namespace Tradebook.Cli.Tests;

/// <summary>
/// Which database a command uses: --db, then TRADEBOOK_DB, then tradebook.json (working directory and
/// its parents, then the user's config folder), then the per-user data folder. The locator is given a
/// fake environment so that no test changes the process's variables or reads the real home folder.
/// </summary>
public sealed class DatabaseLocationTests : IDisposable
{
    private readonly TempWorkspace _workspace = new();
    private readonly Dictionary<string, string> _environment = [];

    public DatabaseLocationTests()
    {
        Home = Directory.CreateDirectory(Path.Combine(_workspace.Folder, "home")).FullName;
        Project = Directory.CreateDirectory(Path.Combine(_workspace.Folder, "project", "bots", "alpha")).FullName;
        _environment["HOME"] = Home;
    }

    private string Home { get; }

    private string Project { get; }

    public void Dispose() => _workspace.Dispose();

    private DatabaseTarget Resolve(string? db = null, string? workingDirectory = null) =>
        new DatabaseLocator(name => _environment.GetValueOrDefault(name), workingDirectory ?? Project).Resolve(db);

    private void WriteConfig(string folder, string database) =>
        File.WriteAllText(Path.Combine(folder, DatabaseLocator.ConfigFileName), $$"""{ "database": "{{database}}" }""");

    [Fact]
    public void the_db_option_wins_over_everything()
    {
        _environment[DatabaseLocator.EnvironmentVariable] = Path.Combine(_workspace.Folder, "env.db");
        WriteConfig(Project, "config.db");

        var target = Resolve(Path.Combine(_workspace.Folder, "option.db"));

        Assert.Equal(Path.Combine(_workspace.Folder, "option.db"), target.FilePath);
        Assert.Equal("--db option", target.Rule);
        Assert.Equal(SqlEngine.Sqlite, target.Engine);
    }

    [Fact]
    public void the_environment_variable_wins_over_a_config_file_and_resolves_against_the_working_directory()
    {
        _environment[DatabaseLocator.EnvironmentVariable] = "relative/env.db";
        WriteConfig(Project, "config.db");

        var target = Resolve();

        Assert.Equal(Path.Combine(Project, "relative", "env.db"), target.FilePath);
        Assert.Contains(DatabaseLocator.EnvironmentVariable, target.Rule, StringComparison.Ordinal);
    }

    [Fact]
    public void a_config_file_in_a_parent_folder_resolves_relative_to_itself_not_the_working_directory()
    {
        var root = Path.Combine(_workspace.Folder, "project");
        WriteConfig(root, "data/tradebook.db");

        var fromDeep = Resolve();
        var fromRoot = Resolve(workingDirectory: root);

        Assert.Equal(Path.Combine(root, "data", "tradebook.db"), fromDeep.FilePath);
        Assert.Equal(fromDeep.FilePath, fromRoot.FilePath);
        Assert.Contains(Path.Combine(root, DatabaseLocator.ConfigFileName), fromDeep.Rule, StringComparison.Ordinal);
    }

    [Fact]
    public void the_nearest_config_file_wins()
    {
        WriteConfig(Path.Combine(_workspace.Folder, "project"), "outer.db");
        WriteConfig(Project, "inner.db");

        Assert.Equal(Path.Combine(Project, "inner.db"), Resolve().FilePath);
    }

    [Fact]
    public void the_user_config_folder_is_read_after_the_working_directory_chain()
    {
        var config = Directory.CreateDirectory(Path.Combine(_workspace.Folder, "xdg-config", "tradebook")).FullName;
        _environment["XDG_CONFIG_HOME"] = Path.Combine(_workspace.Folder, "xdg-config");
        WriteConfig(config, "user.db");

        Assert.Equal(Path.Combine(config, "user.db"), Resolve().FilePath);
    }

    [Fact]
    public void without_any_setting_the_per_user_data_folder_is_used()
    {
        var target = Resolve();
        Assert.Equal(Path.Combine(Home, ".local", "share", "tradebook", "tradebook.db"), target.FilePath);
        Assert.StartsWith("per-user data folder", target.Rule, StringComparison.Ordinal);

        _environment["XDG_DATA_HOME"] = Path.Combine(_workspace.Folder, "xdg-data");
        Assert.Equal(Path.Combine(_workspace.Folder, "xdg-data", "tradebook", "tradebook.db"), Resolve().FilePath);
    }

    [Fact]
    public void a_config_file_without_a_database_setting_is_an_error_naming_the_file()
    {
        File.WriteAllText(Path.Combine(Project, DatabaseLocator.ConfigFileName), """{ "db": "x.db" }""");

        var error = Assert.Throws<TradebookException>(() => Resolve());

        Assert.Equal(ErrorCode.InvalidInput, error.Code);
        Assert.Contains(Path.Combine(Project, DatabaseLocator.ConfigFileName), error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void a_config_file_that_is_not_json_is_an_error()
    {
        File.WriteAllText(Path.Combine(Project, DatabaseLocator.ConfigFileName), "database = x.db");

        Assert.Equal(ErrorCode.InvalidInput, Assert.Throws<TradebookException>(() => Resolve()).Code);
    }

    [Fact]
    public void a_postgres_url_selects_postgres_and_hides_the_password()
    {
        var target = Resolve("postgres://trader:secret@db.example:5432/tradebook");

        Assert.Equal(SqlEngine.Postgres, target.Engine);
        Assert.Null(target.FilePath);
        Assert.DoesNotContain("secret", target.Display, StringComparison.Ordinal);
    }

    [Fact]
    public void every_command_states_the_database_and_the_rule_on_stderr()
    {
        var result = _workspace.Run("init", "--json");

        Assert.Equal(0, result.ExitCode);
        Assert.Contains($"database: {_workspace.DatabasePath} (sqlite, from --db option)", result.Error, StringComparison.Ordinal);
        Assert.Equal(_workspace.DatabasePath, result.Json().GetProperty("database").GetString());
        Assert.True(File.Exists(_workspace.DatabasePath));
    }

    [Theory]
    [InlineData("[]")]
    [InlineData("\"data/tradebook.db\"")]
    [InlineData("null")]
    public void a_config_file_that_is_not_an_object_is_an_error_naming_the_file(string json)
    {
        File.WriteAllText(Path.Combine(Project, DatabaseLocator.ConfigFileName), json);

        var error = Assert.Throws<TradebookException>(() => Resolve());

        Assert.Equal(ErrorCode.InvalidInput, error.Code);
        Assert.Contains(Path.Combine(Project, DatabaseLocator.ConfigFileName), error.Message, StringComparison.Ordinal);
        Assert.Contains("expected an object", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void an_unknown_config_setting_is_refused_naming_the_nearest()
    {
        File.WriteAllText(Path.Combine(Project, DatabaseLocator.ConfigFileName), """{ "database": "x.db", "databse_timeout": 5 }""");

        var error = Assert.Throws<TradebookException>(() => Resolve());

        Assert.Contains("unknown setting \"databse_timeout\"", error.Message, StringComparison.Ordinal);
        Assert.Contains("did you mean \"database\"", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void a_config_setting_given_twice_is_refused()
    {
        File.WriteAllText(Path.Combine(Project, DatabaseLocator.ConfigFileName), """{ "database": "a.db", "database": "b.db" }""");

        Assert.Contains("given twice", Assert.Throws<TradebookException>(() => Resolve()).Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    public void an_empty_db_option_is_an_error_not_the_per_user_database(string db)
    {
        var error = Assert.Throws<TradebookException>(() => Resolve(db));

        Assert.Equal(ErrorCode.InvalidInput, error.Code);
        Assert.Contains("--db is empty", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("")]
    [InlineData(" ")]
    public void an_empty_tradebook_db_variable_is_an_error_not_the_next_rule(string value)
    {
        WriteConfig(Project, "config.db");
        _environment[DatabaseLocator.EnvironmentVariable] = value;

        Assert.Contains("TRADEBOOK_DB is set but empty", Assert.Throws<TradebookException>(() => Resolve()).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void an_empty_db_option_on_the_command_line_is_one_error_line()
    {
        using var output = new StringWriter();
        using var error = new StringWriter();

        var exit = TradebookCli.Run(["pnl", "--db", ""], output, error);

        Assert.Equal(ExitCodes.Usage, exit);
        Assert.StartsWith("error: --db is empty", error.ToString(), StringComparison.Ordinal);
    }

    // Found by ConfigFileFuzzTests: these crashed the process (an unhandled ArgumentException, exit 134).
    [Theory]
    [InlineData("Host=127.0.0.1;Port=notaport;Username=u", "port")]
    [InlineData("Host=;Database=", "host")]
    [InlineData("Host=h;Nonsense=1", "nonsense")]
    [InlineData("postgres://", "postgres://")]
    [InlineData("postgres://u@h/db?sslmode=bogus", "sslmode")]
    [InlineData("a\\u0000b.db", "NUL")]
    public void a_database_that_cannot_be_named_is_one_error_from_a_config_file_and_from_db(string database, string named)
    {
        File.WriteAllText(Path.Combine(Project, DatabaseLocator.ConfigFileName), $$"""{ "database": "{{database}}" }""");
        var value = System.Text.Json.JsonSerializer.Deserialize<string>($"\"{database}\"")!;

        foreach (var resolve in new Func<DatabaseTarget>[] { () => Resolve(), () => Resolve(value) })
        {
            var error = Assert.Throws<TradebookException>(resolve);

            Assert.Equal(ErrorCode.InvalidInput, error.Code);
            Assert.Contains(named, error.Message, StringComparison.OrdinalIgnoreCase);
            Assert.DoesNotContain('\n', error.Message);
        }

        using var output = new StringWriter();
        using var stderr = new StringWriter();
        Assert.Equal(ExitCodes.Usage, TradebookCli.Run(["bots", "list", "--db", value], output, stderr));
        Assert.Single(stderr.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries), l => l.StartsWith("error: ", StringComparison.Ordinal));
    }
}
