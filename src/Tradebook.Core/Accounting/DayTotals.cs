namespace Tradebook.Core.Accounting;

/// <summary>
/// What one product adds up to on one UTC day, or what one fill or cash flow adds to it: the P&amp;L
/// it realized (cash flows included), the fees paid, fills, and the round trips that ended that day
/// and how many of them won.
/// </summary>
public readonly record struct DayTotals(decimal RealizedPnl, decimal Fees, int Fills, int Trades, int Wins)
{
    /// <summary>The day a fill or cash flow counts in: its UTC date, whatever offset it was recorded with.</summary>
    public static DateOnly DayOf(DateTimeOffset at) => DateOnly.FromDateTime(at.UtcDateTime);

    public DayTotals Plus(DayTotals other) =>
        new(RealizedPnl + other.RealizedPnl, Fees + other.Fees, Fills + other.Fills, Trades + other.Trades, Wins + other.Wins);
}
