namespace Tradebook.Core.Accounting;

/// <summary>What one fill did to a product's book, its position and its day.</summary>
/// <param name="Book">The book after the fill.</param>
/// <param name="RealizedPnl">P&amp;L realized by this fill, net of the entry and exit fees of the closed quantity.</param>
/// <param name="ClosedQuantity">Quantity of the existing position that this fill closed.</param>
/// <param name="OpenedQuantity">Quantity this fill added to, or opened as, a position.</param>
/// <param name="ClosedRoundTrip">True when this fill took the position to flat (or through it): one trade ended.</param>
/// <param name="RoundTripWon">When a round trip ended: whether its total realized P&amp;L was positive.</param>
/// <param name="OpenedNewPosition">True when the fill started a position from flat, including the new side of a flip.</param>
/// <param name="Position">
/// The position the fill belongs to, after it: the one it closed (closed now) or reduced, else the one it
/// opened or added to. The new side of a flip is <see cref="ProductBook.OpenPosition"/> of <see cref="Book"/>.
/// Null for a fill from flat that only took dust: dust belongs to no position.
/// </param>
/// <param name="Day">The UTC day the fill counts in (<see cref="DayTotals.DayOf"/>).</param>
/// <param name="DayChange">What the fill adds to that day: its realized P&amp;L, its whole fee, one fill, and the round trip it ended.</param>
/// <param name="DustChange">
/// How much the fill changed <see cref="ProductBook.Dust"/> (signed like it): what a round trip ended below
/// the threshold left, or less what the fill took from the dust.
/// </param>
/// <remarks>A value, not an object: one is made for every fill a ledger records.</remarks>
public readonly record struct FillOutcome(
    ProductBook Book,
    decimal RealizedPnl,
    decimal ClosedQuantity,
    decimal OpenedQuantity,
    bool ClosedRoundTrip,
    bool RoundTripWon,
    bool OpenedNewPosition,
    Position? Position,
    DateOnly Day,
    DayTotals DayChange,
    decimal DustChange);
