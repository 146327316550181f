using System.Collections.Immutable;
using System.Runtime.InteropServices;
using Tradebook.Core.Domain;

namespace Tradebook.Core.Accounting;

/// <summary>
/// The accounting state of one bot on one instrument: the open quantity and its lots, the figures of
/// the open position, and everything realized so far. Immutable: <see cref="Apply"/> and
/// <see cref="ApplyCashFlow"/> return the next book with what changed. This is the one place where a
/// fill or a cash flow becomes figures; storage loads a book, applies to it, and saves what it returns.
/// </summary>
/// <remarks>
/// Conventions, chosen so that realized + unrealized always equals every cash movement so far:
/// entry fees join the cost basis of the lot they opened and are realized pro rata when it closes;
/// exit fees reduce the proceeds; a fill that crosses zero closes the old position and opens the
/// remainder on the other side, sharing its fee pro rata (rounded by <see cref="Lot.Share"/>; the
/// closing position, the realized P&amp;L and the new position's first lot all take the same share).
/// A round trip is one position from flat back to flat; it is a win when its realized P&amp;L, cash
/// flows included, is positive.
/// </remarks>
public sealed record ProductBook
{
    public static ProductBook Empty(CostBasisMethod method) => new() { Method = method };

    public CostBasisMethod Method { get; init; }

    /// <summary>Signed open quantity: positive long, negative short, zero flat.</summary>
    public decimal Quantity { get; init; }

    /// <summary>Open lots, oldest first. Average cost keeps at most one.</summary>
    public ImmutableArray<Lot> Lots { get; init; } = [];

    /// <summary>Everything realized on this product, net of fees, cash flows attributed to it included.</summary>
    public decimal RealizedPnl { get; init; }

    /// <summary>Every fee paid on this product, in the quote currency.</summary>
    public decimal Fees { get; init; }

    /// <summary>Funding, interest and other cash flows attributed to this product (part of <see cref="RealizedPnl"/>).</summary>
    public decimal CashFlowPnl { get; init; }

    /// <summary>Completed round trips.</summary>
    public int Trades { get; init; }

    /// <summary>Completed round trips whose realized P&amp;L was positive.</summary>
    public int Wins { get; init; }

    /// <summary>Fills applied to this product.</summary>
    public int Fills { get; init; }

    /// <summary>The figures of the position open now; null when flat.</summary>
    public Position? OpenPosition { get; init; }

    /// <summary>Realized so far by the position that is open now; decides whether its round trip wins.</summary>
    public decimal OpenPositionRealized => OpenPosition?.RealizedPnl ?? 0m;

    public int Direction => Math.Sign(Quantity);

    public bool IsFlat => Quantity == 0;

    public decimal EntryNotional => Lots.Sum(l => l.Notional);

    public decimal EntryFees => Lots.Sum(l => l.Fees);

    /// <summary>Average entry price, price-weighted, without fees.</summary>
    public decimal AverageEntryPrice => IsFlat ? 0 : EntryNotional / Math.Abs(Quantity);

    /// <summary>
    /// Cost basis with fees: what a long cost (notional plus entry fees), or what a short
    /// brought in (notional less entry fees).
    /// </summary>
    public decimal CostBasis => Direction >= 0 ? EntryNotional + EntryFees : EntryNotional - EntryFees;

    /// <summary>P&amp;L of the open position if it were closed at <paramref name="markPrice"/> without exit fees.</summary>
    public decimal UnrealizedPnl(decimal markPrice) =>
        Direction switch
        {
            > 0 => (Quantity * markPrice) - CostBasis,
            < 0 => CostBasis - (Math.Abs(Quantity) * markPrice),
            _ => 0,
        };

    /// <summary>
    /// Applies one fill made at <paramref name="at"/>, which dates the position it opens or closes and
    /// names the day it counts in; leave it out when only P&amp;L matters.
    /// </summary>
    public FillOutcome Apply(TradeFill fill, DateTimeOffset at = default)
    {
        fill.Validate();
        var day = DayTotals.DayOf(at);
        if (IsFlat || Direction == fill.Sign)
        {
            var quantity = Quantity + (fill.Sign * fill.Quantity);
            var position = IsFlat
                ? Position.Opened(fill.Sign, fill.Quantity, fill.QuoteFee, at)
                : HeldPosition().Filled(Math.Abs(quantity), fill.QuoteFee, 0m);
            var opened = AddLot(fill.Quantity, fill.Price, fill.QuoteFee, fill.Sign, fill.QuoteFee, 1, position);
            return new FillOutcome(opened, 0m, 0m, fill.Quantity, false, false, IsFlat, position, day, new DayTotals(0m, fill.QuoteFee, 1, 0, 0));
        }

        var closing = Math.Min(fill.Quantity, Math.Abs(Quantity));
        var closingFee = closing == fill.Quantity ? fill.QuoteFee : Lot.Share(fill.QuoteFee, closing, fill.Quantity);
        var (taken, rest) = TakeLots(closing);

        // Long: sell proceeds minus what the lots cost. Short: what the lots brought in minus the buy-back.
        var gross = Direction * ((closing * fill.Price) - taken.Notional);
        var realized = gross - taken.Fees - closingFee;
        var left = Quantity + (fill.Sign * closing);
        var flat = left == 0;
        var closed = flat ? HeldPosition().Closed(closingFee, realized, at) : HeldPosition().Filled(Math.Abs(left), closingFee, realized);
        var won = flat && closed.RealizedPnl > 0;

        // One new book per fill: the books in between would be garbage at once.
        var book = this with
        {
            Fees = Fees + fill.QuoteFee,
            Quantity = left,
            Lots = rest,
            RealizedPnl = RealizedPnl + realized,
            OpenPosition = flat ? null : closed,
            Trades = Trades + (flat ? 1 : 0),
            Wins = Wins + (won ? 1 : 0),
            Fills = Fills + 1,
        };

        var dayChange = new DayTotals(realized, fill.QuoteFee, 1, flat ? 1 : 0, won ? 1 : 0);
        if (!flat)
        {
            return new FillOutcome(book, realized, closing, 0m, false, false, false, closed, day, dayChange);
        }

        var flipped = fill.Quantity - closing;
        if (flipped > 0)
        {
            // A flip: the rest of the fill opens a position the other way, with the rest of the fee.
            var flipFee = fill.QuoteFee - closingFee;
            book = book.AddLot(flipped, fill.Price, flipFee, fill.Sign, 0m, 0, Position.Opened(fill.Sign, flipped, flipFee, at));
        }

        return new FillOutcome(book, realized, closing, flipped, true, won, flipped > 0, closed, day, dayChange);
    }

