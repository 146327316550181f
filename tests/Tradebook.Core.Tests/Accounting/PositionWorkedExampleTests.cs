using Tradebook.Core.Accounting;
using Tradebook.Core.Domain;
using static Tradebook.Core.Tests.Accounting.Fills;

namespace Tradebook.Core.Tests.Accounting;

/// <summary>
/// The figures of positions, worked by hand: each comment shows the arithmetic. Fills are an hour apart
/// from 20:00 UTC, so that a round trip can end on the day after it began.
/// </summary>
public sealed class PositionWorkedExampleTests
{
    private static readonly DateTimeOffset T0 = new(2024, 3, 1, 20, 0, 0, TimeSpan.Zero);

    private static DateTimeOffset Hour(int hours) => T0.AddHours(hours);

    [Fact]
    public void an_average_cost_long_adds_reduces_and_closes_with_every_figure_on_its_position()
    {
        var book = ProductBook.Empty(CostBasisMethod.Average);

        // Buy 2 @ 100, fee 0.2: a long of 2, its fee 0.2, its peak 2.
        var first = book.Apply(Buy(2, 100, 0.2m), Hour(0));
        Assert.Equal(new Position(PositionDirection.Long, Hour(0), null, 2m, 0m, 0.2m, 0m), first.Position);
        Assert.True(first.OpenedNewPosition);

        // Buy 1 @ 110, fee 0.1: 3 held for 200 + 110 = 310, fees 0.3, peak 3.
        var second = first.Book.Apply(Buy(1, 110, 0.1m), Hour(1));
        Assert.Equal(new Position(PositionDirection.Long, Hour(0), null, 3m, 0m, 0.3m, 0m), second.Position);

        // Sell 1.5 @ 120, fee 0.15: half the lot, 155 of notional and 0.15 of entry fees.
        // Realized 1.5 x 120 - 155 - 0.15 - 0.15 = 24.7. The peak stays 3; 1.5 are left.
        var third = second.Book.Apply(Sell(1.5m, 120, 0.15m), Hour(2));
        Assert.Equal(24.7m, third.RealizedPnl);
        Assert.Equal(new Position(PositionDirection.Long, Hour(0), null, 3m, 24.7m, 0.45m, 0m), third.Position);
        Assert.Equal(third.Position, third.Book.OpenPosition);

        // Sell 1.5 @ 90, fee 0.15: the other half. Realized 135 - 155 - 0.15 - 0.15 = -20.3.
        // The round trip ends at 23:00 with 24.7 - 20.3 = 4.4 realized, fees 0.2 + 0.1 + 0.15 + 0.15 = 0.6: a win.
        var last = third.Book.Apply(Sell(1.5m, 90, 0.15m), Hour(3));
        Assert.Equal(-20.3m, last.RealizedPnl);
        Assert.Equal(new Position(PositionDirection.Long, Hour(0), Hour(3), 3m, 4.4m, 0.6m, 0m), last.Position);
        Assert.Equal(PositionStatus.Closed, last.Position!.Value.Status);
        Assert.True(last.RoundTripWon);
        Assert.Null(last.Book.OpenPosition);
        Assert.Equal(4, last.Book.Fills);

        // The day took the last fill whole: its realized P&L, its fee, one fill, one trade that won.
        Assert.Equal(new DateOnly(2024, 3, 1), last.Day);
        Assert.Equal(new DayTotals(-20.3m, 0.15m, 1, 1, 1), last.DayChange);
    }

    [Fact]
    public void a_fifo_long_realizes_the_same_round_trip_in_other_steps()
    {
        // Same fills as the average example. FIFO sells 1.5 of the 2 @ 100 first: 180 - 150 - 0.15 - 0.15 = 29.7;
        // then 0.5 @ 100 and 1 @ 110 (50 + 110 = 160, entry fees 0.05 + 0.1): 135 - 160 - 0.15 - 0.15 = -25.3.
        // The position still ends at 29.7 - 25.3 = 4.4, with the same fees and peak.
        var book = ProductBook.Empty(CostBasisMethod.Fifo)
            .Apply(Buy(2, 100, 0.2m), Hour(0)).Book
            .Apply(Buy(1, 110, 0.1m), Hour(1)).Book;
        var third = book.Apply(Sell(1.5m, 120, 0.15m), Hour(2));
        var last = third.Book.Apply(Sell(1.5m, 90, 0.15m), Hour(3));

        Assert.Equal((29.7m, -25.3m), (third.RealizedPnl, last.RealizedPnl));
        Assert.Equal(new Position(PositionDirection.Long, Hour(0), Hour(3), 3m, 4.4m, 0.6m, 0m), last.Position);
    }

