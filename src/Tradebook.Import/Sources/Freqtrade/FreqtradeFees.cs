namespace Tradebook.Import.Sources.Freqtrade;

/// <summary>A fee in its own currency. Fees of different currencies are never added together.</summary>
internal readonly record struct FeeAmount(decimal Amount, string? Currency);

/// <summary>Chooses the fee of one fill from what freqtrade stored, best evidence first.</summary>
internal static class FreqtradeFees
{
    /// <summary>
    /// 1. <c>orders.ft_fee_base</c> (2022+): the fee the exchange took in the base coin for this order.
    /// 2. The trade's <c>fee_open_cost</c>/<c>fee_close_cost</c> with their currency, when this fill is the
    ///    trade's only fill on that side: freqtrade stores one fee amount per side, so it belongs to that fill.
    ///    Not for dry-run: there the exchange charged nothing and freqtrade's simulated cost is taken from the
    ///    stake (margin), not the notional, on leveraged trades, while its own profit charges rate × notional.
    /// 3. Otherwise the trade's fee rate (<c>fee_open</c>/<c>fee_close</c> are rates, not amounts) times the
    ///    fill's notional, in the quote currency: the same fee freqtrade charges in its own profit figures.
    /// </summary>
    public static FeeAmount ForFill(FreqtradeTrade trade, bool isEntry, bool onlyFillOnSide, bool dryRun, decimal quantity, decimal price, decimal? feeBase, string baseCurrency, string quoteCurrency)
    {
        if (feeBase is > 0)
        {
            return new FeeAmount(feeBase.Value, baseCurrency);
        }

        var (cost, currency, rate) = isEntry
            ? (trade.FeeOpenCost, trade.FeeOpenCurrency, trade.FeeOpenRate)
            : (trade.FeeCloseCost, trade.FeeCloseCurrency, trade.FeeCloseRate);
        if (onlyFillOnSide && !dryRun && cost is { } stored && !string.IsNullOrWhiteSpace(currency))
        {
            return new FeeAmount(stored, currency.Trim().ToUpperInvariant());
        }

        return new FeeAmount(rate * quantity * price, quoteCurrency);
    }

    /// <summary>
    /// The coins a buy entry left in the account. An exchange taking its fee in the coin bought delivers the
    /// filled quantity less that fee, and freqtrade then holds and sells only the rest (its
    /// <c>safe_amount_after_fee</c>). Evidence that the fee was taken so: <c>ft_fee_base</c>, which freqtrade
    /// stores only then, or a single entry whose trade amount is exactly the filled quantity less the fee.
    /// The fee stays recorded in the base coin, valued at the fill price, so the cash paid is unchanged.
    /// </summary>
    public static decimal Received(FreqtradeTrade trade, bool isEntry, bool onlyFillOnSide, decimal filled, FeeAmount fee, decimal? feeBase, string baseCurrency)
    {
        if (!isEntry || trade.EntrySide != Tradebook.Core.Domain.Side.Buy
            || !string.Equals(fee.Currency, baseCurrency, StringComparison.OrdinalIgnoreCase) || fee.Amount <= 0 || fee.Amount >= filled)
        {
            return filled;
        }

        var deducted = feeBase is > 0 || (onlyFillOnSide && trade.Amount == filled - fee.Amount);
        return deducted ? filled - fee.Amount : filled;
    }
}
