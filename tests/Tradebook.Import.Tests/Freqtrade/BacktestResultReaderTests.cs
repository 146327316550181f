using Tradebook.Core.Domain;
using Tradebook.Import.Sources;
using Tradebook.Import.Sources.Freqtrade;
using Tradebook.Import.Tests.GenericTrades;

namespace Tradebook.Import.Tests.Freqtrade;

/// <summary>
/// A freqtrade backtest's result read as backtest bots: before, no reader recognised it, and a user could not put a
/// strategy's backtest beside its live bot.
/// </summary>
public sealed class BacktestResultReaderTests : IDisposable
{
    private readonly ScratchDatabase _folder = new("SELECT 1");

    public void Dispose() => _folder.Dispose();

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void each_strategy_of_each_run_is_a_backtest_bot(bool zipped)
    {
        var path = BacktestResults.Write(_folder.Folder, zipped);

        Assert.IsType<FreqtradeBacktestReader>(new SourceDetector().Detect(path));
        var set = new FreqtradeBacktestReader().Read(path, new ImportOptions());

        Assert.Equal(
            [("freqtrade/OlderStrategy@backtest-result-2024-01-02_10-00-00", BotMode.Backtest), ("freqtrade/SampleStrategy@backtest-20240102-100000", BotMode.Backtest)],
            set.Bots.Select(b => (b.Name, b.Mode)));
    }

    [Fact]
    public void trades_are_filled_as_their_orders_say_or_at_their_open_and_close()
    {
        var set = new FreqtradeBacktestReader().Read(BacktestResults.Write(_folder.Folder), new ImportOptions());

        var sample = set.Fills.Where(f => f.Bot.Contains("SampleStrategy", StringComparison.Ordinal)).ToList();
        Assert.Equal(
            [
                ("BTC/USDT", Side.Buy, 0.01m, 42000m, 0.42m), ("BTC/USDT", Side.Sell, 0.01m, 43000m, 0.43m),
                ("ETH/USDT", Side.Sell, 1m, 2300m, 2.3m), ("ETH/USDT", Side.Buy, 1m, 2200m, 2.2m),
                ("SOL/USDT", Side.Buy, 10m, 100m, 1m),
            ],
            sample.Select(f => (f.Symbol, f.Side, f.Quantity, f.Price, f.Fee)));
        Assert.All(sample, f => Assert.Equal("USDT", f.FeeCurrency));
        Assert.Equal(new DateTimeOffset(2024, 1, 4, 14, 0, 0, TimeSpan.Zero), sample[3].Timestamp);
        Assert.Equal(3, set.Orders.Count(o => o.Bot.Contains("SampleStrategy", StringComparison.Ordinal)));
    }

    [Fact]
    public void freqtrade_s_profit_of_each_closed_trade_is_kept_for_the_reconciliation()
    {
        var set = new FreqtradeBacktestReader().Read(BacktestResults.Write(_folder.Folder), new ImportOptions());

        Assert.Equal(
            [("SampleStrategy.trades[0]", 9.15m, 2), ("SampleStrategy.trades[1]", 95.5m, 2), ("SampleStrategy.trades[2]", (decimal?)null, 1), ("OlderStrategy.trades[0]", 10m, 2)],
            set.ReportedTrades.Select(t => (t.SourceRef, t.RealizedPnl, t.FillIds.Count)).OrderBy(t => t.SourceRef.StartsWith("Older", StringComparison.Ordinal)));
    }

    [Fact]
    public void other_json_is_not_taken_for_a_backtest_result()
    {
        var path = Path.Combine(_folder.Folder, "config.json");
        File.WriteAllText(path, """{"strategy": "SampleStrategy", "stake_currency": "USDT"}""");

        Assert.False(new FreqtradeBacktestReader().CanRead(path));
        Assert.False(new FreqtradeBacktestReader().CanRead(_folder.Path));
    }

    [Fact]
    public void a_damaged_result_rejects_what_cannot_be_a_trade_and_reads_the_rest()
    {
        // Values of the wrong kind stopped the read with an exception, a value of 10^27 overflowed the fees, and a run
        // started at second 10^20 overflowed its name.
        var path = Path.Combine(_folder.Folder, "backtest-result-damaged.json");
        File.WriteAllText(path, """
            {"strategy": {
              "S": {"trades": [
                {"pair": "BTC/USDT", "amount": 1e27, "open_rate": 1e27, "close_rate": 2, "profit_abs": 1, "is_open": false, "open_timestamp": 1704276000000, "close_timestamp": 1704283200000},
                {"pair": "", "amount": "x", "open_rate": null, "is_open": false},
                {"pair": "ETH/USDT", "amount": 1, "open_rate": 5, "close_rate": 6, "fee_open": "abc", "is_open": false, "open_timestamp": 1704276000000, "close_timestamp": 1704283200000},
                {"pair": "ETH/USDT", "amount": 1, "open_rate": 5, "close_rate": 6, "fee_open": 0.001, "fee_close": 0.001, "profit_abs": 0.989, "is_open": false,
                 "open_timestamp": 1704276000000, "close_timestamp": 99999999999999999999,
                 "orders": [1, "x", {"amount": 1e30, "safe_price": 1e30}, {"amount": 1, "ft_order_side": "buy", "safe_price": 5, "order_filled_timestamp": 1704276000000},
                            {"amount": 1, "ft_order_side": "stoploss", "safe_price": 6, "order_filled_timestamp": 1704283200000}]},
                7, null, []
              ]},
              "T": {"trades": {}},
              "V": {"trades": [], "backtest_run_start_ts": 1e20},
              "U": 5
            }}
            """);

        var set = new FreqtradeBacktestReader().Read(path, new ImportOptions());

        Assert.Equal([(Side.Buy, 5m), (Side.Sell, 6m)], set.Fills.Select(f => (f.Side, f.Price)));
        Assert.Equal(
            ["S.trades[0]", "S.trades[1]", "S.trades[2]", "S.trades[3].orders[0]", "S.trades[3].orders[1]", "S.trades[3].orders[2]", "S.trades[4]", "S.trades[5]", "S.trades[6]"],
            set.Rejections.Select(r => r.SourceRef).Order(StringComparer.Ordinal));
        Assert.Contains(set.Rejections, r => r.SourceRef == "S.trades[2]" && r.Reason.Contains("fee_open", StringComparison.Ordinal));
        Assert.Equal(2, set.Warnings.Count(w => w.Contains("has no list of trades", StringComparison.Ordinal)));
        Assert.Contains(set.Bots, b => b.Name == "freqtrade/V@backtest-result-damaged");
    }
}
