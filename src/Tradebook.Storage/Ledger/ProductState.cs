using Tradebook.Core.Accounting;

namespace Tradebook.Storage.Ledger;

/// <summary>A bot's running state on one instrument while a batch is written; flushed once at its end.</summary>
internal sealed class ProductState(long botId, long instrumentId, string baseCurrency, string quoteCurrency, ProductBook book)
{
    public long BotId { get; } = botId;

    public long InstrumentId { get; } = instrumentId;

    public string Base { get; } = baseCurrency;

    public string Quote { get; } = quoteCurrency;

    public ProductBook Book { get; set; } = book;

    public PositionState? Open { get; set; }

    public int Fills { get; set; }

    public DateTimeOffset? LastFillAt { get; set; }

    /// <summary>Time of the product's latest cash flow: a fill at or before it arrived out of time order.</summary>
    public DateTimeOffset? LastCashFlowAt { get; set; }

    /// <summary>A fill or cash flow arrived older than what the product holds: it is replayed before the flush.</summary>
    public bool NeedsReplay { get; set; }

    public bool Dirty { get; set; }

    /// <summary>Positions touched in this batch, to be written at flush (the open one and any closed).</summary>
    public Dictionary<long, PositionState> TouchedPositions { get; } = [];

    /// <summary>What the batch adds to each UTC day, keyed by the day itself: the text key is only made at flush.</summary>
    public Dictionary<DateOnly, DailyDelta> Days { get; } = [];

    public Dictionary<string, decimal> UnconvertedFees { get; } = new(StringComparer.Ordinal);

    public DailyDelta Day(DateTimeOffset at)
    {
        var key = DateOnly.FromDateTime(at.UtcDateTime);
        if (!Days.TryGetValue(key, out var day))
        {
            day = new DailyDelta();
            Days[key] = day;
        }

        return day;
    }
}

/// <summary>One round trip as it is being written.</summary>
internal sealed class PositionState(long id, bool isLong, DateTimeOffset openedAt)
{
    public long Id { get; } = id;

    public bool IsLong { get; } = isLong;

    public DateTimeOffset OpenedAt { get; } = openedAt;

    public DateTimeOffset? ClosedAt { get; set; }

    public decimal MaxQuantity { get; set; }

    public decimal RealizedPnl { get; set; }

    public decimal Fees { get; set; }

    public decimal CashFlowPnl { get; set; }
}

/// <summary>What a batch adds to one day of one product.</summary>
internal sealed class DailyDelta
{
    public decimal RealizedPnl { get; set; }

    public decimal Fees { get; set; }

    public int Fills { get; set; }

    public int Trades { get; set; }

    public int Wins { get; set; }
}
