namespace Tradebook.Import.Sources.Arena;

/// <summary>
/// One arena bot: what its orders add up to when exits are paired first-in-first-out, next to the
/// aggregates the arena stored for it. Drift means the stored figures cannot be trusted.
/// </summary>
/// <param name="SourceId">The bot's id in the arena state.</param>
/// <param name="Bot">The Tradebook bot name it was imported as.</param>
/// <param name="ClosedPositions">Exits paired with an entry.</param>
/// <param name="OpenPositions">Entries with quantity still open after pairing.</param>
/// <param name="SumExitPnl">Sum of the pnl the arena wrote on each exit order.</param>
/// <param name="ComputedRealizedPnl">Realized P&amp;L recomputed from entry and exit prices less exit fees.</param>
/// <param name="RealizedPnlDrift">Stored realizedPnl minus <paramref name="SumExitPnl"/>.</param>
/// <param name="Wins">Exits with a positive pnl.</param>
/// <param name="Decisions">Entries in all decision lists of the bot's logs.</param>
/// <param name="IsoTimestampOrders">Orders whose timestamp was an ISO-8601 string rather than epoch milliseconds.</param>
public sealed record ArenaBotCheck(
    string SourceId,
    string Bot,
    int Orders,
    int Entries,
    int Exits,
    int ClosedPositions,
    int OpenPositions,
    int PortfolioPositions,
    bool OpenPositionsMatchPortfolio,
    decimal? StoredRealizedPnl,
    decimal SumExitPnl,
    decimal ComputedRealizedPnl,
    decimal FeesOnExits,
    int? StoredTradeCount,
    decimal? StoredWinRate,
    int Wins,
    decimal RealizedPnlDrift,
    bool DriftFlag,
    bool TradeCountConsistent,
    bool WinRateConsistent,
    int BotLogs,
    int Decisions,
    int EmptyDecisionLogs,
    int Snapshots,
    int ValueHistoryPoints,
    int IsoTimestampOrders,
    bool InBotsTable);

/// <summary>An arena source read: the import set, the per-bot checks and what the database held besides.</summary>
/// <param name="StateTable">Table and column the JSON state was found in.</param>
/// <param name="StateRows">Rows of that table holding an arena state (the newest is used).</param>
/// <param name="EmptyTables">Tables without rows.</param>
/// <param name="SecretsWithheld">Credential values found and not carried over in plaintext.</param>
/// <param name="OrphanStateBots">Bots in the state that the bots table does not know.</param>
/// <param name="BotsWithoutState">Rows of the bots table with no bot in the state.</param>
public sealed record ArenaImport(
    ImportSet Set,
    IReadOnlyList<ArenaBotCheck> Bots,
    string StateTable,
    int StateRows,
    long StateJsonBytes,
    IReadOnlyList<string> EmptyTables,
    int SecretsWithheld,
    IReadOnlyList<string> OrphanStateBots,
    IReadOnlyList<string> BotsWithoutState,
    int MarketSymbols);
