using Tradebook.Core.Accounting;

namespace Tradebook.Core.Tests.Accounting;

public sealed class PnlLineTests
{
    [Fact]
    public void win_rate_and_total_follow_from_the_line()
    {
        var line = Line(realized: 30, unrealized: -5, qty: 0, avg: 0, trades: 4, wins: 3);

        Assert.Equal(0.75m, line.WinRate);
        Assert.Equal(25m, line.TotalPnl);
        Assert.Equal(0m, Line(0, 0, 0, 0, 0, 0).WinRate);
    }

    [Fact]
    public void adding_lines_sums_the_figures_and_reweights_the_entry_price_by_quantity()
    {
        // 1 @ 10 and 3 @ 12: (10 + 36) / 4 = 11.5.
        var sum = Line(10, 1, 1, 10, 2, 1).Plus(Line(5, 2, 3, 12, 1, 1), "all", "BTC/USDT");

        Assert.Equal(15m, sum.RealizedPnl);
        Assert.Equal(3m, sum.UnrealizedPnl);
        Assert.Equal(4m, sum.PositionQty);
        Assert.Equal(11.5m, sum.AvgEntryPrice);
        Assert.Equal((3, 2), (sum.Trades, sum.Wins));
        Assert.Equal(("all", "BTC/USDT", "live"), (sum.Bot, sum.Product, sum.Mode));
    }

    [Fact]
    public void adding_lines_of_different_modes_says_mixed()
    {
        var sum = Line(1, 0, 0, 0, 0, 0).Plus(Line(1, 0, 0, 0, 0, 0) with { Mode = "paper" }, "all", "all");

        Assert.Equal("mixed", sum.Mode);
    }

    private static PnlLine Line(decimal realized, decimal unrealized, decimal qty, decimal avg, int trades, int wins) =>
        new("bot", "live", "BTC/USDT", realized, unrealized, 0.5m, qty, avg, qty * avg, trades, wins, true);
}
