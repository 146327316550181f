using Tradebook.Cli.Tests.Support;

namespace Tradebook.Cli.Tests;

/// <summary>Fees in another currency: converted when the fill says how, listed apart when it cannot be.</summary>
public sealed class FeeTests : IDisposable
{
    private readonly TempWorkspace _workspace = new();

    public void Dispose() => _workspace.Dispose();

    [Fact]
    public void base_currency_fees_are_converted_and_fees_without_a_rate_are_listed_apart()
    {
        Assert.Equal(0, _workspace.Run("init").ExitCode);
        Assert.Equal(0, _workspace.Run("bots", "add", "alpha", "--mode", "paper").ExitCode);
        var file = _workspace.WriteFile("fees.jsonl", Fills.Lines(
            """{"bot": "alpha", "id": "x1", "symbol": "BTC/USDT", "side": "buy", "qty": 1, "price": 100, "fee": 0.01, "fee_currency": "BTC", "ts": "2026-01-01T00:00:01Z"}""",
            """{"bot": "alpha", "id": "x2", "symbol": "BTC/USDT", "side": "sell", "qty": 1, "price": 110, "fee": 0.5, "fee_currency": "BNB", "ts": "2026-01-01T00:00:02Z"}""",
            """{"bot": "alpha", "id": "x3", "symbol": "ETH/USDT", "side": "buy", "qty": 1, "price": 100, "fee": 0.5, "fee_currency": "BNB", "fee_rate": 6, "ts": "2026-01-01T00:00:03Z"}"""));
        Assert.Equal(0, _workspace.Run("record", file).ExitCode);

        var pnl = _workspace.Run("pnl", "--json").Json();
        var lines = pnl.GetProperty("lines").EnumerateArray().ToList();
        var btc = lines.Single(l => l.GetProperty("product").GetString() == "BTC/USDT");
        var eth = lines.Single(l => l.GetProperty("product").GetString() == "ETH/USDT");

        // 0.01 BTC at 100 is 1 USDT; the BNB fee has no rate, so it is not in P&L but reported.
        Assert.Equal(1m, btc.GetProperty("fees").GetDecimal());
        Assert.Equal(9m, btc.GetProperty("realized_pnl").GetDecimal());
        Assert.Equal(3m, eth.GetProperty("fees").GetDecimal());
        var unconverted = pnl.GetProperty("unconverted_fees").EnumerateArray().Single();
        Assert.Equal("BNB", unconverted.GetProperty("currency").GetString());
        Assert.Equal(0.5m, unconverted.GetProperty("amount").GetDecimal());
        Assert.Contains("had no rate", _workspace.Run("pnl").Out, StringComparison.Ordinal);
    }

    [Fact]
    public void decimal_values_keep_their_exact_digits()
    {
        Assert.Equal(0, _workspace.Run("init").ExitCode);
        Assert.Equal(0, _workspace.Run("bots", "add", "alpha", "--mode", "paper").ExitCode);
        var file = _workspace.WriteFile("tenths.jsonl", Fills.Lines(
            Fills.Line("alpha", "t1", "ETH/USDT", "buy", 0.1m, 0.1m, minute: 1),
            Fills.Line("alpha", "t2", "ETH/USDT", "buy", 0.2m, 0.2m, minute: 2),
            Fills.Line("alpha", "t3", "ETH/USDT", "sell", 0.3m, 0.3m, minute: 3)));
        Assert.Equal(0, _workspace.Run("record", file).ExitCode);

        var line = _workspace.Run("pnl", "--json").Json().GetProperty("lines").EnumerateArray().Single();

        // 0.3*0.3 - (0.1*0.1 + 0.2*0.2) = 0.09 - 0.05 = 0.04 exactly, which binary floating point would miss.
        Assert.Equal(0.04m, line.GetProperty("realized_pnl").GetDecimal());
        Assert.Equal(0m, line.GetProperty("position_qty").GetDecimal());
    }
}
