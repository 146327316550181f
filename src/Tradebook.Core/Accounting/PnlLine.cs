namespace Tradebook.Core.Accounting;

/// <summary>One line of a P&amp;L report: a bot on a product, a bot, or a day, depending on the grouping.</summary>
/// <param name="Dust">Quantity left by round trips that ended below the dust threshold: held, but no position (see <see cref="ProductBook.Dust"/>).</param>
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
    decimal Dust = 0m)
{
    public decimal WinRate => Trades == 0 ? 0 : (decimal)Wins / Trades;

    public decimal TotalPnl => RealizedPnl + UnrealizedPnl;

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
            Dust + other.Dust);
    }
}
