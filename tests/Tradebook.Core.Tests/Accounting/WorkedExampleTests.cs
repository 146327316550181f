using Tradebook.Core.Accounting;
using Tradebook.Core.Domain;
using static Tradebook.Core.Tests.Accounting.Fills;

namespace Tradebook.Core.Tests.Accounting;

/// <summary>Small books a reader can check with pencil and paper; each comment shows the arithmetic.</summary>
public sealed class WorkedExampleTests
{
    [Fact]
    public void average_cost_buy_buy_sell_sell_realizes_725_and_leaves_50_at_12_5()
    {
        // Average after both buys: (100 x 10 + 100 x 15) / 200 = 2500 / 200 = 12.5.
        // Sell 50 @ 12: 50 x (12 - 12.5) = -25. Sell 100 @ 20: 100 x (20 - 12.5) = 750. Total 725.
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
        // The 50 left are all from the second lot: 50 x 15 = 750.
        var lot = Assert.Single(book.Lots);
        Assert.Equal(new Lot(50, 750, 0), lot);
    }

    [Fact]
    public void average_and_fifo_agree_once_both_are_flat()
    {
        // Closing the last 50 @ 20: average 50 x (20 - 12.5) = 375, 725 + 375 = 1100;
        // FIFO 50 x (20 - 15) = 250, 850 + 250 = 1100. Both equal sales 600 + 2000 + 1000 - purchases 2500.
        TradeFill[] fills = [Buy(100, 10), Buy(100, 15), Sell(50, 12), Sell(100, 20), Sell(50, 20)];

        Assert.Equal(1100m, ProductBook.Replay(CostBasisMethod.Average, fills).RealizedPnl);
        Assert.Equal(1100m, ProductBook.Replay(CostBasisMethod.Fifo, fills).RealizedPnl);
    }

    [Fact]
    public void short_sell_then_partial_cover_realizes_the_covered_part_with_its_share_of_the_entry_fee()
    {
        // Sell 100 @ 20, fee 4. Buy back 40 @ 15, fee 1:
        // 40 x (20 - 15) = 200, less 40/100 of the entry fee (1.6), less the exit fee (1) = 197.4.
        var book = ProductBook.Empty(CostBasisMethod.Average).Apply(Sell(100, 20, 4)).Book;
        var outcome = book.Apply(Buy(40, 15, 1));
        book = outcome.Book;

        Assert.Equal(197.4m, outcome.RealizedPnl);
        Assert.Equal(40m, outcome.ClosedQuantity);
        Assert.False(outcome.ClosedRoundTrip);
        Assert.Equal(-60m, book.Quantity);
        Assert.Equal(-1, book.Direction);
        Assert.Equal(20m, book.AverageEntryPrice);
        // What the 60 still short brought in: 60 x 20 = 1200, less their entry fee 2.4 = 1197.6.
        Assert.Equal(1197.6m, book.CostBasis);
        Assert.Equal(5m, book.Fees);
        Assert.Equal(0, book.Trades);
    }

    [Fact]
    public void fifo_short_covers_the_oldest_sale_first()
    {
        // Sell 100 @ 20, sell 100 @ 15, buy 50 @ 12: FIFO covers from the first sale, 50 x (20 - 12) = 400;
        // average would use (2000 + 1500) / 200 = 17.5, 50 x (17.5 - 12) = 275.
        TradeFill[] fills = [Sell(100, 20), Sell(100, 15), Buy(50, 12)];

        var fifo = ProductBook.Replay(CostBasisMethod.Fifo, fills);
        var average = ProductBook.Replay(CostBasisMethod.Average, fills);

        Assert.Equal(400m, fifo.RealizedPnl);
        Assert.Equal(-150m, fifo.Quantity);
        // 50 left @ 20 and 100 @ 15: (1000 + 1500) / 150.
        Assert.Equal(2500m / 150m, fifo.AverageEntryPrice);
        Assert.Equal(275m, average.RealizedPnl);
        Assert.Equal(17.5m, average.AverageEntryPrice);
    }

