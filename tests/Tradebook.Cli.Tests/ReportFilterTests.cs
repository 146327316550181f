using Tradebook.Cli.Tests.Support;

namespace Tradebook.Cli.Tests;

/// <summary>
/// The reports filtered by a bot that does not exist: an error that names it and how to list the bots, not an
/// empty table that reads as "this bot has done nothing" (a typo in a script's bot name went unnoticed).
/// </summary>
public sealed class ReportFilterTests : IDisposable
{
    private readonly TempWorkspace _workspace = new();

    public ReportFilterTests()
    {
        Assert.Equal(0, _workspace.Run("init").ExitCode);
        Assert.Equal(0, _workspace.Run("bots", "add", "alpha", "--mode", "paper").ExitCode);
        Assert.Equal(0, _workspace.Run("record", _workspace.WriteFile("fills.jsonl", Fills.Lines(Fills.Line("alpha", "f1", "BTC/USDT", "buy", 1, 100, minute: 1)))).ExitCode);
    }

    public void Dispose() => _workspace.Dispose();

    [Theory]
    [InlineData("pnl")]
    [InlineData("positions")]
    [InlineData("trades")]
    public void a_report_of_a_bot_that_does_not_exist_is_an_error_naming_it(string report)
    {
        var result = _workspace.Run(report, "--bot", "alpah");

        Assert.Equal(1, result.ExitCode);
        Assert.Equal(string.Empty, result.Out);
        var error = Assert.Single(result.Error.Split('\n', StringSplitOptions.RemoveEmptyEntries), l => l.StartsWith("error: ", StringComparison.Ordinal));
        Assert.Contains("'alpah'", error, StringComparison.Ordinal);
        Assert.Contains("tradebook bots list", error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("pnl")]
    [InlineData("positions")]
    [InlineData("trades")]
    public void a_report_of_a_bot_that_exists_answers_its_rows(string report)
    {
        var result = _workspace.Run(report, "--bot", "alpha");

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains("BTC/USDT", result.Out, StringComparison.Ordinal);
    }
}
