using System.Diagnostics.CodeAnalysis;

namespace Tradebook.Core.Domain;

/// <summary>A traded symbol split into base and quote currency, e.g. BTC/USDT or BTC/USDT:USDT.</summary>
public sealed record Symbol(string Text, string Base, string Quote, InstrumentKind Kind)
{
    // Longest first so that "USDT" wins over "USD" when a symbol carries no separator.
    private static readonly string[] KnownQuotes =
        ["USDT", "USDC", "BUSD", "FDUSD", "TUSD", "DAI", "USD", "EUR", "GBP", "JPY", "HKD", "BTC", "ETH", "BNB"];

    /// <summary>
    /// The quote currencies <paramref name="symbols"/> are priced in, each once, in order: more than one, and figures
    /// that add the products up add amounts of different currencies.
    /// </summary>
    public static IReadOnlyList<string> QuotesOf(IEnumerable<string> symbols) =>
        [.. symbols.Select(s => Parse(s).Quote).Distinct(StringComparer.OrdinalIgnoreCase).Order(StringComparer.Ordinal)];

    /// <summary>
    /// Parses the spellings bots use: <c>BTC/USDT</c>, <c>BTC-USD</c>, <c>BTC_USDT</c>, <c>BTCUSDT</c>;
    /// perpetuals as <c>BTC/USDT:USDT</c> (settled in USDT), <c>ETH-USD-SWAP</c> or <c>BTC-PERP</c>;
    /// dated futures as <c>BTC/USDT:USDT-240628</c>, <c>BTC-USD-240628</c> or <c>BTCUSD_240628</c>; a bare
    /// ticker such as <c>AAPL.US</c> is a stock quoted in <paramref name="defaultQuote"/>.
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
            kind = trimmed.LastIndexOf('-') > settle && IsExpiry(trimmed[(trimmed.LastIndexOf('-') + 1)..]) ? InstrumentKind.Future : InstrumentKind.Perpetual;
            pair = trimmed[..settle];
        }

        var parts = pair.ToUpperInvariant().Split('/', '-', '_');
        if (parts.Length > 1 && parts.All(p => p.Length > 0))
        {
            // A contract suffix: OKX's ETH-USD-SWAP, FTX's BTC-PERP, a delivery date such as BTCUSD_240628.
            var suffix = parts[^1];
            if (suffix is "SWAP" or "PERP" or "PERPETUAL")
            {
                kind = InstrumentKind.Perpetual;
                parts = parts[..^1];
            }
            else if (IsExpiry(suffix))
            {
                kind = InstrumentKind.Future;
                parts = parts[..^1];
            }

            if (parts.Length > 1)
            {
                return new Symbol(trimmed, parts[0], parts[1], kind);
            }

            pair = parts[0];
        }

        var upper = pair.ToUpperInvariant();
        foreach (var quote in KnownQuotes)
        {
            if (upper.Length > quote.Length && upper.EndsWith(quote, StringComparison.Ordinal))
            {
                return new Symbol(trimmed, upper[..^quote.Length], quote, kind);
            }
        }

        // A contract with no quote of its own (BTC-PERP) is quoted in the default; a bare ticker is a stock.
        return new Symbol(trimmed, upper, defaultQuote.ToUpperInvariant(), kind == InstrumentKind.Spot ? InstrumentKind.Stock : kind);
    }

    /// <summary>
    /// Parses a symbol given to Tradebook as input (a record, a request), refusing text that cannot name
    /// an instrument: blank text, whitespace or control characters inside, or a part left empty by a
    /// separator (<c>/</c>, <c>BTC/</c>, <c>-USD</c>, <c>BTC//USDT</c>, <c>BTC/USDT:</c>). On failure
    /// <paramref name="problem"/> says what is wrong. <see cref="Parse"/> stays lenient for legacy data.
    /// </summary>
    public static bool TryParse(string? text, [NotNullWhen(true)] out Symbol? symbol, [NotNullWhen(false)] out string? problem)
    {
        symbol = null;
        var trimmed = text?.Trim();
        if (string.IsNullOrEmpty(trimmed))
        {
            problem = "it is empty";
            return false;
        }

        if (trimmed.Any(c => char.IsWhiteSpace(c) || char.IsControl(c)))
        {
            problem = "it holds a space or a control character";
            return false;
        }

        if (trimmed.Split('/', '-', '_', ':').Any(part => !part.Any(char.IsLetterOrDigit)))
        {
            problem = "a separator (/ - _ :) leaves a part without a letter or digit; expected e.g. BTC/USDT, BTC-USD, BTCUSDT, ETH/USDT:USDT or AAPL";
            return false;
        }

        symbol = Parse(trimmed);
        problem = null;
        return true;
    }

    /// <summary>A delivery date as exchanges write it: YYMMDD or YYYYMMDD.</summary>
    private static bool IsExpiry(string text) => text.Length is 6 or 8 && text.All(char.IsAsciiDigit);
}
