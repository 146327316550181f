namespace Tradebook.Import.Sources.Fragmented;

/// <summary>
/// The names portfolio apps give the columns the reader needs, best first, lower case. One list per meaning, used
/// both to recognise a table and to read it, so the two never disagree.
/// </summary>
internal static class PortfolioColumns
{
    public static readonly string[] Symbol = ["symbol", "ticker", "ticker_symbol", "security", "security_code", "instrument", "code"];

    public static readonly string[] Name = ["name", "security_name", "company", "company_name", "long_name", "short_name", "description", "title"];

    public static readonly string[] Currency = ["currency", "ccy", "currency_code", "trade_currency", "trading_currency"];

    public static readonly string[] Active = ["active", "is_active", "enabled"];

    public static readonly string[] PriceDate = ["date", "timestamp", "time", "datetime", "day", "trade_date", "price_date", "bar_date", "dt", "ts"];

    public static readonly string[] Open = ["open", "open_price", "opening_price", "price_open", "o"];

    public static readonly string[] High = ["high", "high_price", "price_high", "max_price", "h"];

    public static readonly string[] Low = ["low", "low_price", "price_low", "min_price", "l"];

    public static readonly string[] Close = ["close", "close_price", "closing_price", "price_close", "last", "last_price", "c"];

    /// <summary>The one price of a table that keeps a single price per day.</summary>
    public static readonly string[] SinglePrice = ["close", "close_price", "closing_price", "price", "last", "last_price", "adj_close", "adjusted_close"];

    public static readonly string[] Volume = ["volume", "vol", "v"];

    /// <summary>Columns a daily price table may hold besides its date and prices.</summary>
    public static readonly string[] PriceExtras = ["id", "volume", "vol", "v", "adj_close", "adjusted_close", "currency", "ccy", "isin", "symbol", "ticker", "exchange", "market"];

    /// <summary>Columns of a securities table that qualify a listing (where and in what it trades) rather than name it.</summary>
    public static readonly string[] Qualifier =
        ["exchange", "exchange_code", "market", "market_code", "mic", "venue", "listing_exchange", "country", "country_code", "region", "currency", "ccy", "currency_code", "trade_currency", "trading_currency"];

    /// <summary>Parts of column names that hold another code of a listing: ISIN, CUSIP, SEDOL, WKN, FIGI, RIC, a vendor's symbol.</summary>
    public static readonly string[] IdentifierParts =
        ["isin", "cusip", "sedol", "wkn", "figi", "ric", "bloomberg", "bbg", "yahoo", "google", "reuters", "ticker", "symbol", "code", "listing"];

    /// <summary>True when <paramref name="column"/> is one of <paramref name="names"/>, whatever its case and word separators (<c>OpenPrice</c> is <c>open_price</c>).</summary>
    public static bool Is(string column, string[] names)
    {
        var key = Key(column);
        return names.Any(n => Key(n) == key);
    }

    /// <summary>A column name without case and separators, to compare spellings.</summary>
    public static string Key(string column) =>
        new(column.Where(char.IsLetterOrDigit).Select(char.ToLowerInvariant).ToArray());

    /// <summary>A column that identifies a listing: a symbol-like column, or one whose name holds a code's name.</summary>
    public static bool IsIdentifier(string column) =>
        !Is(column, Qualifier) && !Is(column, Name)
        && (Is(column, Symbol) || Words(column).Any(w => IdentifierParts.Contains(w, StringComparer.OrdinalIgnoreCase)));

    /// <summary>The words of a column name: split at separators and where lower case turns upper (<c>YahooSymbol</c>).</summary>
    private static IEnumerable<string> Words(string column)
    {
        var word = new System.Text.StringBuilder();
        for (var i = 0; i < column.Length; i++)
        {
            var c = column[i];
            if (!char.IsLetterOrDigit(c) || (char.IsUpper(c) && i > 0 && char.IsLower(column[i - 1])))
            {
                if (word.Length > 0)
                {
                    yield return word.ToString();
                    word.Clear();
                }
            }

            if (char.IsLetterOrDigit(c))
            {
                word.Append(c);
            }
        }

        if (word.Length > 0)
        {
            yield return word.ToString();
        }
    }
}
