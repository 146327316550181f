using Tradebook.Core.Accounting;
using Tradebook.Core.Domain;
using Tradebook.Import.Reconciliation;
using Tradebook.Import.Sources;
using Tradebook.Import.Sources.Freqtrade;

namespace Tradebook.Import.Tests.Freqtrade;

/// <summary>Fee dust in the real freqtrade databases: the amount step each pair trades in, and what the trades leave below it.</summary>
public sealed class FreqtradeDustTests
{
    private static readonly FreqtradeReader Reader = new();

    [Theory]
    [InlineData(RealDbs.Wal, "UTK/USDT", "1")]
    [InlineData(RealDbs.Wal, "BTC/USDT", "0.00001")]
    [InlineData(RealDbs.Wal, "ETH/USDT", "0.0001")]
    [InlineData("ronmegini__Trading-Bot__tradesv3.sqlite", "APT/USDT", "0.1")]
    [InlineData("smoke22n__GKD_troubleshoot__tradesv3.sqlite", "BTC/USDC:USDC", "0.00001")]
    [InlineData("smoke22n__GKD_troubleshoot__tradesv3.sqlite", "TRUMP/USDC:USDC", "0.1")]
    [InlineData("tooyipjee__freqtrade__tradesv3.sqlite", "DOGE/BTC", "1")]
    [InlineData("tooyipjee__freqtrade__tradesv3.sqlite", "BCH/BTC", "0.01")]
    public void each_pair_gets_the_amount_step_its_database_holds(string file, string pair, string step)
    {
        // Stored as amount_precision (decimal places, or a tick size on hyperliquid) from 2022 on; the 2021
        // database stores none, and its order amounts show the step.
        var set = Reader.Read(RealDbs.PathOf(file), new ImportOptions());

        var setting = Assert.Single(set.Settings, s => s.Key == DustThreshold.StepKey(pair));
        Assert.Equal((set.Bots.Single().Name, step), (setting.Scope, setting.Value));
    }

    [Fact]
    public void a_database_without_orders_or_precision_gives_no_step()
    {
        var set = Reader.Read(RealDbs.PathOf("jpiv__CryptoTradingRL__tradesv3.dryrun.sqlite"), new ImportOptions());

        Assert.Empty(set.Settings);
    }

    [Theory]
    [MemberData(nameof(RealDbs.FreqtradeCases), MemberType = typeof(RealDbs))]
    public void what_every_closed_trade_leaves_is_less_than_one_step_of_its_pair(string file)
    {
        // The premise of the dust rule, on real data: freqtrade closed these trades with less than a step left.
        var set = Reader.Read(RealDbs.PathOf(file), new ImportOptions());
        var fills = set.Fills.ToDictionary(f => (f.Bot, f.Id));

        foreach (var trade in set.ReportedTrades.Where(t => !t.IsOpen))
        {
            var left = Math.Abs(trade.FillIds.Sum(id => fills[(trade.Bot, id)] is var f && f.Side == Side.Buy ? f.Quantity : -f.Quantity));
            Assert.True(left < DustThreshold.Of(set.Settings, trade.Bot, trade.Symbol), $"{trade.SourceRef} {trade.Symbol} leaves {left}");
        }
    }

    [Theory]
    [InlineData(RealDbs.Wal)]
    [InlineData("tooyipjee__freqtrade__tradesv3.sqlite")]
    public void the_profit_of_trades_that_leave_dust_agrees_with_freqtrade_within_the_value_of_that_dust(string file)
    {
        var set = Reader.Read(RealDbs.PathOf(file), new ImportOptions());
        var report = Reconciler.Reconcile(set);
        var fills = set.Fills.ToDictionary(f => (f.Bot, f.Id));

        // The dust a trade leaves, valued at its last exit's price.
        decimal DustValue(ReportedTrade trade)
        {
            var own = trade.FillIds.Select(id => fills[(trade.Bot, id)]).ToList();
            var left = Math.Abs(own.Sum(f => f.Side == Side.Buy ? f.Quantity : -f.Quantity));
            return left * own.Last(f => f.Side != own[0].Side).Price;
        }

        var dusty = set.ReportedTrades.Zip(report.Trades).Where(p => p.Second.Reason == DifferenceReason.ResidualQuantity).ToList();
        Assert.NotEmpty(dusty);
        var difference = dusty.Sum(p => p.Second.Difference!.Value);
        var value = dusty.Sum(p => DustValue(p.First));
        Assert.True(Math.Abs(difference) <= value, $"{dusty.Count} trades differ by {difference} in all; their dust is worth {value}");
    }
}
