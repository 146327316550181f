using Tradebook.Core.Domain;

namespace Tradebook.Import.Consolidation;

/// <summary>
/// Merges diverged copies of one database (a split brain) into one <see cref="ImportSet"/>. Rows are
/// matched by natural key; a key holding other values in another copy is a conflict, resolved by
/// precedence (a preferred copy, else the most recently written) and always reported.
/// </summary>
public static class Consolidator
{
    public static ConsolidationResult Consolidate(IReadOnlyList<ImportSet> sets, ConsolidationOptions? options = null) =>
        Consolidate(sets.Select(ConsolidationSource.Of).ToList(), options);

    public static ConsolidationResult Consolidate(IReadOnlyList<ConsolidationSource> sources, ConsolidationOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(sources);
        if (sources.Count == 0)
        {
            throw new ArgumentException("Nothing to consolidate: no sources given.", nameof(sources));
        }

        var repeated = sources.GroupBy(s => s.Name).FirstOrDefault(g => g.Count() > 1);
        if (repeated is not null)
        {
            throw new ArgumentException($"Two sources are both named \"{repeated.Key}\"; name each copy differently.", nameof(sources));
        }

        var ranked = SourceRanking.Rank(sources, options?.Prefer);
        var target = new ImportSet(new SourceInfo(
            string.Join(" + ", ranked.Select(r => r.Name)),
            string.Join("+", ranked.Select(r => r.Source.Set.Source.Format).Distinct()),
            "consolidated",
            ranked.Any(r => r.Source.Set.Source.ReadWal)));
        var warnings = new List<string>();
        var bots = new BotUnion(ranked, warnings);
        target.Bots.AddRange(bots.Bots);

        var conflicts = new List<Conflict>();
        var fills = new FillMerge(ranked, bots);
        fills.Run(target, conflicts);
        MergeOtherRecords(ranked, bots, target, conflicts);
        CarryOver(ranked, bots, target);

        target.Warnings.AddRange(warnings);
        foreach (var conflict in conflicts)
        {
            target.Warnings.Add($"Conflict on {ConflictText.Heading(conflict)}: {ConflictText.Changes(conflict)}.");
        }

        foreach (var bot in bots.Conflicts)
        {
            target.Warnings.Add(
                $"Bot \"{bot.Bot}\" differs: {bot.Winner} wins over {bot.Other} ({string.Join(", ", bot.Differences.Select(d => d.Field))}).");
        }

        foreach (var unresolved in bots.Unresolved)
        {
            target.Warnings.Add(
                $"{unresolved.Rows} trades of {unresolved.Source} reference bot {unresolved.Reference}, which no copy defines; kept under \"{unresolved.Placeholder}\".");
        }

        return new ConsolidationResult(target, Report(ranked, fills, conflicts, bots, target));
    }

    private static ConsolidationReport Report(
        List<RankedSource> ranked, FillMerge fills, List<Conflict> conflicts, BotUnion bots, ImportSet target)
    {
        var crossConflicts = conflicts.Where(c => c.Winner != c.Other).ToList();
        var summaries = new List<SourceSummary>(ranked.Count);
        foreach (var source in ranked)
        {
            var set = source.Source.Set;
            var keys = fills.Keys[source.Rank - 1];
            var shared = keys.Count(k => fills.Holders[k] > 1);
            var resolved = set.Fills.Count(f => bots.IsResolvedPlaceholder(source, f.Bot));
            summaries.Add(new SourceSummary(
                source.Name,
                source.Rank,
                source.Reason,
                source.LatestData,
                source.FileWrittenAt,
                set.Fills.Count + set.Duplicates.Count + set.Rejections.Count,
                set.Duplicates.Count + fills.DuplicatesFound[source.Rank - 1],
                keys.Count,
                shared,
                keys.Count - shared,
                crossConflicts.Where(c => c.Winner == source.Name || c.Other == source.Name).Select(c => c.Key).Distinct().Count(),
                set.Rejections.Count,
                source.Source.OrphanRows,
                resolved,
                set.Fills.Count == 0 ? null : set.Fills.Min(f => f.Timestamp),
                set.Fills.Count == 0 ? null : set.Fills.Max(f => f.Timestamp)));
        }

        var overlaps = new List<SourceOverlap>();
        for (var a = 0; a < ranked.Count; a++)
        {
            for (var b = a + 1; b < ranked.Count; b++)
            {
                var other = fills.Keys[b];
                overlaps.Add(new SourceOverlap(ranked[a].Name, ranked[b].Name, fills.Keys[a].Count(other.Contains)));
            }
        }

        var totals = new ConsolidationTotals(
            ranked.Count,
            summaries.Sum(s => s.RowsRead),
            target.Fills.Count,
            summaries.Sum(s => s.DuplicatesWithin),
            conflicts.Select(c => c.Key).Distinct().Count(),
            target.Bots.Count,
            summaries.Sum(s => s.OrphanRowsResolved),
            bots.Unresolved.Sum(u => u.Rows),
            target.Fills.Count == 0 ? null : target.Fills.Min(f => f.Timestamp),
            target.Fills.Count == 0 ? null : target.Fills.Max(f => f.Timestamp));
        return new ConsolidationReport(summaries, conflicts, bots.Conflicts, bots.Unresolved, overlaps, totals);
    }

