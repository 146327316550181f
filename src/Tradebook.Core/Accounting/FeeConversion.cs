namespace Tradebook.Core.Accounting;

/// <summary>A fee expressed in the quote currency, or kept apart when it cannot be converted.</summary>
/// <param name="QuoteAmount">The fee in the quote currency; zero when it could not be converted.</param>
/// <param name="UnconvertedAmount">The fee left in its own currency because no rate was known.</param>
/// <param name="UnconvertedCurrency">That currency, or null when the whole fee was converted.</param>
public readonly record struct ConvertedFee(decimal QuoteAmount, decimal UnconvertedAmount, string? UnconvertedCurrency)
{
    public bool IsConverted => UnconvertedCurrency is null;
}

/// <summary>Brings a fill's fee into the quote currency of its instrument.</summary>
public static class FeeConversion
{
    /// <summary>
    /// A fee in the quote currency (or with no currency given) is taken as it is; in the base
    /// currency it is valued at the fill price; in any other currency at the rate recorded with the
    /// fill (quote per unit of fee currency). Without such a rate the fee is kept apart, labelled
    /// with its currency, and left out of P&amp;L rather than guessed.
    /// </summary>
    public static ConvertedFee ToQuote(decimal fee, string? feeCurrency, decimal? feeRate, string baseCurrency, string quoteCurrency, decimal price)
    {
        if (fee == 0 || string.IsNullOrWhiteSpace(feeCurrency) || Currencies.Same(feeCurrency, quoteCurrency))
        {
            return new ConvertedFee(fee, 0, null);
        }

        // The base currency is valued at the fill price even when a rate was recorded: the price is
        // its exact value at that moment, and the recorded rate is meant for a third currency.
        if (Currencies.Same(feeCurrency, baseCurrency))
        {
            return new ConvertedFee(fee * price, 0, null);
        }

        if (feeRate is { } rate)
        {
            return new ConvertedFee(fee * rate, 0, null);
        }

        return new ConvertedFee(0, fee, feeCurrency.Trim().ToUpperInvariant());
    }
}
