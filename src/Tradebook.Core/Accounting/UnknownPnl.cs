using System.Globalization;

namespace Tradebook.Core.Accounting;

/// <summary>Why P&amp;L cannot be known.</summary>
public enum UnknownPnlReason
{
    /// <summary>
    /// Some fills carry price 0: the source held no price for them (an integer column that truncated small
    /// prices, a field left empty). Figures computed from them would count the coins as free.
    /// </summary>
    UnpricedFills,
}

/// <summary>
/// P&amp;L that cannot be known, and why: shown as unknown (null in JSON) with this reason, never as 0.
/// </summary>
/// <remarks>
/// The rule, for a product (one bot on one instrument) with at least one fill at price 0: every figure a
/// price enters is unknown, in every row that adds the product up (its bot's row, a day's row, a total),
/// namely realized, unrealized and total P&amp;L, fees (a fee in the base currency is valued at the fill's
/// price, and a source's percentage fee at the fill's value), the average entry price, the cost basis, the
/// wins and the win rate. Quantities, fills and round trips stay known. Rows that do not add the product up
/// keep their figures: a bot's other products, other bots. A row of the product itself is unknown the same
/// way: a round trip's realized P&amp;L and fees, a fill's realized P&amp;L (<see cref="Known"/>).
/// </remarks>
/// <param name="Fills">How many fills carry no price.</param>
public sealed record UnknownPnl(UnknownPnlReason Reason, int Fills)
{
    /// <summary>The reason for a line with <paramref name="unpricedFills"/> fills at price 0; null when there are none.</summary>
    public static UnknownPnl? Of(int unpricedFills)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(unpricedFills);
        return unpricedFills == 0 ? null : new UnknownPnl(UnknownPnlReason.UnpricedFills, unpricedFills);
    }

    /// <summary>
    /// A figure a price enters, as a row of a product shows it: the figure when the product's P&amp;L is known
    /// (<paramref name="unknown"/> is null), else null. The stored figure is kept as computed, as if 0 were the
    /// price, so that pricing the fills later is a replay and not a repair.
    /// </summary>
    public static decimal? Known(decimal figure, UnknownPnl? unknown) => unknown is null ? figure : null;

    /// <summary>The reason in words, for a user.</summary>
    public string Message => Reason switch
    {
        UnknownPnlReason.UnpricedFills => string.Create(CultureInfo.InvariantCulture,
            $"{Fills} {(Fills == 1 ? "fill" : "fills")} at price 0: the source holds no price for {(Fills == 1 ? "it" : "them")}, so P&L cannot be known"),
        _ => throw new InvalidOperationException($"No message for {Reason}."),
    };
}