    [Theory]
    [InlineData(CostBasisMethod.Average)]
    [InlineData(CostBasisMethod.Fifo)]
    public void a_short_that_pays_funding_and_flips_long_splits_the_flip_between_two_positions(CostBasisMethod method)
    {
        // Sell 2 @ 50, fee 0.1: a short of 2 opened at 20:00.
        var book = ProductBook.Empty(method).Apply(Sell(2, 50, 0.1m), Hour(0)).Book;

        // Funding of -0.3 at 21:00 is the open short's: realized -0.3, cash-flow P&L -0.3.
        var funding = book.ApplyCashFlow(-0.3m, Hour(1));
        Assert.True(funding.CountedInPosition);
        Assert.Equal(new Position(PositionDirection.Short, Hour(0), null, 2m, -0.3m, 0.1m, -0.3m), funding.Book.OpenPosition);
        Assert.Equal(new DayTotals(-0.3m, 0m, 0, 0, 0), funding.DayChange);

        // Buy 5 @ 40, fee 0.5, at 00:00 on 2 March: 2 of the 5 cover the short and carry 0.5 x 2/5 = 0.2 of the fee.
        // Realized on the short: 2 x (50 - 40) - 0.1 entry fee - 0.2 = 19.7; over the round trip -0.3 + 19.7 = 19.4.
        var flip = funding.Book.Apply(Buy(5, 40, 0.5m), Hour(4));
        Assert.Equal(19.7m, flip.RealizedPnl);
        Assert.Equal(new Position(PositionDirection.Short, Hour(0), Hour(4), 2m, 19.4m, 0.3m, -0.3m), flip.Position);
        Assert.True(flip.RoundTripWon);

        // The other 3 open a long @ 40 with the rest of the fee, 0.3, which is also its lot's entry fee.
        Assert.Equal(new Position(PositionDirection.Long, Hour(4), null, 3m, 0m, 0.3m, 0m), flip.Book.OpenPosition);
        Assert.Equal(0.3m, flip.Book.EntryFees);

        // The book: realized 19.4, fees 0.1 + 0.5 = 0.6, funding -0.3, one trade won; the new position has realized nothing.
        Assert.Equal((19.4m, 0.6m, -0.3m, 1, 1, 0m), (flip.Book.RealizedPnl, flip.Book.Fees, flip.Book.CashFlowPnl, flip.Book.Trades, flip.Book.Wins, flip.Book.OpenPositionRealized));

        // The flip counts on 2 March with its whole fee.
        Assert.Equal(new DateOnly(2024, 3, 2), flip.Day);
        Assert.Equal(new DayTotals(19.7m, 0.5m, 1, 1, 1), flip.DayChange);
    }

    [Theory]
    [InlineData(CostBasisMethod.Average)]
    [InlineData(CostBasisMethod.Fifo)]
    public void a_flips_fee_is_shared_rounded_to_twelve_places_and_the_two_shares_add_up_to_it(CostBasisMethod method)
    {
        // Buy 1 @ 100, then sell 3 @ 110 with a fee of 1: one third of the fee closes the long, rounded to 12
        // places, 0.333333333333; the short takes the rest, 0.666666666667. Realized 10 - 0.333333333333.
        var flip = ProductBook.Empty(method).Apply(Buy(1, 100), Hour(0)).Book.Apply(Sell(3, 110, 1), Hour(1));

        Assert.Equal(0.333333333333m, flip.Position!.Value.Fees);
        Assert.Equal(9.666666666667m, flip.RealizedPnl);
        var opened = flip.Book.OpenPosition!.Value;
        Assert.Equal(0.666666666667m, opened.Fees);
        Assert.Equal(1m, flip.Position!.Value.Fees + opened.Fees);
        // The same share is the new position's entry fee, so the position and its lot never disagree.
        Assert.Equal(opened.Fees, flip.Book.EntryFees);
    }

    [Fact]
    public void a_cash_flow_while_flat_counts_in_the_day_and_the_product_but_in_no_position()
    {
        // Interest of 3 while flat: realized 3 for the product and the day, no position to carry it.
        var outcome = ProductBook.Empty(CostBasisMethod.Average).ApplyCashFlow(3m, Hour(0));

        Assert.False(outcome.CountedInPosition);
        Assert.Null(outcome.Book.OpenPosition);
        Assert.Equal((3m, 3m), (outcome.Book.RealizedPnl, outcome.Book.CashFlowPnl));
        Assert.Equal(new DayTotals(3m, 0m, 0, 0, 0), outcome.DayChange);
    }

    [Fact]
    public void a_fill_counts_in_its_utc_day_whatever_offset_it_was_recorded_with()
    {
        // 23:30 in New York (UTC-5) on 1 March is 04:30 UTC on 2 March.
        var at = new DateTimeOffset(2024, 3, 1, 23, 30, 0, TimeSpan.FromHours(-5));

        var outcome = ProductBook.Empty(CostBasisMethod.Average).Apply(Buy(1, 10, 0.01m), at);

        Assert.Equal(new DateOnly(2024, 3, 2), outcome.Day);
        Assert.Equal(new DayTotals(0m, 0.01m, 1, 0, 0), outcome.DayChange);
        Assert.Equal(at, outcome.Position!.Value.OpenedAt);
    }

    [Fact]
    public void the_peak_quantity_is_kept_when_the_position_shrinks_and_grows_again()
    {
        // Long 4, down to 1, up to 3: the peak stays 4. Then sell 5: the long closes at its peak of 4,
        // and the short of 2 starts with a peak of 2.
        var book = ProductBook.Empty(CostBasisMethod.Fifo);
        foreach (var (fill, hour) in new[] { (Buy(4, 10), 0), (Sell(3, 11), 1), (Buy(2, 12), 2) })
        {
            book = book.Apply(fill, Hour(hour)).Book;
        }

        Assert.Equal(4m, book.OpenPosition!.Value.MaxQuantity);
        var flip = book.Apply(Sell(5, 13), Hour(3));
        Assert.Equal(4m, flip.Position!.Value.MaxQuantity);
        Assert.Equal((PositionDirection.Short, 2m), (flip.Book.OpenPosition!.Value.Direction, flip.Book.OpenPosition!.Value.MaxQuantity));
    }

    [Fact]
    public void a_book_with_an_open_quantity_but_no_position_refuses_a_fill()
    {
        // A book built field by field, as a report builds one to value a position, has no position figures.
        var book = ProductBook.Empty(CostBasisMethod.Average) with { Quantity = 1, Lots = [new Lot(1, 10, 0)] };

        Assert.Throws<InvalidOperationException>(() => book.Apply(Sell(1, 11)));
    }
}
