namespace Tradebook.Core.Domain;

/// <summary>A traded symbol split into base and quote currency, e.g. BTC/USDT or BTC/USDT:USDT.</summary>
public sealed record Symbol(string Text, string Base, string Quote, InstrumentKind Kind)
{
    // Longest first so that "USDT" wins over "USD" when a symbol carries no separator.
    private static readonly string[] KnownQuotes =
        ["USDT", "USDC", "BUSD", "FDUSD", "TUSD", "DAI", "USD", "EUR", "GBP", "JPY", "HKD", "BTC", "ETH", "BNB"];

    /// <summary>
    /// Parses the spellings bots use: <c>BTC/USDT</c>, <c>BTC-USD</c>, <c>BTC_USDT</c>,
    /// <c>BTC/USDT:USDT</c> (a perpetual settled in USDT), <c>BTCUSDT</c>; a bare ticker such as
    /// <c>AAPL.US</c> is a stock quoted in <paramref name="defaultQuote"/>.
    /// </summary>
    public static Symbol Parse(string text, string defaultQuote = "USD")
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(text);
        var trimmed = text.Trim();
        var kind = InstrumentKind.Spot;
        var pair = trimmed;
        var settle = trimmed.IndexOf(':', StringComparison.Ordinal);
        if (settle > 0)
        {
            kind = InstrumentKind.Perpetual;
            pair = trimmed[..settle];
        }

        var separator = pair.IndexOfAny(['/', '-', '_']);
        if (separator > 0 && separator < pair.Length - 1)
        {
            return new Symbol(trimmed, pair[..separator].ToUpperInvariant(), pair[(separator + 1)..].ToUpperInvariant(), kind);
        }

        var upper = pair.ToUpperInvariant();
        foreach (var quote in KnownQuotes)
        {
            if (upper.Length > quote.Length && upper.EndsWith(quote, StringComparison.Ordinal))
            {
                return new Symbol(trimmed, upper[..^quote.Length], quote, kind);
            }
        }

        return new Symbol(trimmed, upper, defaultQuote.ToUpperInvariant(), InstrumentKind.Stock);
    }
}
