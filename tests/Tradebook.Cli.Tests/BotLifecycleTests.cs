using Microsoft.Data.Sqlite;
using Tradebook.Cli.Tests.Support;

namespace Tradebook.Cli.Tests;

/// <summary>
/// <c>tradebook bots pause|resume|archive|delete</c>: what the API could do to a bot and the CLI could not, and
/// a way to remove a bot that should never have been recorded (a test run pointed at the live database).
/// </summary>
public sealed class BotLifecycleTests : IDisposable
{
    private readonly TempWorkspace _workspace = new();

    public BotLifecycleTests()
    {
        Assert.Equal(0, _workspace.Run("init").ExitCode);
        foreach (var bot in new[] { "alpha", "beta" })
        {
            Assert.Equal(0, _workspace.Run("bots", "add", bot, "--mode", "paper").ExitCode);
            var fills = Fills.Lines(Fills.Line(bot, "f1", "BTC/USDT", "buy", 1, 100, minute: 1), Fills.Line(bot, "f2", "BTC/USDT", "sell", 1, 110, minute: 2));
            Assert.Equal(0, _workspace.Run("record", _workspace.WriteFile($"{bot}.jsonl", fills)).ExitCode);
        }
    }

    public void Dispose() => _workspace.Dispose();

    [Fact]
    public void pause_archive_and_resume_change_the_bots_state_and_an_unknown_bot_is_an_error()
    {
        Assert.Equal(0, _workspace.Run("bots", "pause", "alpha").ExitCode);
        Assert.Equal(1, Scalar("SELECT count(*) FROM bots WHERE name = 'alpha' AND paused_at IS NOT NULL"));
        Assert.Equal(0, _workspace.Run("bots", "archive", "alpha").ExitCode);
        Assert.Equal(1, Scalar("SELECT count(*) FROM bots WHERE name = 'alpha' AND archived_at IS NOT NULL"));

        var resumed = _workspace.Run("bots", "resume", "alpha");

        Assert.True(resumed.ExitCode == 0, resumed.ToString());
        Assert.Contains("Resumed bot 'alpha'", resumed.Out, StringComparison.Ordinal);
        Assert.Equal(1, Scalar("SELECT count(*) FROM bots WHERE name = 'alpha' AND paused_at IS NULL AND archived_at IS NULL"));
        Assert.Equal(1, _workspace.Run("bots", "pause", "alpah").ExitCode);
    }

    [Fact]
    public void delete_without_yes_says_what_it_would_remove_and_removes_nothing()
    {
        var result = _workspace.Run("bots", "delete", "alpha");

        Assert.Equal(2, result.ExitCode);
        var error = Assert.Single(result.Error.Split('\n', StringSplitOptions.RemoveEmptyEntries), l => l.StartsWith("error: ", StringComparison.Ordinal));
        Assert.Contains("2 fills", error, StringComparison.Ordinal);
        Assert.Contains("--yes", error, StringComparison.Ordinal);
        Assert.Equal(2, Scalar("SELECT count(*) FROM bots"));
        Assert.Equal(4, Scalar("SELECT count(*) FROM fills"));
    }

    [Fact]
    public void delete_with_yes_backs_up_then_removes_the_bot_and_keeps_the_others()
    {
        var result = _workspace.Run("bots", "delete", "alpha", "--yes");

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains("Deleted bot 'alpha': 2 fills", result.Out, StringComparison.Ordinal);
        Assert.Equal(0, Scalar("SELECT count(*) FROM fills f JOIN bots b ON b.id = f.bot_id WHERE b.name = 'alpha'"));
        Assert.Equal(0, Scalar("SELECT count(*) FROM bots WHERE name = 'alpha'"));
        Assert.Equal(2, Scalar("SELECT count(*) FROM fills"));
        var pnl = _workspace.Run("pnl", "--bot", "beta");
        Assert.Contains("10", pnl.Out, StringComparison.Ordinal);

        var backup = result.Out.Split('\n').Single(l => l.Contains("is kept in", StringComparison.Ordinal));
        var path = backup[(backup.IndexOf(" in ", StringComparison.Ordinal) + 4)..backup.IndexOf(" (", StringComparison.Ordinal)];
        Assert.Equal(4, Scalar("SELECT count(*) FROM fills", path));
    }

    private long Scalar(string sql, string? database = null)
    {
        using var connection = new SqliteConnection($"Data Source={database ?? _workspace.DatabasePath};Mode=ReadOnly;Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        return (long)command.ExecuteScalar()!;
    }
}
