namespace Tradebook.Import.Sources.Arena;

/// <summary>An arena order as stored in the state: an entry or an exit of a long or short position.</summary>
internal sealed record ArenaOrder(
    string Id,
    string Symbol,
    bool IsLong,
    bool IsEntry,
    decimal Price,
    decimal Size,
    decimal? Leverage,
    DateTimeOffset Timestamp,
    decimal? Pnl,
    decimal? Fee,
    string? Note,
    bool IsoTimestamp,
    int Index)
{
    public string Direction => IsLong ? "LONG" : "SHORT";
}

/// <summary>An exit matched with the entries it closed.</summary>
internal sealed record ArenaPair(ArenaOrder Exit, IReadOnlyList<(ArenaOrder Entry, decimal Quantity)> Entries, decimal UnmatchedQuantity, decimal ComputedPnl);

/// <summary>An entry still open after pairing.</summary>
internal sealed record ArenaOpenEntry(ArenaOrder Entry, decimal Remaining);
