using System.Text.Json;
using Tradebook.Cli.Tests.Support;

namespace Tradebook.Cli.Tests;

/// <summary>
/// Rows of <c>tradebook pnl</c> that add up different products show only what adds up: P&amp;L, fees, trades and
/// wins. Positions, average entries and cost bases of BTC and ETH do not add up.
/// </summary>
public sealed class PnlCrossProductTests : IDisposable
{
    private readonly TempWorkspace _workspace = new();

    public PnlCrossProductTests()
    {
        Assert.Equal(0, _workspace.Run("init").ExitCode);
        Assert.Equal(0, _workspace.Run("bots", "add", "spread", "--mode", "live").ExitCode);
        Assert.Equal(0, _workspace.Run("bots", "add", "solo", "--mode", "live").ExitCode);
        var file = _workspace.WriteFile("fills.jsonl", Fills.Lines(
            Fills.Line("spread", "s1", "BTC/USDT", "buy", 0.045m, 60000, minute: 1),
            Fills.Line("spread", "s2", "ETH/USDT", "buy", 1.01m, 3000, minute: 2),
            Fills.Line("spread", "s3", "ETH/USDT", "buy", 1, 3100, minute: 3),
            Fills.Line("spread", "s4", "ETH/USDT", "sell", 1, 3200, fee: 1, minute: 4),
            Fills.Line("solo", "o1", "BTC/USDT", "buy", 0.01m, 61000, minute: 5)));
        var record = _workspace.Run("record", file);
        Assert.True(record.ExitCode == 0, record.ToString());
    }

    public void Dispose() => _workspace.Dispose();

    private JsonElement Pnl(params string[] args)
    {
        var result = _workspace.Run(["pnl", "--json", .. args]);
        Assert.True(result.ExitCode == 0, result.ToString());
        return result.Json();
    }

    [Fact]
    public void the_total_of_several_products_adds_pnl_fees_and_trades_but_no_position()
    {
        var pnl = Pnl("--mark", "BTC/USDT=60000", "--mark", "ETH/USDT=3000");

        var total = Assert.Single(pnl.GetProperty("totals").EnumerateArray());
        Assert.Equal(JsonValueKind.Null, total.GetProperty("position_qty").ValueKind);
        Assert.Equal(JsonValueKind.Null, total.GetProperty("avg_entry_price").ValueKind);
        Assert.Equal(JsonValueKind.Null, total.GetProperty("cost_basis").ValueKind);
        var lines = pnl.GetProperty("lines").EnumerateArray().ToList();
        Assert.Equal(lines.Sum(l => l.GetProperty("realized_pnl").GetDecimal()), total.GetProperty("realized_pnl").GetDecimal());
        Assert.Equal(lines.Sum(l => l.GetProperty("fees").GetDecimal()), total.GetProperty("fees").GetDecimal());
        Assert.Equal(lines.Sum(l => l.GetProperty("trades").GetInt32()), total.GetProperty("trades").GetInt32());

        // One product per line: each keeps its position.
        Assert.All(lines, l => Assert.Equal(JsonValueKind.Number, l.GetProperty("position_qty").ValueKind));
    }

    [Fact]
    public void a_bot_of_several_products_has_no_position_and_a_bot_of_one_keeps_it()
    {
        var pnl = Pnl("--by", "bot");

        var lines = pnl.GetProperty("lines").EnumerateArray().ToDictionary(l => l.GetProperty("bot").GetString()!);
        Assert.Equal(JsonValueKind.Null, lines["spread"].GetProperty("position_qty").ValueKind);
        Assert.Equal(JsonValueKind.Null, lines["spread"].GetProperty("cost_basis").ValueKind);
        Assert.Equal(0.01m, lines["solo"].GetProperty("position_qty").GetDecimal());
        Assert.Equal(61000m, lines["solo"].GetProperty("avg_entry_price").GetDecimal());
    }

    [Fact]
    public void the_total_of_one_product_across_bots_is_still_a_position()
    {
        var pnl = Pnl("--bot", "solo");

        var total = Assert.Single(pnl.GetProperty("totals").EnumerateArray());
        Assert.Equal(0.01m, total.GetProperty("position_qty").GetDecimal());
    }

    [Fact]
    public void the_table_leaves_the_cells_empty_and_says_why()
    {
        var result = _workspace.Run("pnl");

        Assert.True(result.ExitCode == 0, result.ToString());
        var total = Assert.Single(result.Out.Split('\n'), l => l.Contains("TOTAL", StringComparison.Ordinal));
        Assert.DoesNotContain("1.065", total, StringComparison.Ordinal);
        Assert.DoesNotContain("0.055", total, StringComparison.Ordinal);
        Assert.Contains("show no position, average entry or cost basis", result.Out, StringComparison.Ordinal);
    }
}
