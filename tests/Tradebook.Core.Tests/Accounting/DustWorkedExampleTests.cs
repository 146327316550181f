using Tradebook.Core.Accounting;
using Tradebook.Core.Domain;
using static Tradebook.Core.Tests.Accounting.Fills;

namespace Tradebook.Core.Tests.Accounting;

/// <summary>
/// Dust worked by hand. The spot example is the fee-in-coin case: the exchange trades the coin in steps of
/// 1 and takes 0.1 % of the 100 bought as its fee, so the bot received 99.9 (the fee is worth 0.1 x 10 = 1);
/// it sells the 99 it can, and 0.9 is left that it never can sell.
/// </summary>
public sealed class DustWorkedExampleTests
{
    private static readonly DateTimeOffset T0 = new(2024, 3, 1, 20, 0, 0, TimeSpan.Zero);

    private static DateTimeOffset Hour(int hours) => T0.AddHours(hours);

    /// <summary>Bought 99.9 @ 10 for 999 plus a fee worth 1, then sold 99 @ 11 with a fee of 1.089: 0.9 left.</summary>
    private static FillOutcome FeeInCoinRoundTrip(CostBasisMethod method = CostBasisMethod.Average) =>
        ProductBook.Empty(method, dustThreshold: 1m)
            .Apply(Buy(99.9m, 10, 1m), Hour(0)).Book
            .Apply(Sell(99, 11, 1.089m), Hour(1));

    [Fact]
    public void a_round_trip_that_leaves_less_than_one_step_ends_and_keeps_the_rest_as_dust_at_its_cost()
    {
        var sold = FeeInCoinRoundTrip();
        var book = sold.Book;

        // 99 of the 99.9 take 99/99.9 of the lot: notional 990, entry fee 0.990990990991.
        // Realized 99 x 11 - 990 - 0.990990990991 - 1.089 = 96.920009009009.
        Assert.Equal(96.920009009009m, sold.RealizedPnl);
        Assert.True(sold.ClosedRoundTrip);
        Assert.True(sold.RoundTripWon);
        Assert.Equal(new Position(PositionDirection.Long, Hour(0), Hour(1), 99.9m, 96.920009009009m, 2.089m, 0m), sold.Position);
        Assert.Equal(new DayTotals(96.920009009009m, 1.089m, 1, 1, 1), sold.DayChange);

        // The round trip is over: nothing is open, and the 0.9 left keeps what it cost (9 and 0.009009009009 of fee).
        Assert.True(book.IsFlat);
        Assert.Null(book.OpenPosition);
        Assert.Empty(book.Lots);
        Assert.Equal((1, 1), (book.Trades, book.Wins));
        Assert.Equal((0.9m, 9m, 0.009009009009m, 9.009009009009m), (book.Dust, book.DustNotional, book.DustFees, book.DustCost));
        Assert.Equal(0.9m, sold.DustChange);

        // freqtrade realizes on what it sold: 99 x 11 x 0.999 - 99 x 10 x 1.001 = 96.921. Ours is 0.000990990991
        // lower (the fee in coin is charged pro rata on 99.9, not 100), far within the dust's value, 0.9 x 11 = 9.9.
        Assert.Equal(-0.000990990991m, sold.RealizedPnl - 96.921m);
    }

    [Fact]
    public void the_next_round_trip_starts_from_its_own_fills_not_the_dust()
    {
        var book = FeeInCoinRoundTrip().Book;

        // Buy 50 @ 12, fee 0.6: a new long of 50 at 12, whatever the 0.9 of dust cost.
        var bought = book.Apply(Buy(50, 12, 0.6m), Hour(2));
        Assert.True(bought.OpenedNewPosition);
        Assert.Equal(new Position(PositionDirection.Long, Hour(2), null, 50m, 0m, 0.6m, 0m), bought.Position);
        Assert.Equal((50m, 12m, 600.6m, 0.9m), (bought.Book.Quantity, bought.Book.AverageEntryPrice, bought.Book.CostBasis, bought.Book.Dust));

        // Sell 50 @ 13, fee 0.65: 650 - 600 - 0.6 - 0.65 = 48.75; the second round trip, the dust untouched.
        var sold = bought.Book.Apply(Sell(50, 13, 0.65m), Hour(3));
        Assert.Equal(48.75m, sold.RealizedPnl);
        Assert.Equal((2, 2, 0.9m, 0m), (sold.Book.Trades, sold.Book.Wins, sold.Book.Dust, sold.DustChange));
    }

