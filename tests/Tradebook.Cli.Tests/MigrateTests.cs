using Tradebook.Cli.Tests.Support;

namespace Tradebook.Cli.Tests;

/// <summary>The schema guard and <c>tradebook migrate</c> with its subcommands.</summary>
public sealed class MigrateTests : IDisposable
{
    private readonly TempWorkspace _workspace = new();

    public void Dispose() => _workspace.Dispose();

    [Theory]
    [InlineData("bots", "list")]
    [InlineData("bots", "add", "alpha", "--mode", "paper")]
    [InlineData("pnl")]
    [InlineData("positions")]
    [InlineData("trades")]
    public void commands_on_an_uninitialised_database_say_to_run_init(params string[] args)
    {
        var result = _workspace.Run(args);

        Assert.Equal(ExitCodes.Schema, result.ExitCode);
        Assert.Contains("error: ", result.Error, StringComparison.Ordinal);
        Assert.Contains("tradebook init", result.Error, StringComparison.Ordinal);
        Assert.Empty(SqliteFile.Tables(_workspace.DatabasePath));
    }

    [Fact]
    public void record_on_an_uninitialised_database_says_to_run_init()
    {
        var file = _workspace.WriteFile("f.jsonl", Fills.Lines(Fills.Line("alpha", "f1", "BTC/USDT", "buy", 1, 100)));

        var result = _workspace.Run("record", file);

        Assert.Equal(ExitCodes.Schema, result.ExitCode);
        Assert.Contains("tradebook init", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void migrate_dry_run_prints_the_sql_and_creates_no_tables()
    {
        var result = _workspace.Run("migrate", "--dry-run");

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains("CREATE TABLE", result.Out, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("Dry run: nothing was changed.", result.Out, StringComparison.Ordinal);
        Assert.Empty(SqliteFile.Tables(_workspace.DatabasePath));
        Assert.Equal(ExitCodes.Schema, _workspace.Run("bots", "list").ExitCode);
    }

    [Fact]
    public void migrate_status_json_shows_pending_then_applied()
    {
        var before = _workspace.Run("migrate", "status", "--json");
        Assert.True(before.ExitCode == 0, before.ToString());
        var pending = before.Json();
        Assert.Equal(0, pending.GetProperty("current_version").GetInt32());
        var latest = pending.GetProperty("latest_version").GetInt32();
        Assert.True(latest > 0);
        Assert.Equal(0, pending.GetProperty("applied").GetArrayLength());
        Assert.True(pending.GetProperty("pending").GetArrayLength() > 0);
        Assert.Equal(0, pending.GetProperty("problems").GetArrayLength());

        Assert.Equal(0, _workspace.Run("migrate").ExitCode);

        var after = _workspace.Run("migrate", "status", "--json").Json();
        Assert.Equal(latest, after.GetProperty("current_version").GetInt32());
        Assert.Equal(0, after.GetProperty("pending").GetArrayLength());
        Assert.Equal(pending.GetProperty("pending").GetArrayLength(), after.GetProperty("applied").GetArrayLength());
    }

    [Fact]
    public void migrate_down_to_0_removes_the_schema_and_migrate_brings_it_back()
    {
        Assert.Equal(0, _workspace.Run("init").ExitCode);
        var tables = SqliteFile.Tables(_workspace.DatabasePath);
        Assert.Contains(tables, t => t.Contains("fill", StringComparison.OrdinalIgnoreCase));

        var down = _workspace.Run("migrate", "down", "--to", "0");
        Assert.True(down.ExitCode == 0, down.ToString());
        Assert.Equal(0, _workspace.Run("migrate", "status", "--json").Json().GetProperty("current_version").GetInt32());
        Assert.DoesNotContain(SqliteFile.Tables(_workspace.DatabasePath), t => t.Contains("fill", StringComparison.OrdinalIgnoreCase));
        Assert.Equal(ExitCodes.Schema, _workspace.Run("bots", "list").ExitCode);

        var up = _workspace.Run("migrate");
        Assert.True(up.ExitCode == 0, up.ToString());
        Assert.Equal(tables, SqliteFile.Tables(_workspace.DatabasePath));
        Assert.Equal(0, _workspace.Run("bots", "add", "alpha", "--mode", "paper").ExitCode);
        Assert.Equal(0, _workspace.Run("migrate", "drift").ExitCode);
    }

    [Fact]
    public void migrate_validate_is_ok_on_an_initialised_database()
    {
        Assert.Equal(0, _workspace.Run("init").ExitCode);

        var result = _workspace.Run("migrate", "validate", "--json");

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.True(result.Json().GetProperty("valid").GetBoolean());
        Assert.Equal(0, result.Json().GetProperty("problems").GetArrayLength());
    }

    [Fact]
    public void init_twice_applies_nothing_the_second_time()
    {
        var first = _workspace.Run("init", "--json");
        Assert.True(first.ExitCode == 0, first.ToString());
        Assert.True(first.Json().GetProperty("applied").GetArrayLength() > 0);

        var second = _workspace.Run("init", "--json");
        Assert.Equal(0, second.ExitCode);
        Assert.Equal(0, second.Json().GetProperty("applied").GetArrayLength());
        Assert.Equal(first.Json().GetProperty("version").GetInt32(), second.Json().GetProperty("version").GetInt32());
    }

    [Fact]
    public void an_unknown_command_is_a_usage_error()
    {
        var result = _workspace.Run("frobnicate");

        Assert.Equal(ExitCodes.Usage, result.ExitCode);
        Assert.StartsWith("error: ", result.Error, StringComparison.Ordinal);
    }
}
