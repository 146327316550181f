namespace Tradebook.Import.Consolidation;

/// <summary>Everything consolidation decided, so that nothing is resolved silently.</summary>
public sealed record ConsolidationReport(
    IReadOnlyList<SourceSummary> Sources,
    IReadOnlyList<Conflict> Conflicts,
    IReadOnlyList<BotConflict> BotConflicts,
    IReadOnlyList<UnresolvedBot> UnresolvedBots,
    IReadOnlyList<SourceOverlap> Overlaps,
    ConsolidationTotals Totals)
{
    /// <summary>The distinct keys of rows on which copies disagree, sorted.</summary>
    public IReadOnlyList<string> ConflictingKeys =>
        Conflicts.Select(c => c.Key).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();

    public SourceSummary Source(string name) =>
        Sources.FirstOrDefault(s => s.Name == name) ?? throw new KeyNotFoundException($"No source named {name} was consolidated.");

    public int Shared(string a, string b) =>
        Overlaps.FirstOrDefault(o => (o.A == a && o.B == b) || (o.A == b && o.B == a))?.SharedKeys
        ?? throw new KeyNotFoundException($"No overlap of {a} and {b}.");
}

/// <summary>What one copy contributed.</summary>
/// <param name="Rank">1 = its values win conflicts.</param>
/// <param name="RankReason">Why it ranks there: preferred by name, or its latest data and file time.</param>
/// <param name="RowsRead">Trade rows the reader saw: imported, duplicates and rejected.</param>
/// <param name="DuplicatesWithin">Rows repeating another row of the same copy with the same values.</param>
/// <param name="SharedWithOthers">Distinct keys also present in at least one other copy.</param>
/// <param name="OnlyHere">Distinct keys present in no other copy.</param>
/// <param name="Conflicts">Keys whose values here differ from the winning copy's (or, for the winner, from another copy's).</param>
/// <param name="OrphanRows">Rows referencing a bot missing from this copy's own bots table.</param>
/// <param name="OrphanRowsResolved">Of those, rows whose bot another copy's bots table defines.</param>
public sealed record SourceSummary(
    string Name,
    int Rank,
    string RankReason,
    DateTimeOffset? LatestData,
    DateTimeOffset? FileWrittenAt,
    int RowsRead,
    int DuplicatesWithin,
    int DistinctKeys,
    int SharedWithOthers,
    int OnlyHere,
    int Conflicts,
    int Rejected,
    int OrphanRows,
    int OrphanRowsResolved,
    DateTimeOffset? EarliestTrade,
    DateTimeOffset? LatestTrade);

/// <summary>One key held by two copies with different values, the winner and why it won.</summary>
public sealed record Conflict(
    string Kind,
    string Key,
    string Winner,
    string Other,
    IReadOnlyList<FieldDifference> Differences,
    string Reason);

/// <summary>A bot defined differently by two copies.</summary>
public sealed record BotConflict(string Bot, string Winner, string Other, IReadOnlyList<FieldDifference> Differences, string Reason);

/// <summary>A bot reference no copy's bots table defines; its rows stay under a placeholder bot.</summary>
public sealed record UnresolvedBot(string Source, string Reference, string Placeholder, int Rows);

/// <summary>Distinct keys two copies have in common.</summary>
public sealed record SourceOverlap(string A, string B, int SharedKeys);

public sealed record ConsolidationTotals(
    int Sources,
    int RowsRead,
    int DistinctTrades,
    int DuplicatesWithin,
    int ConflictingKeys,
    int Bots,
    int OrphanRowsResolved,
    int UnresolvedRows,
    DateTimeOffset? EarliestTrade,
    DateTimeOffset? LatestTrade);

/// <summary>The consolidated set and the account of how it was made.</summary>
public sealed record ConsolidationResult(ImportSet Set, ConsolidationReport Report);