    [Fact]
    public void dust_is_held_so_its_value_moves_with_the_mark()
    {
        TradeFill[] fills = [Buy(99.9m, 10, 1m), Sell(99, 11, 1.089m)];
        var book = ProductBook.Replay(CostBasisMethod.Average, fills, dustThreshold: 1m);

        // At 12 the dust is worth 0.9 x 12 = 10.8 against its cost 9.009009009009: 1.790990990991 unrealized.
        Assert.Equal(1.790990990991m, book.UnrealizedPnl(12));
        Assert.Equal(1.790990990991m, book.DustUnrealizedPnl(12));
        foreach (var mark in new[] { 0m, 10m, 12m, 11.37m })
        {
            Assert.Equal(Fills.CashAtMark(fills, 0m, mark), book.RealizedPnl + book.UnrealizedPnl(mark));
        }
    }

    [Fact]
    public void a_sale_from_flat_takes_the_dust_and_belongs_to_no_position()
    {
        var book = FeeInCoinRoundTrip().Book;

        // Sell 0.5 of the 0.9 @ 12: 6 against 5/9 of its cost (5 and 0.005005005005): 0.994994994995 realized.
        var sold = book.Apply(Sell(0.5m, 12), Hour(2));

        Assert.Equal(0.994994994995m, sold.RealizedPnl);
        Assert.Null(sold.Position);
        Assert.False(sold.ClosedRoundTrip || sold.OpenedNewPosition);
        Assert.Equal(new DayTotals(0.994994994995m, 0m, 1, 0, 0), sold.DayChange);
        Assert.True(sold.Book.IsFlat);
        Assert.Null(sold.Book.OpenPosition);
        Assert.Equal((0.4m, 4m, 0.004004004004m, -0.5m), (sold.Book.Dust, sold.Book.DustNotional, sold.Book.DustFees, sold.DustChange));
        Assert.Equal((1, 3), (sold.Book.Trades, sold.Book.Fills));
    }

    [Fact]
    public void a_sale_from_flat_beyond_the_dust_takes_it_and_opens_a_short_with_the_rest()
    {
        var book = FeeInCoinRoundTrip().Book;

        // Sell 2 @ 12, fee 0.24: 0.9 of it takes the dust (10.8 - 9.009009009009 - 0.108 of the fee = 1.682990990991);
        // 1.1 opens a short that carries that realized P&L and the whole fee, its lot the rest of the fee (0.132).
        var sold = book.Apply(Sell(2, 12, 0.24m), Hour(2));

        Assert.Equal(1.682990990991m, sold.RealizedPnl);
        Assert.True(sold.OpenedNewPosition);
        Assert.False(sold.ClosedRoundTrip);
        Assert.Equal(new Position(PositionDirection.Short, Hour(2), null, 1.1m, 1.682990990991m, 0.24m, 0m), sold.Position);
        Assert.Equal(sold.Position, sold.Book.OpenPosition);
        Assert.Equal((-1.1m, 0m), (sold.Book.Quantity, sold.Book.Dust));
        Assert.Equal(new Lot(1.1m, 13.2m, 0.132m), Assert.Single(sold.Book.Lots));
        Assert.Equal((1.1m, 0.9m), (sold.OpenedQuantity, -sold.DustChange));
    }

    [Fact]
    public void selling_the_position_and_the_dust_in_one_fill_closes_the_round_trip_without_going_short()
    {
        var book = FeeInCoinRoundTrip().Book.Apply(Buy(50, 12), Hour(2)).Book;

        // Sell 50.9 @ 13: the 50 realize 650 - 600 = 50, the 0.9 of dust 11.7 - 9.009009009009 = 2.690990990991.
        var sold = book.Apply(Sell(50.9m, 13), Hour(3));

        Assert.Equal(52.690990990991m, sold.RealizedPnl);
        Assert.True(sold.ClosedRoundTrip);
        Assert.False(sold.OpenedNewPosition);
        Assert.Equal(new Position(PositionDirection.Long, Hour(2), Hour(3), 50m, 52.690990990991m, 0m, 0m), sold.Position);
        Assert.Equal((0m, 0m, 0m, 0m), (sold.Book.Quantity, sold.Book.Dust, sold.Book.DustNotional, sold.Book.DustFees));
        Assert.Null(sold.Book.OpenPosition);
        Assert.Equal((50m, -0.9m), (sold.ClosedQuantity, sold.DustChange));
    }

    [Fact]
    public void a_flip_takes_the_dust_before_it_opens_the_other_way_and_shares_the_fee_over_all_three()
    {
        var book = FeeInCoinRoundTrip().Book.Apply(Buy(50, 12), Hour(2)).Book;

        // Sell 52 @ 13, fee 5.2: 50 close the long and 0.9 take the dust, 50.9/52 of the fee (5.09);
        // 1.1 open a short with the other 0.11.
        var sold = book.Apply(Sell(52, 13, 5.2m), Hour(3));

        Assert.Equal(50m + 2.690990990991m - 5.09m, sold.RealizedPnl);
        Assert.True(sold.ClosedRoundTrip && sold.OpenedNewPosition);
        Assert.Equal(5.09m, sold.Position!.Value.Fees);
        Assert.Equal(new Position(PositionDirection.Short, Hour(3), null, 1.1m, 0m, 0.11m, 0m), sold.Book.OpenPosition);
        Assert.Equal((-1.1m, 0m, 1.1m), (sold.Book.Quantity, sold.Book.Dust, sold.OpenedQuantity));
    }

