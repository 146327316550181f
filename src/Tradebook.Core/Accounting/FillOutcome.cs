namespace Tradebook.Core.Accounting;

/// <summary>What one fill did to a product's book.</summary>
/// <param name="Book">The book after the fill.</param>
/// <param name="RealizedPnl">P&amp;L realized by this fill, net of the entry and exit fees of the closed quantity.</param>
/// <param name="ClosedQuantity">Quantity of the existing position that this fill closed.</param>
/// <param name="OpenedQuantity">Quantity this fill added to, or opened as, a position.</param>
/// <param name="ClosedRoundTrip">True when this fill took the position to flat (or through it): one trade ended.</param>
/// <param name="RoundTripWon">When a round trip ended: whether its total realized P&amp;L was positive.</param>
/// <param name="OpenedNewPosition">True when the fill started a position from flat, including the new side of a flip.</param>
public sealed record FillOutcome(
    ProductBook Book,
    decimal RealizedPnl,
    decimal ClosedQuantity,
    decimal OpenedQuantity,
    bool ClosedRoundTrip,
    bool RoundTripWon,
    bool OpenedNewPosition);
