using System.Text.Json;
using Tradebook.Cli.Tests.Support;

namespace Tradebook.Cli.Tests;

/// <summary>
/// <c>tradebook pnl</c>, <c>positions</c>, <c>bots list</c> and <c>trades</c> for a bot some of whose fills carry price 0: its
/// P&amp;L is "unknown" (null and a reason in JSON), never 0, and the bot is flagged; a bot with prices is untouched.
/// </summary>
public sealed class PnlUnknownTests : IDisposable
{
    private readonly TempWorkspace _workspace = new();

    public PnlUnknownTests()
    {
        Assert.Equal(0, _workspace.Run("init").ExitCode);
        Assert.Equal(0, _workspace.Run("bots", "add", "micro", "--mode", "live").ExitCode);
        Assert.Equal(0, _workspace.Run("bots", "add", "priced", "--mode", "live").ExitCode);
        var file = _workspace.WriteFile("fills.jsonl", Fills.Lines(
            Fills.Line("micro", "m1", "PEPE/USDT", "buy", 1_000_000m, 0m, minute: 1),
            Fills.Line("micro", "m2", "PEPE/USDT", "sell", 1_000_000m, 0m, minute: 2),
            Fills.Line("priced", "p1", "BTC/USDT", "buy", 1m, 100m, minute: 3),
            Fills.Line("priced", "p2", "BTC/USDT", "sell", 1m, 120m, fee: 1m, minute: 4)));
        var record = _workspace.Run("record", file);
        Assert.True(record.ExitCode == 0, record.ToString());
    }

    public void Dispose() => _workspace.Dispose();

    private CliResult Run(params string[] args)
    {
        var result = _workspace.Run(args);
        Assert.True(result.ExitCode == 0, result.ToString());
        return result;
    }

    private static JsonElement LineOf(JsonElement pnl, string bot) => pnl.GetProperty("lines").EnumerateArray().Single(l => l.GetProperty("bot").GetString() == bot);

    [Fact]
    public void pnl_json_gives_null_and_the_reason_for_the_unpriced_bot_and_its_total()
    {
        var pnl = Run("pnl", "--json").Json();

        var micro = LineOf(pnl, "micro");
        foreach (var figure in new[] { "realized_pnl", "unrealized_pnl", "fees", "avg_entry_price", "cost_basis", "wins", "win_rate" })
        {
            Assert.True(micro.GetProperty(figure).ValueKind == JsonValueKind.Null, $"{figure}: {micro.GetProperty(figure)}");
        }

        var reason = micro.GetProperty("pnl_unknown");
        Assert.Equal(("unpriced_fills", 2), (reason.GetProperty("reason").GetString(), reason.GetProperty("fills").GetInt32()));
        Assert.Contains("price 0", reason.GetProperty("message").GetString(), StringComparison.Ordinal);
        Assert.Equal(1, micro.GetProperty("trades").GetInt32());

        var total = Assert.Single(pnl.GetProperty("totals").EnumerateArray());
        Assert.Equal(JsonValueKind.Null, total.GetProperty("realized_pnl").ValueKind);
    }

    [Fact]
    public void pnl_json_keeps_every_figure_of_a_bot_with_prices()
    {
        var priced = LineOf(Run("pnl", "--json").Json(), "priced");

        Assert.Equal((19m, 1m, 1, 1m), (priced.GetProperty("realized_pnl").GetDecimal(), priced.GetProperty("fees").GetDecimal(), priced.GetProperty("wins").GetInt32(), priced.GetProperty("win_rate").GetDecimal()));
        Assert.Equal(JsonValueKind.Null, priced.GetProperty("pnl_unknown").ValueKind);
    }

