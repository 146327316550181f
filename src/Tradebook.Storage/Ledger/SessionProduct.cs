using System.Runtime.InteropServices;
using Tradebook.Core.Accounting;
using Tradebook.Core.Domain;

namespace Tradebook.Storage.Ledger;

/// <summary>
/// A bot's product as a recording session holds it: its book (every figure is the book's, worked out by
/// Core), the rows its positions are stored under, and what the session changed since the last flush.
/// Closed positions are written as they close; the rest is written by <see cref="ProductSaver"/>.
/// </summary>
internal sealed class SessionProduct(long botId, long instrumentId, string quoteCurrency, ProductBook book)
{
    public long BotId { get; } = botId;

    public long InstrumentId { get; } = instrumentId;

    public string Quote { get; } = quoteCurrency;

    public ProductBook Book { get; private set; } = book;

    /// <summary>The row of <see cref="ProductBook.OpenPosition"/>; null when flat.</summary>
    public long? OpenPositionId { get; private set; }

    public DateTimeOffset? LastFillAt { get; private set; }

    /// <summary>
    /// How many times the product was derived again from its fills (<c>product_rollups.replays</c>): one more
    /// for a product a replay starts, so that a reader that kept its round trips knows to read them all again.
    /// </summary>
    public long Replays { get; init; }

    /// <summary>A fill or cash flow arrived older than what the product holds: it is replayed before the flush.</summary>
    public bool NeedsReplay { get; private set; }

    /// <summary>Something changed since the last flush.</summary>
    public bool Dirty { get; private set; }

    /// <summary>What each UTC day gained since the last flush, keyed by the day itself: the text key is only made at flush.</summary>
    public Dictionary<DateOnly, DayTotals> Days { get; } = [];

    /// <summary>
    /// The day last written to <c>daily_rollups</c>, with its totals as stored then: the next flush of the same
    /// day adds to them without reading the row back. A replay starts from a new product, so it reads again.
    /// </summary>
    public (DateOnly Day, DayTotals Totals)? StoredDay { get; set; }

    /// <summary>Fees kept apart since the last flush, per currency, because no rate converted them.</summary>
    public Dictionary<string, decimal> UnconvertedFees { get; } = new(StringComparer.Ordinal);

    /// <summary>
    /// The earliest time of a fill or cash flow applied since the last flush. Everything stored before it is
    /// as the last flush left it, in time order, so a replay can resume from a checkpoint at or before it.
    /// </summary>
    public DateTimeOffset? EarliestUnsaved { get; private set; }

    /// <summary>Where a replay must start: <see cref="EarliestUnsaved"/>, or null for the first fill (the dust threshold changed).</summary>
    public DateTimeOffset? ReplayFrom => _replayFromStart ? null : EarliestUnsaved;

    /// <summary>
    /// The position whose FIFO lots are stored: the open position as loaded or as the last flush wrote it. Once it
    /// is no longer the open one (it closed, or a replay moved its fills), the flush deletes its lots.
    /// </summary>
    public long? LotsStoredFor { get; set; }

    /// <summary>Fills the book held at the product's latest checkpoint: the next one is due <c>interval</c> fills later.</summary>
    public int CheckpointFills { get; private set; }

    /// <summary>Time of the product's latest cash flow: a fill at or before it arrived out of time order.</summary>
    private DateTimeOffset? _lastCashFlowAt;

    /// <summary>Every figure changed, not only those after a late row: the replay starts from the first fill.</summary>
    private bool _replayFromStart;

    /// <summary>A product as stored: its book, the row of its open position, and the times its replay check needs.</summary>
    public static SessionProduct Stored(
        long botId, long instrumentId, string quoteCurrency, ProductBook book, long? openPositionId, DateTimeOffset? lastFillAt, DateTimeOffset? lastCashFlowAt, int checkpointFills, long replays) =>
        new(botId, instrumentId, quoteCurrency, book)
        {
            Replays = replays,
            OpenPositionId = openPositionId,
            LotsStoredFor = book.Method == CostBasisMethod.Fifo ? openPositionId : null,
            LastFillAt = lastFillAt,
            _lastCashFlowAt = lastCashFlowAt,
            CheckpointFills = checkpointFills,
        };

    /// <summary>
    /// A product resumed from a checkpoint, for a replay of what came at or after its time: the day of the
    /// checkpoint and the fees kept apart start from what the checkpoint had, since the replay writes them whole.
    /// The replay deleted the stored lots before it, so none are stored for any position.
    /// </summary>
    public static SessionProduct Resumed(long botId, long instrumentId, string quoteCurrency, ProductCheckpoint checkpoint, long replays)
    {
        var product = new SessionProduct(botId, instrumentId, quoteCurrency, checkpoint.Book)
        {
            Replays = replays,
            OpenPositionId = checkpoint.OpenPositionId,
            LastFillAt = checkpoint.LastFillAt,
            CheckpointFills = checkpoint.Book.Fills,
            Dirty = true,
        };
        product.Days[DayTotals.DayOf(checkpoint.At)] = checkpoint.DaySoFar;
        foreach (var (currency, amount) in checkpoint.UnconvertedFees)
        {
            product.UnconvertedFees[currency] = amount;
        }

        return product;
    }

