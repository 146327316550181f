using Tradebook.Core.Accounting;
using Tradebook.Core.Domain;

namespace Tradebook.Core.Tests.Accounting;

public sealed class WorkedExampleTests
{
    private static TradeFill Buy(decimal qty, decimal price, decimal fee = 0) => new(Side.Buy, qty, price, fee);

    private static TradeFill Sell(decimal qty, decimal price, decimal fee = 0) => new(Side.Sell, qty, price, fee);

    [Fact]
    public void average_cost_buy_buy_sell_sell_realizes_725_and_leaves_50_at_12_5()
    {
        var book = ProductBook.Replay(CostBasisMethod.Average, [Buy(100, 10), Buy(100, 15), Sell(50, 12), Sell(100, 20)]);

        Assert.Equal(725m, book.RealizedPnl);
        Assert.Equal(50m, book.Quantity);
        Assert.Equal(12.5m, book.AverageEntryPrice);
    }

    [Fact]
    public void fifo_buy_buy_sell_sell_realizes_850_and_leaves_50_at_15()
    {
        // 50 x (12 - 10) = 100; then 50 x (20 - 10) + 50 x (20 - 15) = 750.
        var book = ProductBook.Replay(CostBasisMethod.Fifo, [Buy(100, 10), Buy(100, 15), Sell(50, 12), Sell(100, 20)]);

        Assert.Equal(850m, book.RealizedPnl);
        Assert.Equal(50m, book.Quantity);
        Assert.Equal(15m, book.AverageEntryPrice);
    }
}
