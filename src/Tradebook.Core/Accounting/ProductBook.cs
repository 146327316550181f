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
/// <para>
/// Dust: a fill that reduces a position and leaves less than <see cref="DustThreshold"/> ends the round
/// trip. The leftover lots become the product's <see cref="Dust"/>, kept at their cost (nothing is realized
/// for them) and apart from every position, so the next round trip starts from its own fills. Dust has the
/// sign of the position it came from, and while a position is open any dust has that position's sign (a
/// fill that goes past flat takes the dust first, see below). A fill that would go past flat, closing a
/// position through zero or trading from flat against the dust, first takes the dust, realizing it at the
/// fill's price against its cost with its share of the fee, and only the rest opens a position the other
/// way: a bot that sells everything it holds, leftovers included, does not go short. What a fill realizes
/// on dust belongs to the position the fill belongs to; a fill that only takes dust belongs to none.
/// Dust left by several round trips adds up and stays dust until a fill takes it.
/// </para>
/// </remarks>
public sealed record ProductBook
{
    /// <summary>An empty book; <paramref name="dustThreshold"/> zero (the default here) turns the dust rule off.</summary>
    public static ProductBook Empty(CostBasisMethod method, decimal dustThreshold = 0m)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(dustThreshold);
        return new() { Method = method, DustThreshold = dustThreshold };
    }

    public CostBasisMethod Method { get; init; }

    /// <summary>
    /// A reducing fill that leaves less than this (unsigned) ends the round trip and sets the rest aside as
    /// <see cref="Dust"/>; zero never does. See <see cref="Accounting.DustThreshold"/> for where it comes from.
    /// </summary>
    public decimal DustThreshold { get; init; }

    /// <summary>Signed quantity left by round trips that ended below <see cref="DustThreshold"/>: held, but no position.</summary>
    public decimal Dust { get; init; }

    /// <summary>What the dust cost at its entry prices, without fees.</summary>
    public decimal DustNotional { get; init; }

    /// <summary>The entry fees of the dust, not yet realized.</summary>
    public decimal DustFees { get; init; }

    /// <summary>What the dust cost with its fees (long), or brought in less its fees (short); like <see cref="CostBasis"/>.</summary>
    public decimal DustCost => Dust >= 0 ? DustNotional + DustFees : DustNotional - DustFees;

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

    /// <summary>
    /// Fills applied at price 0: the source held no price for them, so this product's P&amp;L cannot be known
    /// (see <see cref="UnknownPnl"/>). The figures are still computed, as if 0 were the price, so that a
    /// stored product and its replay compare equal; reports show them as unknown.
    /// </summary>
    public int UnpricedFills { get; init; }

    /// <summary>Why this product's P&amp;L cannot be known; null when it can.</summary>
    public UnknownPnl? UnknownPnl => UnknownPnl.Of(UnpricedFills);

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

    /// <summary>
    /// P&amp;L of the open position and of the dust if they were closed at <paramref name="markPrice"/> without
    /// exit fees: the dust is held, so its value moves with the price like the position's.
    /// </summary>
    public decimal UnrealizedPnl(decimal markPrice) =>
        Direction switch
        {
            > 0 => (Quantity * markPrice) - CostBasis,
            < 0 => CostBasis - (Math.Abs(Quantity) * markPrice),
            _ => 0,
        }
        + DustUnrealizedPnl(markPrice);

    /// <summary>What the dust would realize at <paramref name="markPrice"/> against its cost.</summary>
    public decimal DustUnrealizedPnl(decimal markPrice) =>
        Math.Sign(Dust) switch
        {
            > 0 => (Dust * markPrice) - DustCost,
            < 0 => DustCost - (Math.Abs(Dust) * markPrice),
            _ => 0,
        };

    /// <summary>
    /// Applies one fill made at <paramref name="at"/>, which dates the position it opens or closes and
    /// names the day it counts in; leave it out when only P&amp;L matters.
    /// </summary>
    public FillOutcome Apply(TradeFill fill, DateTimeOffset at = default)
    {
        var outcome = ApplyAmounts(fill, at);

        // Counted apart, on the rare unpriced fill only, so that the paths below need not each remember it.
        return fill.Price == 0 ? outcome with { Book = outcome.Book with { UnpricedFills = UnpricedFills + 1 } } : outcome;
    }

    private FillOutcome ApplyAmounts(TradeFill fill, DateTimeOffset at)
    {
        fill.Validate();
        var day = DayTotals.DayOf(at);
        if (IsFlat && Dust != 0 && Math.Sign(Dust) != fill.Sign)
        {
            return TakeDustFromFlat(fill, at, day);
        }

        if (IsFlat || Direction == fill.Sign)
        {
            var quantity = Quantity + (fill.Sign * fill.Quantity);
            var position = IsFlat
                ? Position.Opened(fill.Sign, fill.Quantity, fill.QuoteFee, at)
                : HeldPosition().Filled(Math.Abs(quantity), fill.QuoteFee, 0m);
            var opened = AddLot(fill.Quantity, fill.Price, fill.QuoteFee, fill.Sign, fill.QuoteFee, 1, position);
            return new FillOutcome(opened, 0m, 0m, fill.Quantity, false, false, IsFlat, position, day, new DayTotals(0m, fill.QuoteFee, 1, 0, 0), 0m);
        }

        if (Dust != 0 && Math.Sign(Dust) != Direction)
        {
            throw new InvalidOperationException($"A book holding {Quantity} has dust of {Dust}, of the other sign: it was built by hand and cannot take fills.");
        }

        var closing = Math.Min(fill.Quantity, Math.Abs(Quantity));

        // Past flat, the fill takes the dust first (while a position is open, dust has its sign).
        var fromDust = closing < fill.Quantity && Math.Sign(Dust) == Direction ? Math.Min(fill.Quantity - closing, Math.Abs(Dust)) : 0m;
        var closingFee = closing + fromDust == fill.Quantity ? fill.QuoteFee : Lot.Share(fill.QuoteFee, closing + fromDust, fill.Quantity);
        var (taken, rest) = TakeLots(closing);
        var (dustTaken, dustLeft) = fromDust > 0 ? DustLot.Take(fromDust) : (default(Lot), DustLot);
        taken = taken.Merge(dustTaken);

        // Long: sell proceeds minus what the lots cost. Short: what the lots brought in minus the buy-back.
        var gross = Direction * (((closing + fromDust) * fill.Price) - taken.Notional);
        var realized = gross - taken.Fees - closingFee;
        var left = Quantity + (fill.Sign * closing);

        // Less than the threshold left: the round trip ends, and the rest is set aside as dust at its cost.
        var toDust = left != 0 && Math.Abs(left) < DustThreshold;
        if (toDust)
        {
            dustLeft = rest.Aggregate(dustLeft, (dust, lot) => dust.Merge(lot));
        }

        var flat = left == 0 || toDust;
        var closed = flat ? HeldPosition().Closed(closingFee, realized, at) : HeldPosition().Filled(Math.Abs(left), closingFee, realized);
        var won = flat && closed.RealizedPnl > 0;
        var dust = Direction * dustLeft.Quantity;

        // One new book per fill: the books in between would be garbage at once.
        var book = this with
        {
            Fees = Fees + fill.QuoteFee,
            Quantity = toDust ? 0m : left,
            Lots = toDust ? [] : rest,
            Dust = dust,
            DustNotional = dustLeft.Notional,
            DustFees = dustLeft.Fees,
            RealizedPnl = RealizedPnl + realized,
            OpenPosition = flat ? null : closed,
            Trades = Trades + (flat ? 1 : 0),
            Wins = Wins + (won ? 1 : 0),
            Fills = Fills + 1,
        };

        var dayChange = new DayTotals(realized, fill.QuoteFee, 1, flat ? 1 : 0, won ? 1 : 0);
        if (!flat)
        {
            return new FillOutcome(book, realized, closing, 0m, false, false, false, closed, day, dayChange, dust - Dust);
        }

        var flipped = fill.Quantity - closing - fromDust;
        if (flipped > 0)
        {
            // A flip: the rest of the fill opens a position the other way, with the rest of the fee.
            var flipFee = fill.QuoteFee - closingFee;
            book = book.AddLot(flipped, fill.Price, flipFee, fill.Sign, 0m, 0, Position.Opened(fill.Sign, flipped, flipFee, at));
        }

        return new FillOutcome(book, realized, closing, flipped, true, won, flipped > 0, closed, day, dayChange, dust - Dust);
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
        && DustThreshold == other.DustThreshold
        && Quantity == other.Quantity
        && Dust == other.Dust
        && DustNotional == other.DustNotional
        && DustFees == other.DustFees
        && RealizedPnl == other.RealizedPnl
        && Fees == other.Fees
        && CashFlowPnl == other.CashFlowPnl
        && Trades == other.Trades
        && Wins == other.Wins
        && Fills == other.Fills
        && UnpricedFills == other.UnpricedFills
        && OpenPosition == other.OpenPosition
        && Lots.SequenceEqual(other.Lots);

    public override int GetHashCode()
    {
        var hash = new HashCode();
        hash.Add(Method);
        hash.Add(DustThreshold);
        hash.Add(Quantity);
        hash.Add(Dust);
        hash.Add(DustNotional);
        hash.Add(DustFees);
        hash.Add(RealizedPnl);
        hash.Add(Fees);
        hash.Add(CashFlowPnl);
        hash.Add(Trades);
        hash.Add(Wins);
        hash.Add(Fills);
        hash.Add(UnpricedFills);
        hash.Add(OpenPosition);
        foreach (var lot in Lots)
        {
            hash.Add(lot);
        }

        return hash.ToHashCode();
    }

    /// <summary>Replays fills in order from an empty book; the reference every stored book must equal.</summary>
    public static ProductBook Replay(CostBasisMethod method, IEnumerable<TradeFill> fills, decimal dustThreshold = 0m) =>
        fills.Aggregate(Empty(method, dustThreshold), (book, fill) => book.Apply(fill).Book);

    /// <summary>The dust as one unsigned lot: its quantity, notional and entry fees.</summary>
    private Lot DustLot => new(Math.Abs(Dust), DustNotional, DustFees);

    /// <summary>
    /// From flat, a fill against the dust takes the dust first, realizing it against its cost with its share of
    /// the fee. The rest of the fill, if any, opens a position that carries the fill's realized P&amp;L and its
    /// whole fee (the fill belongs to it); a fill that only took dust belongs to no position.
    /// </summary>
    private FillOutcome TakeDustFromFlat(TradeFill fill, DateTimeOffset at, DateOnly day)
    {
        var sign = Math.Sign(Dust);
        var fromDust = Math.Min(fill.Quantity, Math.Abs(Dust));
        var dustFee = fromDust == fill.Quantity ? fill.QuoteFee : Lot.Share(fill.QuoteFee, fromDust, fill.Quantity);
        var (taken, left) = DustLot.Take(fromDust);
        var realized = (sign * ((fromDust * fill.Price) - taken.Notional)) - taken.Fees - dustFee;
        var book = this with
        {
            Dust = sign * left.Quantity,
            DustNotional = left.Notional,
            DustFees = left.Fees,
            RealizedPnl = RealizedPnl + realized,
            Fees = Fees + fill.QuoteFee,
            Fills = Fills + 1,
        };
        var dayChange = new DayTotals(realized, fill.QuoteFee, 1, 0, 0);
        var rest = fill.Quantity - fromDust;
        if (rest == 0)
        {
            return new FillOutcome(book, realized, 0m, 0m, false, false, false, null, day, dayChange, book.Dust - Dust);
        }

        var position = Position.Opened(fill.Sign, rest, fill.QuoteFee, at).Filled(rest, 0m, realized);
        book = book.AddLot(rest, fill.Price, fill.QuoteFee - dustFee, fill.Sign, 0m, 0, position);
        return new FillOutcome(book, realized, 0m, rest, false, false, true, position, day, dayChange, book.Dust - Dust);
    }

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
