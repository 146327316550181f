using Tradebook.Core.Accounting;
using Tradebook.Core.Domain;
using static Tradebook.Core.Tests.Accounting.Fills;

namespace Tradebook.Core.Tests.Accounting;

public sealed class LotTests
{
    [Fact]
    public void taking_part_of_a_lot_splits_notional_and_fees_pro_rata()
    {
        // 4 for 46 with fees 0.4: one quarter is 1 for 11.5 with fee 0.1.
        var (taken, left) = new Lot(4, 46, 0.4m).Take(1);

        Assert.Equal(new Lot(1, 11.5m, 0.1m), taken);
        Assert.Equal(new Lot(3, 34.5m, 0.3m), left);
    }

    [Fact]
    public void taking_all_of_a_lot_leaves_nothing_behind()
    {
        var lot = new Lot(3, 10, 0.01m);

        var (taken, left) = lot.Take(3);

        Assert.Equal(lot, taken);
        Assert.Equal(default, left);
    }

    [Fact]
    public void a_third_of_a_lot_is_rounded_and_the_remainder_stays_in_the_lot()
    {
        // 10 / 3 is rounded to 12 places; the two parts still add back to exactly 10.
        var (taken, left) = new Lot(3, 10, 1).Take(1);

        Assert.Equal(3.333333333333m, taken.Notional);
        Assert.Equal(6.666666666667m, left.Notional);
        Assert.Equal(10m, taken.Notional + left.Notional);
        Assert.Equal(1m, taken.Fees + left.Fees);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    [InlineData(3.0001)]
    public void taking_nothing_or_more_than_the_lot_is_refused(decimal quantity)
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new Lot(3, 30, 0).Take(quantity));
    }

    [Fact]
    public void the_lot_price_leaves_fees_out_and_an_empty_lot_has_price_zero()
    {
        Assert.Equal(11.5m, new Lot(4, 46, 0.4m).Price);
        Assert.Equal(0m, default(Lot).Price);
    }

    [Theory]
    [InlineData(CostBasisMethod.Average)]
    [InlineData(CostBasisMethod.Fifo)]
    public void selling_a_third_at_a_time_realizes_exactly_what_the_cash_says(CostBasisMethod method)
    {
        // Buy 3 @ 1000 (fee 1), sell 1 @ 1200, 1300 and 1100: 3600 - 3000 - 1 = 599 exactly. Unrounded
        // thirds of the entry fee once left 599.00000000000000000000000001.
        var book = ProductBook.Replay(method, [Buy(3, 1000, 1), Sell(1, 1200), Sell(1, 1300), Sell(1, 1100)]);

        Assert.Equal(599m, book.RealizedPnl);
        Assert.True(book.IsFlat);
        Assert.Empty(book.Lots);
    }
}