    /// <summary>
    /// Applies the fill to the book without changing the product. The fill belongs to the position it
    /// closes; a fill from flat starts a new position, whose row is written now because the fill's row
    /// names it, unless it only took dust, which belongs to no position. A replay gives the row the fill was
    /// stored under as <paramref name="former"/>, for <see cref="PositionRows.Open"/> to take over.
    /// </summary>
    public FillStep Plan(TradeFill fill, DateTimeOffset at, PositionRows positions, long? former = null)
    {
        var outcome = Book.Apply(fill, at);
        if (OpenPositionId is { } open)
        {
            return new FillStep(outcome, open, null);
        }

        if (outcome.Position is not { } position)
        {
            return new FillStep(outcome, null, null);
        }

        var opened = positions.Open(BotId, InstrumentId, position.Direction, at, former);
        return new FillStep(outcome, opened, opened);
    }

    /// <summary>Undoes <see cref="Plan"/> for a fill that turned out to be recorded already.</summary>
    public static void Discard(FillStep step, PositionRows positions)
    {
        if (step.OpenedId is { } opened)
        {
            positions.Delete(opened);
        }
    }

    /// <summary>
    /// Keeps what the fill did: the book Core returned, the rows of its positions, the day's change. A
    /// position the fill closed is written at once, with its final figures: nothing changes it again, and
    /// holding closed positions until the flush cost more memory per fill than the row write does.
    /// During a replay, <paramref name="nextFormer"/> is the row the fills after it were stored under, for the position a
    /// flip opens to take over (the flipping fill itself belongs to the position it closes).
    /// </summary>
    public void Commit(FillStep step, ConvertedFee fee, DateTimeOffset at, PositionRows positions, long? nextFormer = null)
    {
        if (IsBehind(at))
        {
            NeedsReplay = true;
        }

        var outcome = step.Outcome;
        Book = outcome.Book;
        OpenPositionId = step.PositionId;
        if (outcome.ClosedRoundTrip)
        {
            positions.Write(step.PositionId!.Value, outcome.Position!.Value, book: null);

            // A flip: the rest of the fill opened a position the other way, which needs a row.
            OpenPositionId = outcome.Book.OpenPosition is { } flipped ? positions.Open(BotId, InstrumentId, flipped.Direction, at, nextFormer) : null;
        }

        LastFillAt = LastFillAt > at ? LastFillAt : at;
        EarliestUnsaved = EarliestUnsaved < at ? EarliestUnsaved : at;
        Dirty = true;
        if (!fee.IsConverted)
        {
            UnconvertedFees[fee.UnconvertedCurrency!] = UnconvertedFees.GetValueOrDefault(fee.UnconvertedCurrency!) + fee.UnconvertedAmount;
        }

        AddToDay(outcome.Day, outcome.DayChange);
    }

    /// <summary>
    /// Whether a fill at <paramref name="at"/> is older than what the product already holds: its effects on later
    /// fills can only be worked out by applying everything again in time order, once, before the batch is flushed.
    /// </summary>
    public bool IsBehind(DateTimeOffset at) => LastFillAt > at || _lastCashFlowAt >= at;

    /// <summary>
    /// A fill older than what the product holds was recorded, not applied: the replay before the flush applies it
    /// with everything after it, from a checkpoint at or before <paramref name="at"/>.
    /// </summary>
    public void TookLate(DateTimeOffset at)
    {
        NeedsReplay = true;
        LastFillAt = LastFillAt > at ? LastFillAt : at;
        EarliestUnsaved = EarliestUnsaved < at ? EarliestUnsaved : at;
        Dirty = true;
    }

    /// <summary>Applies a cash flow in the product's quote currency: its P&amp;L, the position open at the time, the day.</summary>
    public void ApplyCashFlow(decimal amount, DateTimeOffset at)
    {
        if (LastFillAt > at)
        {
            NeedsReplay = true;
        }

        _lastCashFlowAt = _lastCashFlowAt > at ? _lastCashFlowAt : at;
        EarliestUnsaved = EarliestUnsaved < at ? EarliestUnsaved : at;
        var outcome = Book.ApplyCashFlow(amount, at);
        Book = outcome.Book;
        AddToDay(outcome.Day, outcome.DayChange);
        Dirty = true;
    }

    /// <summary>What decides the product's dust changed: it is replayed from its first fill before the flush.</summary>
    public void MarkForReplay() => NeedsReplay = _replayFromStart = true;

    /// <summary>The product was replayed: everything it holds is in time order again.</summary>
    public void Replayed() => NeedsReplay = _replayFromStart = false;

    /// <summary>
    /// Whether a checkpoint is due before a fill at <paramref name="at"/>: <paramref name="interval"/> fills or
    /// more since the last one, and the book holds exactly what came before <paramref name="at"/>, in time order
    /// (nothing late waits for a replay, and nothing held has the same time, to the microsecond the database keeps).
    /// </summary>
    public bool CheckpointDue(DateTimeOffset at, int interval) =>
        !NeedsReplay
        && Book.Fills - CheckpointFills >= interval
        && (LastFillAt is not { } lastFill || UniqueRows.Micro(lastFill) < UniqueRows.Micro(at))
        && (_lastCashFlowAt is not { } lastFlow || UniqueRows.Micro(lastFlow) < UniqueRows.Micro(at));

    /// <summary>A checkpoint of the book as it is now was saved.</summary>
    public void CheckpointSaved() => CheckpointFills = Book.Fills;

    /// <summary>Everything changed so far is written: start counting changes afresh.</summary>
    public void Flushed()
    {
        Days.Clear();
        UnconvertedFees.Clear();
        EarliestUnsaved = null;
        Dirty = false;
    }

    private void AddToDay(DateOnly day, DayTotals change)
    {
        ref var total = ref CollectionsMarshal.GetValueRefOrAddDefault(Days, day, out _);
        total = total.Plus(change);
    }
}
