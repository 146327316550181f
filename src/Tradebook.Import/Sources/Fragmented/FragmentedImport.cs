namespace Tradebook.Import.Sources.Fragmented;

/// <summary>A position the app cached next to the net quantity its trades add up to.</summary>
public sealed record PositionMismatch(string Symbol, decimal PositionQuantity, decimal TradesNetQuantity);

/// <summary>A dividend whose cash flow is missing from the ledger.</summary>
public sealed record OrphanDividend(string Id, string? CashFlowId, string Symbol);

/// <summary>A portfolio folder read: the import set and what was found across its files.</summary>
/// <param name="TableRowCounts">Rows per table per SQLite file (paths relative to the folder), the WAL applied.</param>
/// <param name="NetQuantityBySymbol">Buys minus sells per source symbol.</param>
/// <param name="OrphanHistoryFiles">Price history files whose security is not configured; their bars are not imported.</param>
/// <param name="SecuritiesWithoutHistory">Configured securities that have no price history file.</param>
public sealed record FragmentedImport(
    ImportSet Set,
    int SqliteFiles,
    IReadOnlyList<string> DatabasesWithoutTables,
    IReadOnlyDictionary<string, IReadOnlyDictionary<string, long>> TableRowCounts,
    IReadOnlyList<string> WalFiles,
    int Trades,
    DateTimeOffset? LatestTradeAt,
    IReadOnlyDictionary<string, decimal> NetQuantityBySymbol,
    IReadOnlyList<PositionMismatch> PositionMismatches,
    int Positions,
    IReadOnlyDictionary<string, int> CashFlowTypes,
    int Dividends,
    IReadOnlyList<OrphanDividend> OrphanDividends,
    int Securities,
    int ActiveSecurities,
    IReadOnlyDictionary<string, int> SecuritiesByCurrency,
    IReadOnlyList<string> ExchangeRatePairs,
    int HistoryFiles,
    long DailyPriceRows,
    IReadOnlyList<string> EmptyHistoryFiles,
    IReadOnlyList<string> OrphanHistoryFiles,
    IReadOnlyList<string> SecuritiesWithoutHistory);
