namespace Tradebook.Core.Accounting;

/// <summary>
/// The figures of one position: a round trip from flat back to flat (or through it). Only
/// <see cref="ProductBook"/> changes them, as it applies the position's fills and cash flows; the lots
/// and the open quantity are the book's, since they are the product's state while the position is open.
/// </summary>
/// <param name="Direction">Long or short; a flip ends this position and opens one the other way.</param>
/// <param name="OpenedAt">Time of the fill that opened it.</param>
/// <param name="ClosedAt">Time of the fill that took it to flat or through it; null while open.</param>
/// <param name="MaxQuantity">The largest quantity it held at any time, unsigned.</param>
/// <param name="RealizedPnl">What its fills realized, net of fees, and the cash flows it received or paid.</param>
/// <param name="Fees">The fees of its fills; a flip's fee is shared with the position it opens (see <see cref="Lot.Share"/>).</param>
/// <param name="CashFlowPnl">Funding, interest and other cash flows attributed to it while it was open (part of <see cref="RealizedPnl"/>).</param>
public readonly record struct Position(
    PositionDirection Direction,
    DateTimeOffset OpenedAt,
    DateTimeOffset? ClosedAt,
    decimal MaxQuantity,
    decimal RealizedPnl,
    decimal Fees,
    decimal CashFlowPnl)
{
    public PositionStatus Status => ClosedAt is null ? PositionStatus.Open : PositionStatus.Closed;

    public bool IsOpen => ClosedAt is null;

    /// <summary>A position opened by (part of) a fill: its quantity is its first maximum and its share of the fee its first fee.</summary>
    internal static Position Opened(int sign, decimal quantity, decimal fee, DateTimeOffset at) =>
        new(sign > 0 ? PositionDirection.Long : PositionDirection.Short, at, null, quantity, 0m, fee, 0m);

    /// <summary>A fill on this position that left it open with <paramref name="quantity"/>.</summary>
    internal Position Filled(decimal quantity, decimal fee, decimal realized) =>
        this with { MaxQuantity = Math.Max(MaxQuantity, quantity), Fees = Fees + fee, RealizedPnl = RealizedPnl + realized };

    /// <summary>The fill that ended this position's round trip at <paramref name="at"/>.</summary>
    internal Position Closed(decimal fee, decimal realized, DateTimeOffset at) =>
        this with { Fees = Fees + fee, RealizedPnl = RealizedPnl + realized, ClosedAt = at };

    /// <summary>A cash flow attributed to this position while it is open: realized at once.</summary>
    internal Position WithCashFlow(decimal amount) =>
        this with { CashFlowPnl = CashFlowPnl + amount, RealizedPnl = RealizedPnl + amount };
}