    [Fact]
    public void pnl_shows_unknown_and_the_reason_never_0_for_the_unpriced_bot()
    {
        var lines = Run("pnl").Out.Split('\n');

        var micro = Assert.Single(lines, l => l.Contains("micro", StringComparison.Ordinal) && l.Contains("PEPE/USDT", StringComparison.Ordinal) && !l.Contains("P&L unknown", StringComparison.Ordinal));
        Assert.Equal(6, micro.Split("unknown").Length - 1);
        Assert.Contains(lines, l => l.StartsWith("micro PEPE/USDT: P&L unknown: 2 fills at price 0", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.Contains("TOTAL", StringComparison.Ordinal) && l.Contains("unknown", StringComparison.Ordinal));
        Assert.DoesNotContain("unknown", Assert.Single(lines, l => l.Contains("priced", StringComparison.Ordinal)), StringComparison.Ordinal);
    }

    [Fact]
    public void bots_list_flags_the_unpriced_bot_in_json_and_in_words()
    {
        var bots = Run("bots", "list", "--json").Json().EnumerateArray().ToDictionary(b => b.GetProperty("name").GetString()!);

        var flag = bots["micro"].GetProperty("pnl_unknown");
        Assert.Equal(["PEPE/USDT"], flag.GetProperty("products").EnumerateArray().Select(p => p.GetString()));
        Assert.Equal(2, flag.GetProperty("reason").GetProperty("fills").GetInt32());
        Assert.Equal(JsonValueKind.Null, bots["priced"].GetProperty("pnl_unknown").ValueKind);

        var text = Run("bots", "list").Out;
        Assert.Contains("micro: P&L unknown for PEPE/USDT: 2 fills at price 0", text, StringComparison.Ordinal);
        Assert.DoesNotContain("priced:", text, StringComparison.Ordinal);
    }

    [Fact]
    public void positions_show_an_unpriced_open_position_as_unknown()
    {
        var buy = _workspace.WriteFile("open.jsonl", Fills.Lines(Fills.Line("micro", "m3", "PEPE/USDT", "buy", 500m, 0m, minute: 5)));
        Run("record", buy);

        var position = Assert.Single(Run("positions", "--json", "--mark", "PEPE/USDT=0.00001").Json().EnumerateArray());
        Assert.Equal(JsonValueKind.Null, position.GetProperty("unrealized_pnl").ValueKind);
        Assert.Equal(JsonValueKind.Null, position.GetProperty("cost_basis").ValueKind);
        Assert.Equal(3, position.GetProperty("pnl_unknown").GetProperty("fills").GetInt32());
        Assert.Contains("micro PEPE/USDT: P&L unknown", Run("positions", "--mark", "PEPE/USDT=0.00001").Out, StringComparison.Ordinal);
    }

    [Fact]
    public void trades_json_gives_null_pnl_and_fees_and_the_reason_for_a_round_trip_of_the_unpriced_product()
    {
        var trades = Run("trades", "--json").Json().EnumerateArray().ToDictionary(t => t.GetProperty("bot").GetString()!);

        var micro = trades["micro"];
        Assert.Equal((JsonValueKind.Null, JsonValueKind.Null), (micro.GetProperty("realized_pnl").ValueKind, micro.GetProperty("fees").ValueKind));
        Assert.Equal(("unpriced_fills", 2), (micro.GetProperty("pnl_unknown").GetProperty("reason").GetString(), micro.GetProperty("pnl_unknown").GetProperty("fills").GetInt32()));
        Assert.Equal(2, micro.GetProperty("fills").GetInt32());

        var priced = trades["priced"];
        Assert.Equal((19m, 1m, JsonValueKind.Null), (priced.GetProperty("realized_pnl").GetDecimal(), priced.GetProperty("fees").GetDecimal(), priced.GetProperty("pnl_unknown").ValueKind));
    }

    [Fact]
    public void trades_shows_unknown_and_the_reason_never_0_for_a_round_trip_of_the_unpriced_product()
    {
        var lines = Run("trades").Out.Split('\n');

        var micro = Assert.Single(lines, l => l.Contains("micro", StringComparison.Ordinal) && l.Contains("PEPE/USDT", StringComparison.Ordinal) && !l.Contains("P&L unknown", StringComparison.Ordinal));
        Assert.Equal(2, micro.Split("unknown").Length - 1);
        Assert.Contains(lines, l => l.StartsWith("micro PEPE/USDT: P&L unknown: 2 fills at price 0", StringComparison.Ordinal));
        Assert.DoesNotContain("unknown", Assert.Single(lines, l => l.Contains("priced", StringComparison.Ordinal)), StringComparison.Ordinal);
    }
}
