using Tradebook.Core.Accounting;
using Tradebook.Core.Domain;
using static Tradebook.Core.Tests.Accounting.Fills;

namespace Tradebook.Core.Tests.Accounting;

public sealed class UnknownPnlTests
{
    [Fact]
    public void a_book_counts_its_fills_at_price_0_and_its_pnl_becomes_unknown()
    {
        // A source that truncated small prices: bought at "0", sold at "0", then a priced round trip.
        var book = ProductBook.Replay(CostBasisMethod.Fifo, [Buy(100, 0), Sell(100, 0), Buy(1, 10), Sell(1, 12)]);

        Assert.Equal(2, book.UnpricedFills);
        Assert.Equal(new UnknownPnl(UnknownPnlReason.UnpricedFills, 2), book.UnknownPnl);
        Assert.Equal("2 fills at price 0: the source holds no price for them, so P&L cannot be known", book.UnknownPnl!.Message);
    }

    [Fact]
    public void a_book_whose_fills_all_have_a_price_knows_its_pnl()
    {
        var book = ProductBook.Replay(CostBasisMethod.Average, [Buy(1, 10), Sell(1, 12)]);

        Assert.Equal(0, book.UnpricedFills);
        Assert.Null(book.UnknownPnl);
    }

    [Fact]
    public void every_path_of_a_fill_counts_an_unpriced_one_once()
    {
        // Opening, adding, reducing, flipping, ending in dust and taking dust from flat are separate paths.
        var book = ProductBook.Empty(CostBasisMethod.Fifo, dustThreshold: 0.01m);
        foreach (var fill in new[] { Buy(1, 0), Buy(1, 0), Sell(1, 0), Sell(2, 0), Buy(0.995m, 0), Buy(0.005m, 0), Sell(0.001m, 0) })
        {
            book = book.Apply(fill).Book;
        }

        Assert.Equal((7, 7), (book.Fills, book.UnpricedFills));
    }

    [Fact]
    public void books_that_differ_only_in_unpriced_fills_are_not_equal()
    {
        var book = ProductBook.Replay(CostBasisMethod.Average, [Buy(1, 10)]);

        Assert.NotEqual(book, book with { UnpricedFills = 1 });
    }

    [Fact]
    public void a_line_with_an_unpriced_fill_shows_its_price_figures_as_unknown_and_keeps_its_quantities()
    {
        var line = Line("BTC/USDT", realized: 5, unpriced: 3);

        Assert.Equal(new UnknownPnl(UnknownPnlReason.UnpricedFills, 3), line.Unknown);
        Assert.Equal(
            (null, null, null, null, null, null, null),
            (line.KnownRealizedPnl, line.KnownUnrealizedPnl, line.KnownFees, line.KnownAvgEntryPrice, line.KnownCostBasis, line.KnownWins, line.KnownWinRate));
        Assert.Equal((2m, 4), (line.PositionQty, line.Trades));
    }

    [Fact]
    public void a_line_without_unpriced_fills_shows_every_figure()
    {
        var line = Line("ETH/USDT", realized: 5, unpriced: 0);

        Assert.Null(line.Unknown);
        Assert.Equal(
            ((decimal?)5m, (decimal?)1m, (decimal?)0.5m, (decimal?)10m, (decimal?)20m, (int?)3, (decimal?)0.75m),
            (line.KnownRealizedPnl, line.KnownUnrealizedPnl, line.KnownFees, line.KnownAvgEntryPrice, line.KnownCostBasis, line.KnownWins, line.KnownWinRate));
    }

    [Fact]
    public void a_sum_that_adds_up_an_unknown_product_is_unknown()
    {
        var bot = Line("BTC/USDT", realized: 5, unpriced: 0).Plus(Line("ETH/USDT", realized: 7, unpriced: 2), "bot", "*");

        Assert.Equal(2, bot.UnpricedFills);
        Assert.Null(bot.KnownRealizedPnl);
        Assert.Equal(12m, bot.RealizedPnl);
    }

    [Fact]
    public void a_bot_is_flagged_with_the_products_whose_pnl_is_unknown_and_their_unpriced_fills()
    {
        var flag = UnknownPnlFlag.Of([Line("ETH/USDT", 1, 2), Line("BTC/USDT", 1, 0), Line("DOGE/USDT", 1, 1)]);

        Assert.NotNull(flag);
        Assert.Equal(new UnknownPnl(UnknownPnlReason.UnpricedFills, 3), flag.Reason);
        Assert.Equal(["DOGE/USDT", "ETH/USDT"], flag.Products);
        Assert.Equal("P&L unknown for DOGE/USDT, ETH/USDT: 3 fills at price 0: the source holds no price for them, so P&L cannot be known", flag.Message);
        Assert.Null(UnknownPnlFlag.Of([Line("BTC/USDT", 1, 0)]));
    }

    [Fact]
    public void a_row_of_an_unknown_product_shows_no_figure_and_a_row_of_a_known_one_shows_it_unchanged()
    {
        Assert.Null(UnknownPnl.Known(0m, UnknownPnl.Of(2)));
        Assert.Null(UnknownPnl.Known(-3.5m, UnknownPnl.Of(1)));
        Assert.Equal(-3.5m, UnknownPnl.Known(-3.5m, UnknownPnl.Of(0)));
        Assert.Equal(0m, UnknownPnl.Known(0m, null));
    }

    [Fact]
    public void rows_of_one_product_flag_it_once_with_the_products_count_of_unpriced_fills()
    {
        // Three fills of PEPE (each carrying PEPE's 2 unpriced fills), one of DOGE, one of BTC with prices.
        var flag = UnknownPnlFlag.Of([("PEPE/USDT", UnknownPnl.Of(2)), ("PEPE/USDT", UnknownPnl.Of(2)), ("BTC/USDT", null), ("DOGE/USDT", UnknownPnl.Of(1)), ("PEPE/USDT", UnknownPnl.Of(2))]);

        Assert.NotNull(flag);
        Assert.Equal(3, flag.Reason.Fills);
        Assert.Equal(["DOGE/USDT", "PEPE/USDT"], flag.Products);
        Assert.Null(UnknownPnlFlag.Of([("BTC/USDT", (UnknownPnl?)null)]));
        Assert.Null(UnknownPnlFlag.Of(Array.Empty<(string, UnknownPnl?)>()));
    }

    private static PnlLine Line(string product, decimal realized, int unpriced) =>
        new("bot", "live", product, realized, 1m, 0.5m, 2m, 10m, 20m, 4, 3, true, 0m, unpriced);
}
