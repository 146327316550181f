using Tradebook.Core.Domain;

namespace Tradebook.Import.Sources;

/// <summary>
/// The words other programs write for a side, in one mapping: buy, long or b is a buy; sell, short or s
/// is a sell, in any case and with surrounding space. An exchange's transaction type that starts or ends with
/// buy or sell is that side ("Advanced Trade Buy", "Market Sell", "Buy to cover"); any other type ("Receive",
/// "Rewards Income", "Convert") is none. Tradebook's own text is <see cref="EnumText"/>'s.
/// </summary>
internal static class SideWords
{
    private static readonly char[] WordBreaks = [' ', '_', '-'];

    public static bool TryParse(ReadOnlySpan<char> text, out Side side)
    {
        var value = text.Trim();
        if (TryParseWord(value, out side))
        {
            return true;
        }

        var first = value.IndexOfAny(WordBreaks);
        var last = value.LastIndexOfAny(WordBreaks);
        if (first <= 0 || last >= value.Length - 1)
        {
            return false;
        }

        // Whole words only, and the two ends must not disagree ("Sell Buy").
        var byFirst = IsTradeWord(value[..first], out var firstSide);
        var byLast = IsTradeWord(value[(last + 1)..], out var lastSide);
        side = byFirst ? firstSide : lastSide;
        return (byFirst || byLast) && !(byFirst && byLast && firstSide != lastSide);
    }

    /// <summary>Buy or sell as a word of a longer type: the one-letter and long/short forms are too common as words to count there.</summary>
    private static bool IsTradeWord(ReadOnlySpan<char> word, out Side side)
    {
        side = word.Equals("sell", StringComparison.OrdinalIgnoreCase) ? Side.Sell : Side.Buy;
        return word.Equals("buy", StringComparison.OrdinalIgnoreCase) || word.Equals("sell", StringComparison.OrdinalIgnoreCase);
    }

    private static bool TryParseWord(ReadOnlySpan<char> value, out Side side)
    {
        side = default;
        if (value.Equals("buy", StringComparison.OrdinalIgnoreCase)
            || value.Equals("long", StringComparison.OrdinalIgnoreCase)
            || value.Equals("b", StringComparison.OrdinalIgnoreCase))
        {
            side = Side.Buy;
            return true;
        }

        if (value.Equals("sell", StringComparison.OrdinalIgnoreCase)
            || value.Equals("short", StringComparison.OrdinalIgnoreCase)
            || value.Equals("s", StringComparison.OrdinalIgnoreCase))
        {
            side = Side.Sell;
            return true;
        }

        return false;
    }
}
