using Tradebook.Core;
using Tradebook.Storage.Connection;

namespace Tradebook.Storage.Tests.Connection;

/// <summary>Every process finds the same database: --db, then TRADEBOOK_DB, then tradebook.json upward, then the per-user folder.</summary>
public sealed class DatabaseLocatorTests : IDisposable
{
    private readonly DirectoryInfo _root = Directory.CreateTempSubdirectory("tradebook-locator-");
    private readonly Dictionary<string, string> _environment = new(StringComparer.Ordinal);

    private string Work => Directory.CreateDirectory(Path.Combine(_root.FullName, "project", "bots", "alpha")).FullName;

    private DatabaseLocator Locator() => new(name => _environment.GetValueOrDefault(name), Work);

    public DatabaseLocatorTests() => _environment["HOME"] = Path.Combine(_root.FullName, "home");

    [Fact]
    public void the_db_option_wins_over_everything_else()
    {
        _environment[DatabaseLocator.EnvironmentVariable] = "/elsewhere/env.db";
        WriteConfig(Path.Combine(_root.FullName, "project"), "config.db");

        var target = Locator().Resolve("mine.db");

        Assert.Equal(Path.Combine(Work, "mine.db"), target.FilePath);
        Assert.Equal("--db option", target.Rule);
    }

    [Fact]
    public void the_environment_variable_wins_over_a_config_file()
    {
        _environment[DatabaseLocator.EnvironmentVariable] = "/elsewhere/env.db";
        WriteConfig(Path.Combine(_root.FullName, "project"), "config.db");

        Assert.Equal("/elsewhere/env.db", Locator().Resolve(null).FilePath);
    }

    [Fact]
    public void a_config_file_in_a_parent_folder_resolves_its_relative_path_against_its_own_folder()
    {
        var project = Path.Combine(_root.FullName, "project");
        WriteConfig(project, "data/ledger.db");

        var target = Locator().Resolve(null);

        Assert.Equal(Path.Combine(project, "data", "ledger.db"), target.FilePath);
        Assert.Contains("tradebook.json", target.Rule, StringComparison.Ordinal);
        // Started from another folder under the project, a process finds the same file.
        Assert.Equal(target.FilePath, new DatabaseLocator(name => _environment.GetValueOrDefault(name), project).Resolve(null).FilePath);
    }

    [Fact]
    public void without_any_setting_the_database_is_in_the_per_user_data_folder()
    {
        var target = Locator().Resolve(null);

        Assert.Equal(Path.Combine(_root.FullName, "home", ".local", "share", "tradebook", "tradebook.db"), target.FilePath);
        Assert.Equal(SqlEngine.Sqlite, target.Engine);
    }

    [Theory]
    [InlineData("postgres://ann:secret@db.example:6543/ledger")]
    [InlineData("postgresql://ann:secret@db.example:6543/ledger")]
    [InlineData("Host=db.example;Port=6543;Username=ann;Password=secret;Database=ledger")]
    public void a_postgres_connection_string_selects_postgres_and_hides_the_password(string value)
    {
        var target = Locator().Resolve(value);

        Assert.Equal(SqlEngine.Postgres, target.Engine);
        Assert.Null(target.FilePath);
        Assert.Equal("postgres://ann@db.example:6543/ledger", target.Display);
        Assert.DoesNotContain("secret", target.Display, StringComparison.Ordinal);
        Assert.Contains("secret", target.ConnectionString, StringComparison.Ordinal);
    }

    [Fact]
    public void a_config_file_without_a_database_setting_is_refused_with_its_path()
    {
        File.WriteAllText(Path.Combine(Work, DatabaseLocator.ConfigFileName), "{}");

        var error = Assert.Throws<TradebookException>(() => Locator().Resolve(null));

        Assert.Equal(ErrorCode.InvalidInput, error.Code);
        Assert.Contains(DatabaseLocator.ConfigFileName, error.Message, StringComparison.Ordinal);
    }

    public void Dispose() => _root.Delete(recursive: true);

    private static void WriteConfig(string folder, string database)
    {
        Directory.CreateDirectory(folder);
        File.WriteAllText(Path.Combine(folder, DatabaseLocator.ConfigFileName), $$"""{ "database": "{{database}}" }""");
    }
}