    private static void MergeOtherRecords(List<RankedSource> ranked, BotUnion bots, ImportSet target, List<Conflict> conflicts)
    {
        KeyedMerge.Merge(ranked, "order", s => s.Orders, o => $"{o.Bot}|{o.Id}", (s, o) => o with { Bot = bots.Resolve(s, o.Bot) }, target, target.Orders, conflicts);
        KeyedMerge.Merge(ranked, "cash flow", s => s.CashFlows, c => $"{c.Bot}|{c.Id}", (s, c) => c with { Bot = bots.Resolve(s, c.Bot) }, target, target.CashFlows, conflicts);
        KeyedMerge.Merge(ranked, "decision", s => s.Decisions, d => $"{d.Bot}|{d.Id}", (s, d) => d with { Bot = bots.Resolve(s, d.Bot) }, target, target.Decisions, conflicts);
        KeyedMerge.Merge(ranked, "signal", s => s.Signals, g => $"{g.Bot}|{g.Id}", (s, g) => g with { Bot = bots.Resolve(s, g.Bot) }, target, target.Signals, conflicts);
        KeyedMerge.Merge(ranked, "snapshot", s => s.Snapshots, p => $"{p.Bot}|{p.Timestamp.UtcTicks}", (s, p) => p with { Bot = bots.Resolve(s, p.Bot) }, target, target.Snapshots, conflicts);
        KeyedMerge.Merge(ranked, "price bar", s => s.PriceBars, b => $"{b.Symbol}|{b.Interval}|{b.Timestamp.UtcTicks}", (_, b) => b, target, target.PriceBars, conflicts);
        KeyedMerge.Merge(ranked, "fx rate", s => s.FxRates, r => $"{r.Base}|{r.Quote}|{r.Timestamp.UtcTicks}", (_, r) => r, target, target.FxRates, conflicts);
        KeyedMerge.Merge(ranked, "setting", s => s.Settings, t => $"{t.Scope}|{t.Key}", (s, t) => t with { Scope = bots.Resolve(s, t.Scope) }, target, target.Settings, conflicts);
        KeyedMerge.Merge(
            ranked, "reported trade", s => s.ReportedTrades, t => $"{t.Bot}|{t.Symbol}|{t.OpenedAt.UtcTicks}",
            (s, t) => t with { Bot = bots.Resolve(s, t.Bot) }, target, target.ReportedTrades, conflicts);
    }

    /// <summary>What each copy's reader noted stays visible, prefixed with the copy it came from.</summary>
    private static void CarryOver(List<RankedSource> ranked, BotUnion bots, ImportSet target)
    {
        foreach (var source in ranked)
        {
            var set = source.Source.Set;
            target.Rejections.AddRange(set.Rejections.Select(r => new Rejection($"{source.Name}: {r.SourceRef}", r.Reason)));
            target.Duplicates.AddRange(set.Duplicates.Select(d => $"{source.Name}: {d}"));
            target.TestRows.AddRange(set.TestRows.Select(t => $"{source.Name}: {t}"));
            target.Warnings.AddRange(set.Warnings.Select(w => $"{source.Name}: {w}"));
            target.Problems.AddRange(set.Problems.Select(p => p with { Bot = bots.Resolve(source, p.Bot) }));
            foreach (var missing in set.MissingTables)
            {
                target.MissingTables.Add(missing with { Table = $"{source.Name}: {missing.Table}" });
            }
        }
    }
}
