using Tradebook.Core.Accounting;
using Tradebook.Core.Domain;
using static Tradebook.Core.Tests.Accounting.Fills;

namespace Tradebook.Core.Tests.Accounting;

public sealed class FeeConversionTests
{
    [Theory]
    [InlineData("USDT")]
    [InlineData("usdt")]
    [InlineData(" USDT ")]
    [InlineData(null)]
    [InlineData("")]
    public void a_fee_in_the_quote_currency_or_without_currency_is_taken_as_it_is(string? currency)
    {
        var fee = FeeConversion.ToQuote(1.5m, currency, null, "BTC", "USDT", 50_000m);

        Assert.Equal(new ConvertedFee(1.5m, 0, null), fee);
        Assert.True(fee.IsConverted);
    }

    [Fact]
    public void a_fee_in_the_base_currency_is_valued_at_the_fill_price()
    {
        // 0.001 BTC at 50 000 USDT = 50 USDT.
        var fee = FeeConversion.ToQuote(0.001m, "btc", null, "BTC", "USDT", 50_000m);

        Assert.Equal(new ConvertedFee(50m, 0, null), fee);
    }

    [Fact]
    public void a_fee_in_the_base_currency_is_valued_at_the_fill_price_even_when_a_rate_is_recorded()
    {
        // The fill price is the base currency's exact value at that moment; a rate is only for a third currency.
        var fee = FeeConversion.ToQuote(0.001m, "BTC", 49_000m, "BTC", "USDT", 50_000m);

        Assert.Equal(50m, fee.QuoteAmount);
    }

    [Fact]
    public void a_fee_in_a_third_currency_is_converted_at_the_rate_recorded_with_the_fill()
    {
        // 0.05 BNB at 300 USDT per BNB = 15 USDT.
        var fee = FeeConversion.ToQuote(0.05m, "BNB", 300m, "BTC", "USDT", 50_000m);

        Assert.Equal(new ConvertedFee(15m, 0, null), fee);
    }

    [Fact]
    public void a_fee_in_a_third_currency_without_a_rate_is_kept_apart_and_labelled()
    {
        var fee = FeeConversion.ToQuote(0.05m, " bnb ", null, "BTC", "USDT", 50_000m);

        Assert.Equal(new ConvertedFee(0m, 0.05m, "BNB"), fee);
        Assert.False(fee.IsConverted);
    }

    [Fact]
    public void a_zero_fee_needs_no_rate()
    {
        var fee = FeeConversion.ToQuote(0m, "BNB", null, "BTC", "USDT", 50_000m);

        Assert.True(fee.IsConverted);
        Assert.Equal(0m, fee.QuoteAmount);
    }

    [Fact]
    public void a_negative_fee_a_maker_rebate_converts_like_a_fee()
    {
        var fee = FeeConversion.ToQuote(-0.02m, "BNB", 300m, "BTC", "USDT", 50_000m);

        Assert.Equal(-6m, fee.QuoteAmount);
    }

    [Fact]
    public void converted_fees_flow_into_the_book_and_an_unconverted_one_stays_out_of_pnl()
    {
        // Buy 0.1 BTC @ 50 000 paying 0.0001 BTC (= 5 USDT); sell @ 51 000 paying 0.05 BNB with no rate.
        // Realized: 0.1 x 1000 = 100, less the 5 converted; the BNB fee cannot be valued and is left out: 95.
        var entryFee = FeeConversion.ToQuote(0.0001m, "BTC", null, "BTC", "USDT", 50_000m);
        var exitFee = FeeConversion.ToQuote(0.05m, "BNB", null, "BTC", "USDT", 51_000m);

        var book = ProductBook.Replay(
            CostBasisMethod.Average,
            [Buy(0.1m, 50_000m, entryFee.QuoteAmount), Sell(0.1m, 51_000m, exitFee.QuoteAmount)]);

        Assert.Equal(5m, entryFee.QuoteAmount);
        Assert.Equal(95m, book.RealizedPnl);
        Assert.Equal(5m, book.Fees);
        Assert.Equal(("BNB", 0.05m), (exitFee.UnconvertedCurrency, exitFee.UnconvertedAmount));
    }

    [Fact]
    public void a_third_currency_fee_with_a_rate_joins_the_cost_basis()
    {
        // Buy 2 @ 100 paying 0.01 BNB at 300 = 3 USDT: cost basis 200 + 3 = 203.
        var fee = FeeConversion.ToQuote(0.01m, "BNB", 300m, "SOL", "USDT", 100m);
        var book = ProductBook.Empty(CostBasisMethod.Fifo).Apply(Buy(2, 100, fee.QuoteAmount)).Book;

        Assert.Equal(203m, book.CostBasis);
        Assert.Equal(100m, book.AverageEntryPrice);
    }
}
