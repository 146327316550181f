using System.Runtime.InteropServices;
using Tradebook.Core.Accounting;

namespace Tradebook.Storage.Ledger;

/// <summary>
/// A bot's product while a batch is written: its accounting book (every figure is the book's), the row
/// ids the book's positions are stored under, and what the batch changed, written once at its end.
/// </summary>
internal sealed class ProductState(long botId, long instrumentId, string baseCurrency, string quoteCurrency, ProductBook book)
{
    public long BotId { get; } = botId;

    public long InstrumentId { get; } = instrumentId;

    public string Base { get; } = baseCurrency;

    public string Quote { get; } = quoteCurrency;

    public ProductBook Book { get; set; } = book;

    /// <summary>The row of <see cref="ProductBook.OpenPosition"/>; null when flat.</summary>
    public long? OpenPositionId { get; set; }

    public DateTimeOffset? LastFillAt { get; set; }

    /// <summary>Time of the product's latest cash flow: a fill at or before it arrived out of time order.</summary>
    public DateTimeOffset? LastCashFlowAt { get; set; }

    /// <summary>A fill or cash flow arrived older than what the product holds: it is replayed before the flush.</summary>
    public bool NeedsReplay { get; set; }

    public bool Dirty { get; set; }

    /// <summary>Positions the batch closed, by row id, with their final figures; the open one is the book's.</summary>
    public Dictionary<long, Position> ClosedPositions { get; } = [];

    /// <summary>What the batch adds to each UTC day, keyed by the day itself: the text key is only made at flush.</summary>
    public Dictionary<DateOnly, DayTotals> Days { get; } = [];

    public Dictionary<string, decimal> UnconvertedFees { get; } = new(StringComparer.Ordinal);

    public void AddToDay(DateOnly day, DayTotals change)
    {
        ref var total = ref CollectionsMarshal.GetValueRefOrAddDefault(Days, day, out _);
        total = total.Plus(change);
    }
}
