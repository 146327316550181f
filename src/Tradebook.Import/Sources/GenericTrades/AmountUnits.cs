using Tradebook.Core.Domain;

namespace Tradebook.Import.Sources.GenericTrades;

/// <summary>
/// The currencies written after a row's amounts (<c>0.01BTC</c>), checked against its symbol: a quantity is in the
/// base coin, a price or a quote amount in the quote coin. A column in another currency holds another amount than
/// its name says (a quote amount read as the quantity), and its row is rejected rather than recorded wrong. A fee's
/// currency, where no column gives it, is the one written after it.
/// </summary>
internal static class AmountUnits
{
    public static string? Problem(string symbol, string? quantityUnit, string? quoteUnit, string? feeUnit, ref string? feeCurrency)
    {
        if (feeUnit is not null)
        {
            if (!string.IsNullOrEmpty(feeCurrency) && !feeCurrency.Equals(feeUnit, StringComparison.OrdinalIgnoreCase))
            {
                return $"the fee is written in {feeUnit}, but its currency column says {feeCurrency}";
            }

            feeCurrency = feeUnit;
        }

        if (quantityUnit is null && quoteUnit is null)
        {
            return null;
        }

        var pair = Symbol.Parse(symbol);
        return quantityUnit is not null && !quantityUnit.Equals(pair.Base, StringComparison.OrdinalIgnoreCase)
            ? $"the quantity is in {quantityUnit}, not in {pair.Base}, the base of {symbol}: the column holds another amount"
            : quoteUnit is not null && !quoteUnit.Equals(pair.Quote, StringComparison.OrdinalIgnoreCase)
            ? $"the price is in {quoteUnit}, not in {pair.Quote}, the quote of {symbol}"
            : null;
    }
}