    [Theory]
    [InlineData(CostBasisMethod.Average)]
    [InlineData(CostBasisMethod.Fifo)]
    public void a_fill_through_zero_flips_long_to_short_and_back_sharing_its_fee_pro_rata(CostBasisMethod method)
    {
        var book = ProductBook.Empty(method).Apply(Buy(100, 10, 2)).Book;

        // Sell 150 @ 12, fee 3: 100 close the long and carry 3 x 100/150 = 2 of the fee;
        // realized 100 x (12 - 10) - entry fee 2 - exit share 2 = 196. The other 50 open a short @ 12 with fee 1.
        var flip = book.Apply(Sell(150, 12, 3));
        Assert.Equal(196m, flip.RealizedPnl);
        Assert.Equal(100m, flip.ClosedQuantity);
        Assert.Equal(50m, flip.OpenedQuantity);
        Assert.True(flip.ClosedRoundTrip);
        Assert.True(flip.RoundTripWon);
        Assert.True(flip.OpenedNewPosition);
        book = flip.Book;
        Assert.Equal(-50m, book.Quantity);
        Assert.Equal(12m, book.AverageEntryPrice);
        Assert.Equal(599m, book.CostBasis); // 50 x 12 - 1
        Assert.Equal((1, 1), (book.Trades, book.Wins));

        // Buy 80 @ 11, fee 1.6: 50 cover the short and carry 1.6 x 50/80 = 1;
        // realized 50 x (12 - 11) - entry fee 1 - exit share 1 = 48. The other 30 open a long @ 11 with fee 0.6.
        var back = book.Apply(Buy(80, 11, 1.6m));
        Assert.Equal(48m, back.RealizedPnl);
        Assert.Equal(50m, back.ClosedQuantity);
        Assert.Equal(30m, back.OpenedQuantity);
        Assert.True(back.RoundTripWon);
        book = back.Book;
        Assert.Equal(30m, book.Quantity);
        Assert.Equal(330.6m, book.CostBasis); // 30 x 11 + 0.6
        Assert.Equal(244m, book.RealizedPnl); // 196 + 48
        Assert.Equal(6.6m, book.Fees); // 2 + 3 + 1.6
        Assert.Equal((2, 2), (book.Trades, book.Wins));

        // At 11: unrealized 330 - 330.6 = -0.6; 244 - 0.6 = 243.4 =
        // sales 1800 - purchases (1000 + 880) - fees 6.6 + 30 x 11.
        Assert.Equal(-0.6m, book.UnrealizedPnl(11));
        Assert.Equal(243.4m, book.RealizedPnl + book.UnrealizedPnl(11));
    }

    [Fact]
    public void an_exit_that_lands_exactly_on_zero_opens_nothing()
    {
        var outcome = ProductBook.Empty(CostBasisMethod.Average).Apply(Buy(2, 10)).Book.Apply(Sell(2, 9));

        Assert.True(outcome.Book.IsFlat);
        Assert.Empty(outcome.Book.Lots);
        Assert.Equal(0m, outcome.OpenedQuantity);
        Assert.False(outcome.OpenedNewPosition);
        Assert.True(outcome.ClosedRoundTrip);
        Assert.False(outcome.RoundTripWon);
        Assert.Equal(-2m, outcome.RealizedPnl); // 2 x (9 - 10)
    }

    [Fact]
    public void adding_to_a_position_reports_the_quantity_it_opened_and_realizes_nothing()
    {
        var first = ProductBook.Empty(CostBasisMethod.Average).Apply(Buy(1, 10));
        var second = first.Book.Apply(Buy(3, 12));

        Assert.True(first.OpenedNewPosition);
        Assert.False(second.OpenedNewPosition);
        Assert.Equal(3m, second.OpenedQuantity);
        Assert.Equal(0m, second.RealizedPnl);
        // Average keeps one lot: 1 x 10 + 3 x 12 = 46 over 4 = 11.5.
        Assert.Equal(new Lot(4, 46, 0), Assert.Single(second.Book.Lots));
        Assert.Equal(11.5m, second.Book.AverageEntryPrice);
    }

