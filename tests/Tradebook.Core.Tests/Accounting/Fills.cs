using System.Globalization;
using Tradebook.Core.Accounting;
using Tradebook.Core.Domain;

namespace Tradebook.Core.Tests.Accounting;

/// <summary>Short spellings for fills so that scenarios read like a blotter.</summary>
internal static class Fills
{
    public static TradeFill Buy(decimal qty, decimal price, decimal fee = 0) => new(Side.Buy, qty, price, fee);

    public static TradeFill Sell(decimal qty, decimal price, decimal fee = 0) => new(Side.Sell, qty, price, fee);

    /// <summary>
    /// Parses a blotter such as <c>"B100@10 S50@12/0.5"</c>: side, quantity, price and an optional fee
    /// after the slash.
    /// </summary>
    public static TradeFill[] Parse(string blotter) =>
        blotter.Split(' ', StringSplitOptions.RemoveEmptyEntries).Select(ParseOne).ToArray();

    /// <summary>The same trades on the other side: every buy becomes a sell and back.</summary>
    public static TradeFill[] SwapSides(IEnumerable<TradeFill> fills) =>
        fills.Select(f => f with { Side = f.Side == Side.Buy ? Side.Sell : Side.Buy }).ToArray();

    /// <summary>
    /// The mirror image of a scenario: sides swapped and every price reflected about <paramref name="axis"/>
    /// (p becomes axis - p), so a rise the long profited from becomes a fall the short profits from.
    /// </summary>
    public static TradeFill[] Mirror(IEnumerable<TradeFill> fills, decimal axis) =>
        SwapSides(fills).Select(f => f with { Price = axis - f.Price }).ToArray();

    /// <summary>
    /// Cash moved by the fills (sales bring the price in, purchases pay it, every fee is paid) plus
    /// what the open quantity would fetch at <paramref name="mark"/>: what realized plus unrealized must equal.
    /// </summary>
    public static decimal CashAtMark(IEnumerable<TradeFill> fills, decimal cashFlows, decimal mark)
    {
        var cash = cashFlows;
        var quantity = 0m;
        foreach (var f in fills)
        {
            cash += (-f.Sign * f.Quantity * f.Price) - f.QuoteFee;
            quantity += f.Sign * f.Quantity;
        }

        return cash + (quantity * mark);
    }

    private static TradeFill ParseOne(string text)
    {
        var side = text[0] switch
        {
            'B' => Side.Buy,
            'S' => Side.Sell,
            _ => throw new FormatException($"'{text}' must start with B or S."),
        };
        var at = text.IndexOf('@', StringComparison.Ordinal);
        var slash = text.IndexOf('/', StringComparison.Ordinal);
        var qty = decimal.Parse(text[1..at], CultureInfo.InvariantCulture);
        var price = decimal.Parse(slash < 0 ? text[(at + 1)..] : text[(at + 1)..slash], CultureInfo.InvariantCulture);
        var fee = slash < 0 ? 0m : decimal.Parse(text[(slash + 1)..], CultureInfo.InvariantCulture);
        return new TradeFill(side, qty, price, fee);
    }
}