    /// <summary>
    /// Funding, interest or another cash flow attributed to this product, at <paramref name="at"/>:
    /// realized at once, and part of the open position's P&amp;L when one is open.
    /// </summary>
    public CashFlowOutcome ApplyCashFlow(decimal amount, DateTimeOffset at = default)
    {
        var book = this with
        {
            RealizedPnl = RealizedPnl + amount,
            CashFlowPnl = CashFlowPnl + amount,
            OpenPosition = OpenPosition?.WithCashFlow(amount),
        };
        return new CashFlowOutcome(book, OpenPosition is not null, DayTotals.DayOf(at), new DayTotals(amount, 0m, 0, 0, 0));
    }

    /// <summary>
    /// Value equality, lots included. The generated record equality compared <see cref="Lots"/> by
    /// reference (an ImmutableArray compares its array), so a replayed book never equalled a stored one.
    /// </summary>
    public bool Equals(ProductBook? other) =>
        other is not null
        && Method == other.Method
        && Quantity == other.Quantity
        && RealizedPnl == other.RealizedPnl
        && Fees == other.Fees
        && CashFlowPnl == other.CashFlowPnl
        && Trades == other.Trades
        && Wins == other.Wins
        && Fills == other.Fills
        && OpenPosition == other.OpenPosition
        && Lots.SequenceEqual(other.Lots);

    public override int GetHashCode()
    {
        var hash = new HashCode();
        hash.Add(Method);
        hash.Add(Quantity);
        hash.Add(RealizedPnl);
        hash.Add(Fees);
        hash.Add(CashFlowPnl);
        hash.Add(Trades);
        hash.Add(Wins);
        hash.Add(Fills);
        hash.Add(OpenPosition);
        foreach (var lot in Lots)
        {
            hash.Add(lot);
        }

        return hash.ToHashCode();
    }

    /// <summary>Replays fills in order from an empty book; the reference every stored book must equal.</summary>
    public static ProductBook Replay(CostBasisMethod method, IEnumerable<TradeFill> fills) =>
        fills.Aggregate(Empty(method), (book, fill) => book.Apply(fill).Book);

    /// <summary>
    /// Opens or adds to the position, whose figures after it are <paramref name="position"/>, with a lot of
    /// <paramref name="quantity"/> carrying <paramref name="fee"/>; <paramref name="feesPaid"/> and
    /// <paramref name="fillsCounted"/> join the product's sums in the same new book (a flip counted them already).
    /// </summary>
    private ProductBook AddLot(decimal quantity, decimal price, decimal fee, int sign, decimal feesPaid, int fillsCounted, Position position)
    {
        var lot = new Lot(quantity, quantity * price, fee);
        var lots = Method == CostBasisMethod.Average && Lots.Length == 1 ? [Lots[0].Merge(lot)] : Lots.Add(lot);
        return this with { Quantity = Quantity + (sign * quantity), Lots = lots, Fees = Fees + feesPaid, Fills = Fills + fillsCounted, OpenPosition = position };
    }

    /// <summary>The open position, which a book with an open quantity always has.</summary>
    private Position HeldPosition() =>
        OpenPosition ?? throw new InvalidOperationException($"A book holding {Quantity} has no open position: it was built without one and cannot take fills.");

    /// <summary>Takes <paramref name="quantity"/> from the oldest lots; the lots left are one new array.</summary>
    private (Lot Taken, ImmutableArray<Lot> Remaining) TakeLots(decimal quantity)
    {
        var taken = default(Lot);
        var next = 0;
        Lot? partlyTaken = null;
        while (quantity > 0)
        {
            var (part, left) = Lots[next].Take(Math.Min(quantity, Lots[next].Quantity));
            taken = taken.Merge(part);
            quantity -= part.Quantity;
            if (left.Quantity == 0)
            {
                next++;
            }
            else
            {
                partlyTaken = left;
            }
        }

        var remaining = new Lot[Lots.Length - next];
        Lots.AsSpan()[next..].CopyTo(remaining);
        if (partlyTaken is { } rest)
        {
            remaining[0] = rest;
        }

        return (taken, ImmutableCollectionsMarshal.AsImmutableArray(remaining));
    }
}