    [Fact]
    public void a_fee_can_turn_a_price_gain_into_a_losing_round_trip_and_a_later_gain_counts_as_a_win()
    {
        // Round trip 1: 1 x (101 - 100) = 1, fees 1 + 1: realized -1, a loss.
        // Round trip 2: buy 2 @ 100, sell 1 @ 110 (+10), sell 1 @ 95 (-5): +5, a win although its last exit lost.
        var book = ProductBook.Replay(
            CostBasisMethod.Fifo,
            [Buy(1, 100, 1), Sell(1, 101, 1), Buy(2, 100), Sell(1, 110), Sell(1, 95)]);

        Assert.Equal(4m, book.RealizedPnl); // -1 + 5
        Assert.Equal(2, book.Trades);
        Assert.Equal(1, book.Wins);
        Assert.Equal(0m, book.OpenPositionRealized);
    }

    [Fact]
    public void a_round_trip_that_realizes_exactly_zero_is_not_a_win()
    {
        var book = ProductBook.Replay(CostBasisMethod.Average, [Buy(1, 100), Sell(1, 100)]);

        Assert.Equal((1, 0), (book.Trades, book.Wins));
    }

    [Fact]
    public void funding_on_an_open_position_is_realized_and_decides_the_win()
    {
        // Buy 10 @ 100, pay 2 funding, receive 0.5, sell 10 @ 101: 10 x 1 - 2 + 0.5 = 8.5, a win.
        var book = ProductBook.Empty(CostBasisMethod.Average).Apply(Buy(10, 100)).Book
            .ApplyCashFlow(-2m).Book
            .ApplyCashFlow(0.5m).Book;

        Assert.Equal(-1.5m, book.RealizedPnl);
        Assert.Equal(-1.5m, book.CashFlowPnl);
        Assert.Equal(-1.5m, book.OpenPositionRealized);
        // The position itself is untouched: 10 @ 100, worth 1010 at 101.
        Assert.Equal(10m, book.UnrealizedPnl(101));

        var outcome = book.Apply(Sell(10, 101));
        Assert.Equal(10m, outcome.RealizedPnl);
        Assert.Equal(8.5m, outcome.Book.RealizedPnl);
        Assert.True(outcome.RoundTripWon);
        Assert.Equal((1, 1), (outcome.Book.Trades, outcome.Book.Wins));
    }

    [Fact]
    public void funding_paid_can_make_a_round_trip_with_a_price_gain_lose()
    {
        // 10 x (101 - 100) = 10, funding -15: the round trip realizes -5.
        var book = ProductBook.Empty(CostBasisMethod.Fifo).Apply(Buy(10, 100)).Book.ApplyCashFlow(-15m).Book.Apply(Sell(10, 101)).Book;

        Assert.Equal(-5m, book.RealizedPnl);
        Assert.Equal((1, 0), (book.Trades, book.Wins));
    }

    [Fact]
    public void a_cash_flow_while_flat_counts_in_realized_but_not_in_the_next_round_trip()
    {
        // Interest of 3 arrives while flat; the next round trip loses 1 and stays a loss.
        var book = ProductBook.Empty(CostBasisMethod.Average).ApplyCashFlow(3m).Book.Apply(Buy(1, 10)).Book.Apply(Sell(1, 9)).Book;

        Assert.Equal(2m, book.RealizedPnl); // 3 - 1
        Assert.Equal(3m, book.CashFlowPnl);
        Assert.Equal((1, 0), (book.Trades, book.Wins));
    }

