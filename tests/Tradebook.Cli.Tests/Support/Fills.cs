using System.Globalization;

namespace Tradebook.Cli.Tests.Support;

/// <summary>Builds JSON Lines input for <c>tradebook record</c>.</summary>
public static class Fills
{
    public static string Line(string bot, string id, string symbol, string side, decimal qty, decimal price, decimal fee = 0m, int minute = 0) =>
        string.Create(CultureInfo.InvariantCulture, $$"""{"bot": "{{bot}}", "id": "{{id}}", "symbol": "{{symbol}}", "side": "{{side}}", "qty": {{qty}}, "price": {{price}}, "fee": {{fee}}, "ts": "2026-01-05T10:{{minute:00}}:00Z"}""");

    public static string Lines(params string[] lines) => string.Join('\n', lines) + "\n";
}
