using Tradebook.Cli.Tests.Support;

namespace Tradebook.Cli.Tests;

/// <summary><c>tradebook bots set-dust</c>, and the dust shown by <c>positions</c> and <c>pnl --json</c>.</summary>
public sealed class DustTests : IDisposable
{
    private readonly TempWorkspace _workspace = new();

    public void Dispose() => _workspace.Dispose();

    /// <summary>100 DOGE bought @ 10 with the 0.1 DOGE fee kept by the exchange; the 99 whole coins sold @ 11.</summary>
    private void FeeInCoinRoundTrip()
    {
        Assert.Equal(0, _workspace.Run("init").ExitCode);
        Assert.Equal(0, _workspace.Run("bots", "add", "alpha", "--mode", "paper").ExitCode);
        var file = _workspace.WriteFile("fills.jsonl", Fills.Lines(
            """{"bot": "alpha", "id": "b", "symbol": "DOGE/USDT", "side": "buy", "qty": "99.9", "price": 10, "fee": "0.1", "fee_currency": "DOGE", "ts": "2026-01-01T00:00:01Z"}""",
            """{"bot": "alpha", "id": "s", "symbol": "DOGE/USDT", "side": "sell", "qty": 99, "price": 11, "ts": "2026-01-01T00:00:02Z"}"""));
        Assert.Equal(0, _workspace.Run("record", file).ExitCode);
    }

    private System.Text.Json.JsonElement Line() => _workspace.Run("pnl", "--json").Json().GetProperty("lines").EnumerateArray().Single();

    [Fact]
    public void set_dust_with_a_symbol_sets_its_amount_step_and_the_leftover_becomes_dust_at_once()
    {
        FeeInCoinRoundTrip();
        Assert.Equal((0.9m, 0m, 0), (Line().GetProperty("position_qty").GetDecimal(), Line().GetProperty("dust").GetDecimal(), Line().GetProperty("trades").GetInt32()));

        var set = _workspace.Run("bots", "set-dust", "alpha", "1", "--symbol", "doge/usdt");

        Assert.True(set.ExitCode == 0, set.ToString());
        Assert.Contains("amount step 1 on DOGE/USDT; 1 product(s) accounted again", set.Out, StringComparison.Ordinal);
        var line = Line();
        Assert.Equal((0m, 0.9m, 1), (line.GetProperty("position_qty").GetDecimal(), line.GetProperty("dust").GetDecimal(), line.GetProperty("trades").GetInt32()));

        // 99 x 11 - 99/99.9 of (999 + a fee worth 1) = 1089 - 990 - 0.990990990991.
        Assert.Equal(98.009009009009m, line.GetProperty("realized_pnl").GetDecimal());
        var positions = _workspace.Run("positions");
        Assert.Contains("No open positions.", positions.Out, StringComparison.Ordinal);
        Assert.Contains("Dust (left by round trips below the lot size; no position)", positions.Out, StringComparison.Ordinal);
        Assert.Contains("0.9", positions.Out, StringComparison.Ordinal);
    }

    [Fact]
    public void the_bots_threshold_decides_where_no_step_is_known_and_zero_turns_the_rule_off()
    {
        FeeInCoinRoundTrip();

        Assert.Contains("dust threshold 1 (where no amount step is known); 1 product(s) accounted again", _workspace.Run("bots", "set-dust", "alpha", "1").Out, StringComparison.Ordinal);
        Assert.Equal(0.9m, Line().GetProperty("dust").GetDecimal());
        Assert.Contains("already; nothing changed", _workspace.Run("bots", "set-dust", "alpha", "1.0").Out, StringComparison.Ordinal);

        Assert.Equal(0, _workspace.Run("bots", "set-dust", "alpha", "0").ExitCode);
        Assert.Equal((0.9m, 0m), (Line().GetProperty("position_qty").GetDecimal(), Line().GetProperty("dust").GetDecimal()));
    }

    [Fact]
    public void set_dust_refuses_an_unknown_bot_and_a_quantity_that_cannot_be_one()
    {
        FeeInCoinRoundTrip();

        var unknown = _workspace.Run("bots", "set-dust", "nobody", "1");
        var negative = _workspace.Run("bots", "set-dust", "alpha", "-1");
        var zeroStep = _workspace.Run("bots", "set-dust", "alpha", "0", "--symbol", "DOGE/USDT");
        var text = _workspace.Run("bots", "set-dust", "alpha", "lots");

        Assert.Equal((1, 2, 2, 2), (unknown.ExitCode, negative.ExitCode, zeroStep.ExitCode, text.ExitCode));
        Assert.Contains("unknown bot 'nobody'", unknown.Error, StringComparison.Ordinal);
        Assert.Contains("zero (no dust rule) or above", negative.Error, StringComparison.Ordinal);
        Assert.Contains("above zero", zeroStep.Error, StringComparison.Ordinal);
        Assert.Equal(0.9m, Line().GetProperty("position_qty").GetDecimal());
    }
}
