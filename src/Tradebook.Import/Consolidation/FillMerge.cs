using Tradebook.Core.Domain;

namespace Tradebook.Import.Consolidation;

/// <summary>
/// Merges fills by key (the exchange's fill or order id, or the row's content hash). Values come from the
/// highest-ranked copy holding the key; fees from the highest-ranked copy that records fees at all, since
/// an older schema without a fee column says nothing about fees.
/// </summary>
internal sealed class FillMerge(IReadOnlyList<RankedSource> ranked, BotUnion bots)
{
    public HashSet<string>[] Keys { get; } = ranked.Select(_ => new HashSet<string>(StringComparer.Ordinal)).ToArray();

    /// <summary>How many copies hold each key.</summary>
    public Dictionary<string, int> Holders { get; } = new(StringComparer.Ordinal);

    /// <summary>Exact repeats within a copy that its reader had not already folded.</summary>
    public int[] DuplicatesFound { get; } = new int[ranked.Count];

    public void Run(ImportSet target, List<Conflict> conflicts)
    {
        var entries = new Dictionary<string, Entry>(StringComparer.Ordinal);
        var order = new List<Entry>();
        foreach (var source in ranked)
        {
            var index = source.Rank - 1;
            var hasFees = source.Source.HasFees;
            var within = new Dictionary<string, FillRecord>(StringComparer.Ordinal);
            foreach (var raw in source.Source.Set.Fills)
            {
                var fill = bots.IsResolvedPlaceholder(source, raw.Bot) ? raw with { Bot = bots.Resolve(source, raw.Bot) } : raw;
                if (within.TryGetValue(fill.Id, out var earlier))
                {
                    if (FillComparison.SameValues(earlier, fill))
                    {
                        DuplicatesFound[index]++;
                        target.Duplicates.Add($"{source.Name}: fill {fill.Id} appears more than once");
                    }
                    else
                    {
                        conflicts.Add(new Conflict(
                            "fill", fill.Id, source.Name, source.Name, FillComparison.Differences(earlier, fill),
                            "the key appears twice in one copy; the first row is kept"));
                    }

                    continue;
                }

                within.Add(fill.Id, fill);
                Keys[index].Add(fill.Id);
                Holders[fill.Id] = Holders.GetValueOrDefault(fill.Id) + 1;
                if (!entries.TryGetValue(fill.Id, out var entry))
                {
                    entry = new Entry(fill, source) { FeeFill = hasFees ? fill : null, FeeSource = hasFees ? source : null };
                    entries.Add(fill.Id, entry);
                    order.Add(entry);
                    continue;
                }

                Compare(entry, fill, source, hasFees, conflicts);
            }
        }

        foreach (var entry in order.OrderBy(e => e.Winner.Timestamp).ThenBy(e => e.Winner.Id, StringComparer.Ordinal))
        {
            var fill = entry.Winner;
            if (entry.FeeFill is { } fees && entry.FeeSource != entry.WinnerSource)
            {
                fill = fill with { Fee = fees.Fee, FeeCurrency = fees.FeeCurrency, FeeRate = fees.FeeRate };
            }

            target.Fills.Add(fill);
        }
    }

    private static void Compare(Entry entry, FillRecord fill, RankedSource source, bool hasFees, List<Conflict> conflicts)
    {
        var differences = FillComparison.Differences(entry.Winner, fill, compareFees: false).ToList();
        var feeDifferences = new List<FieldDifference>();
        if (hasFees)
        {
            if (entry.FeeFill is null)
            {
                entry.FeeFill = fill;
                entry.FeeSource = source;
            }
            else
            {
                feeDifferences.AddRange(FillComparison.Differences(entry.FeeFill, fill).Where(d => d.Field.StartsWith("fee", StringComparison.Ordinal)));
            }
        }

        var winner = entry.WinnerSource;
        if (feeDifferences.Count > 0 && entry.FeeSource == winner)
        {
            differences.AddRange(feeDifferences);
            feeDifferences.Clear();
        }

        if (differences.Count > 0)
        {
            conflicts.Add(new Conflict("fill", fill.Id, winner.Name, source.Name, differences, $"{winner.Name} ranks above {source.Name}: {winner.Reason}"));
        }

        if (feeDifferences.Count > 0 && entry.FeeSource is { } feeSource)
        {
            conflicts.Add(new Conflict(
                "fill", fill.Id, feeSource.Name, source.Name, feeDifferences,
                $"{feeSource.Name} is the highest-ranked copy recording fees: {feeSource.Reason}"));
        }
    }

    private sealed class Entry(FillRecord winner, RankedSource winnerSource)
    {
        public FillRecord Winner { get; } = winner;

        public RankedSource WinnerSource { get; } = winnerSource;

        public FillRecord? FeeFill { get; set; }

        public RankedSource? FeeSource { get; set; }
    }
}