    [Fact]
    public void unrealized_on_a_long_is_the_mark_value_less_the_cost_basis()
    {
        // Buy 2 @ 100, fee 1: cost basis 201. At 110: 220 - 201 = 19; at 90: 180 - 201 = -21.
        var book = ProductBook.Empty(CostBasisMethod.Average).Apply(Buy(2, 100, 1)).Book;

        Assert.Equal(201m, book.CostBasis);
        Assert.Equal(19m, book.UnrealizedPnl(110));
        Assert.Equal(-21m, book.UnrealizedPnl(90));
    }

    [Fact]
    public void unrealized_on_a_short_is_the_cost_basis_less_the_mark_value()
    {
        // Sell 2 @ 100, fee 1: brought in 200 - 1 = 199. At 90: 199 - 180 = 19; at 110: 199 - 220 = -21.
        var book = ProductBook.Empty(CostBasisMethod.Average).Apply(Sell(2, 100, 1)).Book;

        Assert.Equal(199m, book.CostBasis);
        Assert.Equal(19m, book.UnrealizedPnl(90));
        Assert.Equal(-21m, book.UnrealizedPnl(110));
    }

    [Fact]
    public void a_flat_book_has_no_unrealized_no_entry_price_and_no_cost_basis()
    {
        var book = ProductBook.Replay(CostBasisMethod.Fifo, [Buy(1, 10, 0.1m), Sell(1, 12, 0.1m)]);

        Assert.Equal(0m, book.UnrealizedPnl(1000));
        Assert.Equal(0m, book.AverageEntryPrice);
        Assert.Equal(0m, book.CostBasis);
    }

    [Theory]
    [InlineData(CostBasisMethod.Average)]
    [InlineData(CostBasisMethod.Fifo)]
    public void cost_basis_of_a_long_adds_entry_fees_and_the_entry_price_leaves_them_out(CostBasisMethod method)
    {
        // Buy 1 @ 10 fee 0.1, buy 3 @ 12 fee 0.3: notional 10 + 36 = 46, fees 0.4.
        // Cost basis 46.4; average entry 46 / 4 = 11.5.
        var book = ProductBook.Replay(method, [Buy(1, 10, 0.1m), Buy(3, 12, 0.3m)]);

        Assert.Equal(46.4m, book.CostBasis);
        Assert.Equal(11.5m, book.AverageEntryPrice);
        Assert.Equal(0.4m, book.EntryFees);
        Assert.Equal(method == CostBasisMethod.Average ? 1 : 2, book.Lots.Length);
    }

    [Theory]
    [InlineData(CostBasisMethod.Average)]
    [InlineData(CostBasisMethod.Fifo)]
    public void cost_basis_of_a_short_subtracts_entry_fees(CostBasisMethod method)
    {
        // Sell 1 @ 10 fee 0.1, sell 3 @ 12 fee 0.3: brought in 46 less fees 0.4 = 45.6; entry 11.5.
        var book = ProductBook.Replay(method, [Sell(1, 10, 0.1m), Sell(3, 12, 0.3m)]);

        Assert.Equal(45.6m, book.CostBasis);
        Assert.Equal(11.5m, book.AverageEntryPrice);
        Assert.Equal(-4m, book.Quantity);
    }

    [Fact]
    public void a_zero_or_negative_quantity_and_a_negative_price_are_refused()
    {
        var book = ProductBook.Empty(CostBasisMethod.Average);

        Assert.Throws<ArgumentOutOfRangeException>(() => book.Apply(Buy(0, 10)));
        Assert.Throws<ArgumentOutOfRangeException>(() => book.Apply(Sell(-1, 10)));
        Assert.Throws<ArgumentOutOfRangeException>(() => book.Apply(Buy(1, -0.01m)));
    }

    [Fact]
    public void a_zero_price_fill_is_accepted()
    {
        // An airdrop-like fill at 0: cost basis 0; selling it @ 5 realizes 5.
        var book = ProductBook.Replay(CostBasisMethod.Average, [Buy(1, 0), Sell(1, 5)]);

        Assert.Equal(5m, book.RealizedPnl);
    }
}
