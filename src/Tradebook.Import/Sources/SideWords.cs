using Tradebook.Core.Domain;

namespace Tradebook.Import.Sources;

/// <summary>
/// The words other programs write for a side, in one mapping: buy, long or b is a buy; sell, short or s
/// is a sell, in any case and with surrounding space. Tradebook's own text is <see cref="EnumText"/>'s.
/// </summary>
internal static class SideWords
{
    public static bool TryParse(ReadOnlySpan<char> text, out Side side)
    {
        side = default;
        var value = text.Trim();
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
