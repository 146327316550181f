namespace Tradebook.Core.Accounting;

/// <summary>One line of a P&amp;L report: a bot on a product, a bot, or a day, depending on the grouping.</summary>
/// <param name="Dust">Quantity left by round trips that ended below the dust threshold: held, but no position (see <see cref="ProductBook.Dust"/>).</param>
/// <param name="UnpricedFills">Fills at price 0 in the products this line adds up; any makes its P&amp;L unknown (<see cref="UnknownPnl"/>).</param>
public sealed record PnlLine(
    string Bot,
    string Mode,
    string Product,
    decimal RealizedPnl,
    decimal UnrealizedPnl,
    decimal Fees,
    decimal PositionQty,
    decimal AvgEntryPrice,
    decimal CostBasis,
    int Trades,
    int Wins,
    bool Marked,
    decimal Dust = 0m,
    int UnpricedFills = 0)
{
    public decimal WinRate => Trades == 0 ? 0 : (decimal)Wins / Trades;

    public decimal TotalPnl => RealizedPnl + UnrealizedPnl;

    /// <summary>Why this line's P&amp;L cannot be known; null when it can. The figures below are then null.</summary>
    public UnknownPnl? Unknown => UnknownPnl.Of(UnpricedFills);

    public decimal? KnownRealizedPnl => Unknown is null ? RealizedPnl : null;

    public decimal? KnownUnrealizedPnl => Unknown is null ? UnrealizedPnl : null;

    public decimal? KnownFees => Unknown is null ? Fees : null;

    public decimal? KnownAvgEntryPrice => Unknown is null ? AvgEntryPrice : null;

    public decimal? KnownCostBasis => Unknown is null ? CostBasis : null;

    /// <summary>Whether a round trip won depends on its P&amp;L: unknown with it.</summary>
    public int? KnownWins => Unknown is null ? Wins : null;

    public decimal? KnownWinRate => Unknown is null ? WinRate : null;

    /// <summary>Adds two lines of the same group. Entry price is re-weighted by quantity.</summary>
    public PnlLine Plus(PnlLine other, string bot, string product)
    {
        var qty = PositionQty + other.PositionQty;
        var notional = (AvgEntryPrice * Math.Abs(PositionQty)) + (other.AvgEntryPrice * Math.Abs(other.PositionQty));
        var absQty = Math.Abs(PositionQty) + Math.Abs(other.PositionQty);
        return new PnlLine(
            bot,
            Mode == other.Mode ? Mode : "mixed",
            product,
            RealizedPnl + other.RealizedPnl,
            UnrealizedPnl + other.UnrealizedPnl,
            Fees + other.Fees,
            qty,
            absQty == 0 ? 0 : notional / absQty,
            CostBasis + other.CostBasis,
            Trades + other.Trades,
            Wins + other.Wins,
            Marked && other.Marked,
            Dust + other.Dust,
            UnpricedFills + other.UnpricedFills);
    }
}