    [Fact]
    public void an_opening_fill_below_the_threshold_is_a_position_and_a_reduction_below_it_is_dust()
    {
        var bought = ProductBook.Empty(CostBasisMethod.Average, dustThreshold: 1m).Apply(Buy(0.5m, 10), Hour(0));
        Assert.True(bought.OpenedNewPosition);
        Assert.Equal(0.5m, bought.Book.Quantity);

        var sold = bought.Book.Apply(Sell(0.2m, 11), Hour(1));
        Assert.True(sold.ClosedRoundTrip);
        Assert.Equal((0m, 0.3m, 3m), (sold.Book.Quantity, sold.Book.Dust, sold.Book.DustNotional));
        Assert.Equal(0.2m, sold.RealizedPnl);
    }

    [Fact]
    public void dust_adds_up_over_round_trips_and_stays_dust_past_the_threshold()
    {
        var book = ProductBook.Replay(CostBasisMethod.Average, Parse("B10.6@10 S10@11 B10.6@12 S10@13"), dustThreshold: 1m);

        // 0.6 left at 10 and 0.6 at 12: 1.2 of dust for 6 + 7.2 = 13.2, two round trips.
        Assert.Equal((0m, 1.2m, 13.2m, 2), (book.Quantity, book.Dust, book.DustNotional, book.Trades));
        Assert.Null(book.OpenPosition);
    }

    [Fact]
    public void a_short_leaves_dust_of_its_own_sign()
    {
        // A perpetual: sold 99.9 @ 10 (fee 1), bought back 99 @ 9: 0.9 of the short is left.
        var book = ProductBook.Replay(CostBasisMethod.Average, [Sell(99.9m, 10, 1m), Buy(99, 9)], dustThreshold: 1m);

        Assert.Equal((0m, -0.9m, 9m, 0.009009009009m), (book.Quantity, book.Dust, book.DustNotional, book.DustFees));
        Assert.Equal(1, book.Trades);

        // What the dust brought in less its fee, 8.990990990991, against buying 0.9 back at 9 (8.1).
        Assert.Equal(8.990990990991m, book.DustCost);
        Assert.Equal(0.890990990991m, book.UnrealizedPnl(9));

        // A buy from flat takes the short dust first.
        var bought = book.Apply(Buy(0.9m, 8));
        Assert.Equal(8.990990990991m - 7.2m, bought.RealizedPnl);
        Assert.Equal((0m, 0m), (bought.Book.Dust, bought.Book.Quantity));
        Assert.Null(bought.Position);
    }

    [Fact]
    public void fifo_sets_aside_what_is_left_of_its_newest_lot()
    {
        // FIFO sells the 5 @ 10 and 4.5 of the 5 @ 12; 0.5 @ 12 is left: dust worth 6.
        var book = ProductBook.Replay(CostBasisMethod.Fifo, Parse("B5@10 B5@12 S9.5@13"), dustThreshold: 1m);

        Assert.Equal((0m, 0.5m, 6m), (book.Quantity, book.Dust, book.DustNotional));
        Assert.Equal((9.5m * 13) - 50 - 54, book.RealizedPnl);
    }

    [Theory]
    [InlineData(CostBasisMethod.Average)]
    [InlineData(CostBasisMethod.Fifo)]
    public void a_threshold_of_zero_keeps_every_leftover_open(CostBasisMethod method)
    {
        var book = ProductBook.Replay(method, [Buy(99.9m, 10, 1m), Sell(99, 11, 1.089m)]);

        Assert.Equal((0.9m, 0m, 0), (book.Quantity, book.Dust, book.Trades));
        Assert.NotNull(book.OpenPosition);
    }

    [Fact]
    public void books_that_differ_only_in_dust_or_threshold_are_not_equal()
    {
        var withDust = FeeInCoinRoundTrip().Book;

        Assert.NotEqual(withDust, withDust with { Dust = 0m, DustNotional = 0m, DustFees = 0m });
        Assert.NotEqual(ProductBook.Empty(CostBasisMethod.Average), ProductBook.Empty(CostBasisMethod.Average, 1m));
        Assert.Equal(withDust, FeeInCoinRoundTrip().Book);
        Assert.Equal(withDust.GetHashCode(), FeeInCoinRoundTrip().Book.GetHashCode());
    }

    [Fact]
    public void a_negative_threshold_is_refused()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => ProductBook.Empty(CostBasisMethod.Average, -0.1m));
    }
}
