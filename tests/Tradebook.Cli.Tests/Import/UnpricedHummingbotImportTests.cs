using System.Text.Json;
using Tradebook.Cli.Tests.Support;

namespace Tradebook.Cli.Tests.Import;

/// <summary>
/// A hummingbot database that stored prices as integers × 10^6 and traded a coin worth less than 10^-6: every
/// price it holds is 0. After the import its bot's P&amp;L is unknown everywhere, never 0, and the bot is flagged.
/// The database is built here, in hummingbot's TradeFill layout.
/// </summary>
public sealed class UnpricedHummingbotImportTests : IDisposable
{
    private const string Bot = "hummingbot/pure_market_making@kucoin";

    private readonly TempWorkspace _workspace = new();

    public UnpricedHummingbotImportTests()
    {
        // 0.0000004 USDT truncated to 0 in an INTEGER column; amounts survive (× 10^6).
        var source = SqliteScript.Create(Path.Combine(_workspace.Folder, "conf_pure_mm.sqlite"), HummingbotTables.Create + """
            INSERT INTO "Order" VALUES ('buy-1', 'conf_pure_mm.yml', 'pure_market_making', 'kucoin', 'MICRO-USDT', 'MICRO', 'USDT', 1700000000000, 'LIMIT', 5000000000000, 1, 0, 'filled', 1700000000000, 'x1', NULL);
            INSERT INTO "Order" VALUES ('sell-1', 'conf_pure_mm.yml', 'pure_market_making', 'kucoin', 'MICRO-USDT', 'MICRO', 'USDT', 1700000060000, 'LIMIT', 2000000000000, 1, 0, 'filled', 1700000060000, 'x2', NULL);
            INSERT INTO "Order" VALUES ('sell-2', 'conf_pure_mm.yml', 'pure_market_making', 'kucoin', 'MICRO-USDT', 'MICRO', 'USDT', 1700000120000, 'LIMIT', 3000000000000, 1, 0, 'filled', 1700000120000, 'x3', NULL);
            INSERT INTO TradeFill VALUES ('conf_pure_mm.yml', 'pure_market_making', 'kucoin', 'MICRO-USDT', 'MICRO', 'USDT', 1700000000000, 'buy-1', 'BUY', 'LIMIT', 0, 5000000000000, 1, '{"percent": "0.001", "flat_fees": []}', 't1', NULL);
            INSERT INTO TradeFill VALUES ('conf_pure_mm.yml', 'pure_market_making', 'kucoin', 'MICRO-USDT', 'MICRO', 'USDT', 1700000060000, 'sell-1', 'SELL', 'LIMIT', 0, 2000000000000, 1, '{"percent": "0.001", "flat_fees": []}', 't2', NULL);
            INSERT INTO TradeFill VALUES ('conf_pure_mm.yml', 'pure_market_making', 'kucoin', 'MICRO-USDT', 'MICRO', 'USDT', 1700000120000, 'sell-2', 'SELL', 'LIMIT', 0, 3000000000000, 1, '{"percent": "0.001", "flat_fees": []}', 't3', NULL);
            """);
        Assert.Equal(0, _workspace.Run("init").ExitCode);
        var import = _workspace.Run("import", source, "--json", "--no-backup");
        Assert.True(import.ExitCode == 0, import.ToString());
    }

    public void Dispose() => _workspace.Dispose();

    private JsonElement Json(params string[] args)
    {
        var result = _workspace.Run([.. args, "--json"]);
        Assert.True(result.ExitCode == 0, result.ToString());
        return result.Json();
    }

    [Fact]
    public void its_pnl_is_unknown_with_the_count_of_unpriced_fills_not_0()
    {
        var line = Assert.Single(Json("pnl").GetProperty("lines").EnumerateArray());

        Assert.Equal(("MICRO/USDT", JsonValueKind.Null, JsonValueKind.Null), (line.GetProperty("product").GetString(), line.GetProperty("realized_pnl").ValueKind, line.GetProperty("fees").ValueKind));
        Assert.Equal(("unpriced_fills", 3), (line.GetProperty("pnl_unknown").GetProperty("reason").GetString(), line.GetProperty("pnl_unknown").GetProperty("fills").GetInt32()));
        Assert.Equal(1, line.GetProperty("trades").GetInt32());

        var byBot = Assert.Single(Json("pnl", "--by", "bot").GetProperty("lines").EnumerateArray());
        Assert.Equal((Bot, JsonValueKind.Null), (byBot.GetProperty("bot").GetString(), byBot.GetProperty("realized_pnl").ValueKind));
    }

    [Fact]
    public void the_bot_is_flagged()
    {
        var bot = Assert.Single(Json("bots", "list").EnumerateArray());

        Assert.Equal(Bot, bot.GetProperty("name").GetString());
        Assert.Equal(["MICRO/USDT"], bot.GetProperty("pnl_unknown").GetProperty("products").EnumerateArray().Select(p => p.GetString()));
        Assert.Contains("3 fills at price 0", bot.GetProperty("pnl_unknown").GetProperty("message").GetString(), StringComparison.Ordinal);
    }
}
