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
}
