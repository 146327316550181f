using System.Globalization;

namespace Tradebook.Cli.Tests.Support;

/// <summary>Builds JSON Lines input for <c>tradebook record</c>.</summary>
public static class Fills
{
    public static string Line(string bot, string id, string symbol, string side, decimal qty, decimal price, decimal fee = 0m, int minute = 0) =>
        string.Create(CultureInfo.InvariantCulture, $$"""{"bot": "{{bot}}", "id": "{{id}}", "symbol": "{{symbol}}", "side": "{{side}}", "qty": {{qty}}, "price": {{price}}, "fee": {{fee}}, "ts": "2026-01-05T10:{{minute:00}}:00Z"}""");

    public static string Lines(params string[] lines) => string.Join('\n', lines) + "\n";

    /// <summary>
    /// A fresh database with bot "alpha" and 3,000 BTC/USDT fills over ten hours, a sell every third: enough
    /// table pages for a test to damage one in the middle.
    /// </summary>
    public static void RecordHistory(TempWorkspace workspace)
    {
        Assert.Equal(0, workspace.Run("init").ExitCode);
        Assert.Equal(0, workspace.Run("bots", "add", "alpha", "--mode", "paper").ExitCode);
        var lines = Enumerable.Range(0, 3000).Select(i => Line("alpha", $"f{i}", "BTC/USDT", i % 3 == 0 ? "sell" : "buy", 1, 100 + (i % 7), minute: i % 60).Replace("10:", $"{10 + (i / 60 % 10)}:", StringComparison.Ordinal));
        var recorded = workspace.Run("record", workspace.WriteFile("fills.jsonl", Lines([.. lines])));
        Assert.True(recorded.ExitCode == 0, recorded.ToString());
    }
}
